package org.gkm.gcks.server;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.rekey.Privilege;

/**
 * The rights a GKMP permission certificate names (RFC 2093 sec. 3.15 member permissions) that grant
 * a member the engine's privileges (claim 15): {@code add-member}, {@code remove-member},
 * {@code change-tek}. Other rights (the group's compartments) grant no privilege.
 */
public final class MemberRights {
    /** Right name to privilege, by name. */
    public static final Map<String, Privilege> RIGHTS = java.util.Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "add-member", Privilege.ADD_MEMBER,
            "remove-member", Privilege.REMOVE_MEMBER,
            "change-tek", Privilege.CHANGE_TEK)));

    private MemberRights() {
    }

    /** The privileges {@code p}'s rights grant. */
    public static Set<Privilege> grants(Permissions p) {
        Set<Privilege> out = EnumSet.noneOf(Privilege.class);
        for (String right : p.rights()) {
            Privilege v = RIGHTS.get(right);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }
}
