package org.gkm.gcks.server.admin;

import java.util.EnumSet;
import java.util.List;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.Privilege;

/**
 * A group's {@link GroupPolicy} in JSON (enum names), as a member needs it to follow the group's
 * rekeys: every field, so the member's copy equals the GCKS's.
 */
public record PolicyJson(int degree, String treeMode, String rootKeyType, String tekChange, String signatureAlgorithm,
        List<String> memberPrivileges, long keyLifetimeSeconds, long tekLifetimeSeconds) {

    public static PolicyJson of(GroupPolicy p) {
        return new PolicyJson(p.degree(), p.treeMode().name(), p.rootKeyType().name(), p.tekChange().name(),
                p.signatureAlgorithm().name(), p.memberPrivileges().stream().map(Enum::name).sorted().toList(),
                p.keyLifetimeSeconds(), p.tekLifetimeSeconds());
    }

    /**
     * The policy.
     *
     * @throws IllegalArgumentException a field names no known value
     */
    public GroupPolicy toPolicy() {
        EnumSet<Privilege> privs = EnumSet.noneOf(Privilege.class);
        for (String s : memberPrivileges == null ? List.<String>of() : memberPrivileges) {
            privs.add(Privilege.valueOf(s));
        }
        return new GroupPolicy(degree, GroupPolicy.TreeMode.valueOf(treeMode), KeyType.valueOf(rootKeyType),
                GroupPolicy.TekChangeMode.valueOf(tekChange), SignatureAlgorithm.valueOf(signatureAlgorithm), privs,
                keyLifetimeSeconds, tekLifetimeSeconds);
    }
}
