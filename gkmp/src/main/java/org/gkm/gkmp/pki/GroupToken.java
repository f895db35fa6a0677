package org.gkm.gkmp.pki;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.VerificationException;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The group token (RFC 2093 sec. 3.2), created and signed by the group commander: group id, GC id,
 * group action, group permissions, rekey interval, token version, the commander's certificate (its
 * public key signed by the security manager) and the token signature. gkm also puts the group
 * member list (sec. 3.1; sec. 6.1.2 says the commander signs the member identities) and the join
 * parameters of sec. 6.3 (policy, membership limit) under the signature.
 */
public record GroupToken(GkmpGroupId groupId, EntityId controllerId, GroupAction action, Permissions groupPermissions,
        long rekeyIntervalSeconds, long version, List<EntityId> members, JoinPolicy joinPolicy, int maxMembers,
        byte[] commanderCertificate, byte[] signature) {
    static final String PURPOSE = "group-token";
    public static final int MAX_MEMBERS = 512;
    public static final int MAX_ENCODED = 64 + 1 + EntityId.MAX_LENGTH + 2 + Permissions.MAX_RIGHTS * (1 + Permissions.MAX_RIGHT_LENGTH)
            + 2 + MAX_MEMBERS * (1 + EntityId.MAX_LENGTH) + 2 + Certificates.MAX_DER + 2 + Signatures.MAX_LENGTH;

    public GroupToken {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(controllerId, "controllerId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(groupPermissions, "groupPermissions");
        Objects.requireNonNull(joinPolicy, "joinPolicy");
        if (rekeyIntervalSeconds < 0 || rekeyIntervalSeconds > 0xFFFFFFFFL || version < 0 || maxMembers < 0 || maxMembers > 0xFFFF) {
            throw new IllegalArgumentException("token field out of range");
        }
        if (members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("too many members");
        }
        members = Collections.unmodifiableList(new ArrayList<>(new TreeSet<>(members)));
        commanderCertificate = commanderCertificate.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] commanderCertificate() {
        return commanderCertificate.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    byte[] tbs() {
        WireWriter w = WireWriter.growable();
        w.i64(groupId.value());
        controllerId.write(w);
        w.u8(action.code());
        groupPermissions.write(w);
        w.u32(rekeyIntervalSeconds).i64(version);
        w.u16(members.size());
        for (EntityId m : members) {
            m.write(w);
        }
        w.u8(joinPolicy.code()).u16(maxMembers);
        w.bytes16(commanderCertificate, Certificates.MAX_DER);
        return w.toByteArray();
    }

    /** The bytes the commander's signature covers (for replay detection on content, not signature bytes). */
    public byte[] signedContent() {
        return tbs();
    }

    public byte[] encode() {
        WireWriter w = WireWriter.growable();
        w.raw(tbs());
        w.bytes16(signature, Signatures.MAX_LENGTH);
        return w.toByteArray();
    }

    public void write(WireWriter w) {
        w.bytes16(encode(), MAX_ENCODED);
    }

    public static GroupToken read(WireReader<MalformedMessageException> outer) throws MalformedMessageException {
        return decode(outer.bytes16(1, MAX_ENCODED, "group token"));
    }

    public static GroupToken decode(byte[] b) throws MalformedMessageException {
        WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
        GkmpGroupId gid = new GkmpGroupId(r.nonNegativeLong("group id"));
        EntityId gc = EntityId.read(r, "controller id");
        GroupAction action = GroupAction.fromCode(r.u8("group action"));
        Permissions perms = Permissions.read(r);
        long interval = r.u32("rekey interval");
        long version = r.nonNegativeLong("token version");
        int n = r.count16(MAX_MEMBERS, 2, "members");
        List<EntityId> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            EntityId id = EntityId.read(r, "member id");
            if (!members.isEmpty() && id.compareTo(members.get(members.size() - 1)) <= 0) {
                throw new MalformedMessageException("members not strictly increasing");
            }
            members.add(id);
        }
        JoinPolicy jp = JoinPolicy.fromCode(r.u8("join policy"));
        int max = r.u16("max members");
        byte[] cert = r.bytes16(1, Certificates.MAX_DER, "commander certificate");
        byte[] sig = r.bytes16(1, Signatures.MAX_LENGTH, "token signature");
        r.finish("group token");
        return new GroupToken(gid, gc, action, perms, interval, version, members, jp, max, cert, sig);
    }

    /**
     * "The token field is validated" (states 1, 3, 6, 10): the commander's certificate is issued by
     * the security manager, the commander is not on {@code crl}, and the token signature verifies
     * under the commander's key.
     *
     * @return the commander's identity
     */
    public Identity verify(CryptoProvider p, TrustAnchor anchor, Crl crl, long nowMillis) throws VerificationException {
        Identity commander;
        try {
            commander = Certificates.verify(p, anchor, commanderCertificate, nowMillis);
        } catch (VerificationException e) {
            throw new VerificationException(Check.TOKEN_SIGNATURE, "commander certificate: " + e.getMessage());
        }
        if (crl != null && crl.isRevoked(commander.id())) {
            throw new VerificationException(Check.TOKEN_SIGNATURE, "group commander is on the CRL");
        }
        Signatures.verify(p, commander.key(), PURPOSE, tbs(), signature, Check.TOKEN_SIGNATURE);
        return commander;
    }

    public boolean listsMember(EntityId id) {
        return Collections.binarySearch(members, id) >= 0;
    }
}
