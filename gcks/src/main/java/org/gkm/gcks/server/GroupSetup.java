package org.gkm.gcks.server;

import java.util.Objects;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.GroupCommander;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.TrustAnchor;

/**
 * What the GCKS needs to host one GKMP group: the security manager's trust anchor and current CRL,
 * the controller's credentials (the GCKS's own), a group commander to sign the group token, and a
 * founder: GKMP creates a group with a first member (RFC 2093 sec. 6.1.1), which the GCKS runs
 * in-process so that real members all arrive through member-initiated join (sec. 6.3). The founder
 * holds GKMP's group keys only; it is never in the key tree.
 *
 * @param id the GKMP group id (also the group id on the GCKS's frames)
 * @param groupPermissions what a member's permission certificate must meet or exceed
 * @param maxMembers GKMP's membership limit (at most 65,535)
 */
public record GroupSetup(GkmpGroupId id, TrustAnchor anchor, Crl crl, Credentials controller, GroupCommander commander,
        Credentials founder, Permissions groupPermissions, int maxMembers) {
    public GroupSetup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(crl, "crl");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(commander, "commander");
        Objects.requireNonNull(founder, "founder");
        Objects.requireNonNull(groupPermissions, "groupPermissions");
        if (maxMembers < 1 || maxMembers > 0xFFFF) {
            throw new IllegalArgumentException("maxMembers must be 1..65535");
        }
    }
}
