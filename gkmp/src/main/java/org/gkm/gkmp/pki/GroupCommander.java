package org.gkm.gkmp.pki;

import java.util.List;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;

/**
 * The authority that commands groups (RFC 2093 sec. 1.1, 3.2, 6.1.1): signs group tokens with its
 * certified key. Its certificate travels inside each token so any member can check it against the
 * security manager.
 */
public final class GroupCommander {
    private final CryptoProvider provider;
    private final Credentials credentials;

    public GroupCommander(CryptoProvider provider, Credentials credentials) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    public EntityId id() {
        return credentials.id();
    }

    /** Signs a token with the given fields. */
    public GroupToken token(GkmpGroupId group, EntityId controller, GroupAction action, Permissions perms,
            long rekeyIntervalSeconds, long version, List<EntityId> members, JoinPolicy join, int maxMembers) {
        GroupToken unsigned = new GroupToken(group, controller, action, perms, rekeyIntervalSeconds, version, members,
                join, maxMembers, credentials.certificate(), new byte[0]);
        byte[] sig = Signatures.sign(provider, credentials.signingKey(), GroupToken.PURPOSE, unsigned.tbs());
        return new GroupToken(group, controller, action, perms, rekeyIntervalSeconds, version, members, join, maxMembers,
                credentials.certificate(), sig);
    }

    /** The same token with a new action and version (rekey, delete commands). */
    public GroupToken next(GroupToken t, GroupAction action, long version) {
        return token(t.groupId(), t.controllerId(), action, t.groupPermissions(), t.rekeyIntervalSeconds(), version,
                t.members(), t.joinPolicy(), t.maxMembers());
    }
}
