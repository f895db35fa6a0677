package org.gkm.gkmp.engine;

import java.util.Objects;
import org.gkm.crypto.SecretBytes;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.KeyId;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.Permissions;

/**
 * One row of the key table (RFC 2093 sec. 5.3, 5.8: "updated to reflect the new group keys, key
 * permissions, rekey interval, group ID and current time"): the group's current GTEK and GKEK with
 * their ids, the token they were created under (GC id, permissions, rekey interval, version), and
 * when they were installed. Immutable; a rekey installs a new row. Never printed with keys.
 */
public record GroupEntry(GkmpGroupId group, EntityId controller, GroupToken token, KeyId gtekId, SecretBytes gtek,
        KeyId gkekId, SecretBytes gkek, long installedAtMillis) {
    public GroupEntry {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(gtek, "gtek");
        Objects.requireNonNull(gkek, "gkek");
    }

    public Permissions permissions() {
        return token.groupPermissions();
    }

    public long rekeyIntervalSeconds() {
        return token.rekeyIntervalSeconds();
    }

    /** When the rekey interval (sec. 3.2, "life span of group key") expires. */
    public long expiresAtMillis() {
        return installedAtMillis + token.rekeyIntervalSeconds() * 1000L;
    }

    @Override
    public String toString() {
        return "GroupEntry[" + group + ", gc " + controller + ", " + gtekId + ", " + gkekId + ", token v" + token.version() + "]";
    }
}
