package org.gkm.gkmp.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.KeyId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.pki.Certificates;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.PermissionCertificate;
import org.gkm.gkmp.pki.Signatures;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The plaintexts carried inside sealed messages, each with a strict codec. A decryption that
 * authenticates but whose plaintext does not decode is treated as malformed. Signed plaintexts
 * expose {@code tbs(aad)}: the signature covers the frame prefix (header and clear fields) and
 * the plaintext before the signature.
 */
public final class Inner {
    public static final int KEY_LENGTH = 32;
    public static final int MAX_TREE_PATH = 32 * 1024;
    public static final int MAX_DELETE_LIST = 512;

    private Inner() {}

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Negotiate_Grp_Keys_1 / Negotiate_Session_Keys_1 content (sec. 4.4, 4.8): group token, controller permissions, CRL version. */
    public record GroupTerms(GroupToken token, PermissionCertificate controllerPermissions, long crlVersion) {
        public byte[] encode() {
            WireWriter w = WireWriter.growable();
            token.write(w);
            controllerPermissions.write(w);
            w.i64(crlVersion);
            return w.toByteArray();
        }

        public static GroupTerms decode(byte[] b) throws MalformedMessageException {
            WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
            GroupTerms t = new GroupTerms(GroupToken.read(r), PermissionCertificate.read(r), r.nonNegativeLong("CRL version"));
            r.finish("group terms");
            return t;
        }
    }

    /** Negotiate_Grp_Keys_2 / Negotiate_Session_Keys_2 content (sec. 4.5, 4.9): member permissions, CRL version. */
    public record MemberTerms(PermissionCertificate memberPermissions, long crlVersion) {
        public byte[] encode() {
            WireWriter w = WireWriter.growable();
            memberPermissions.write(w);
            w.i64(crlVersion);
            return w.toByteArray();
        }

        public static MemberTerms decode(byte[] b) throws MalformedMessageException {
            WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
            MemberTerms t = new MemberTerms(PermissionCertificate.read(r), r.nonNegativeLong("CRL version"));
            r.finish("member terms");
            return t;
        }
    }

    /**
     * Encrypted Grp Keys (sec. 3.16): GTEK ID, GKEK ID, GTEK, GKEK, an optional key-tree path for the
     * rekey engine, and the checksum (HMAC-SHA256 under a key derived from the SKEK, over everything
     * before it).
     */
    public record KeyPacket(KeyId gtekId, KeyId gkekId, byte[] gtek, byte[] gkek, byte[] treePath, byte[] checksum) {
        public KeyPacket {
            Objects.requireNonNull(gtekId, "gtekId");
            Objects.requireNonNull(gkekId, "gkekId");
        }

        /** The bytes the checksum covers. */
        public byte[] checksummed() {
            WireWriter w = WireWriter.growable();
            w.i64(gtekId.value()).i64(gkekId.value()).fixed(gtek, KEY_LENGTH).fixed(gkek, KEY_LENGTH);
            w.bytes16(treePath, MAX_TREE_PATH);
            return w.toByteArray();
        }

        public byte[] encode() {
            return concat(checksummed(), checksum);
        }

        public static KeyPacket decode(byte[] b) throws MalformedMessageException {
            WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
            KeyPacket k = new KeyPacket(new KeyId(r.nonNegativeLong("GTEK ID")), new KeyId(r.nonNegativeLong("GKEK ID")),
                    r.fixed(KEY_LENGTH, "GTEK"), r.fixed(KEY_LENGTH, "GKEK"), r.bytes16(0, MAX_TREE_PATH, "tree path"),
                    r.fixed(32, "checksum"));
            r.finish("key packet");
            return k;
        }

        @Override
        public String toString() {
            return "KeyPacket[" + gtekId + ", " + gkekId + "]";
        }
    }

    /** Confirmation of decryption (sec. 3.17): the type of the message decrypted and the GTEK ID it carried. */
    public record Confirmation(int decryptedType, KeyId gtekId) {
        public byte[] encode() {
            return WireWriter.growable().u8(decryptedType).i64(gtekId.value()).toByteArray();
        }

        public static Confirmation decode(byte[] b) throws MalformedMessageException {
            WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
            Confirmation c = new Confirmation(r.u8("confirmation"), new KeyId(r.nonNegativeLong("GTEK ID")));
            r.finish("confirmation");
            return c;
        }
    }

    /** Rekey_Multicast content (sec. 4.12, 6.2.2): token, controller permissions, controller certificate, new GTEK and GKEK, controller signature. */
    public record SignedRekey(GroupToken token, PermissionCertificate controllerPermissions, byte[] controllerCert,
            byte[] gtek, byte[] gkek, byte[] signature) {
        void writeUnsigned(WireWriter w) {
            token.write(w);
            controllerPermissions.write(w);
            w.bytes16(controllerCert, Certificates.MAX_DER).fixed(gtek, KEY_LENGTH).fixed(gkek, KEY_LENGTH);
        }

        public byte[] tbs(byte[] aad) {
            WireWriter w = WireWriter.growable();
            writeUnsigned(w);
            return concat(aad, w.toByteArray());
        }

        public byte[] encode() {
            WireWriter w = WireWriter.growable();
            writeUnsigned(w);
            w.bytes16(signature, Signatures.MAX_LENGTH);
            return w.toByteArray();
        }

        public static SignedRekey decode(byte[] b) throws MalformedMessageException {
            WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
            SignedRekey s = new SignedRekey(GroupToken.read(r), PermissionCertificate.read(r),
                    r.bytes16(1, Certificates.MAX_DER, "controller certificate"), r.fixed(KEY_LENGTH, "GTEK"),
                    r.fixed(KEY_LENGTH, "GKEK"), r.bytes16(1, Signatures.MAX_LENGTH, "signature"));
            r.finish("rekey");
            return s;
        }

        @Override
        public String toString() {
            return "SignedRekey[" + token.groupId() + ", v" + token.version() + "]";
        }
    }

    /**
     * Delete_Group_Keys content (sec. 4.14, 4.16): request, member delete list, the alternative group
     * of a global delete (state 13) or none, a nonce and the controller's clock when it sent the
     * delete (freshness: a copy is refused by the nonce while remembered and by the time once
     * forgotten), controller certificate, controller signature.
     */
    public record SignedDelete(Request request, List<EntityId> deleteList, GkmpGroupId alternativeGroup, byte[] nonce,
            long sentAtMillis, byte[] controllerCert, byte[] signature) {
        public SignedDelete {
            if (sentAtMillis < 0) {
                throw new IllegalArgumentException("sent-at time must be non-negative");
            }
            deleteList = List.copyOf(deleteList);
            if (deleteList.size() > MAX_DELETE_LIST) {
                throw new IllegalArgumentException("delete list too long");
            }
        }

        void writeUnsigned(WireWriter w) {
            w.u8(request.code()).u16(deleteList.size());
            for (EntityId id : deleteList) {
                id.write(w);
            }
            if (alternativeGroup == null) {
                w.u8(0);
            } else {
                w.u8(1).i64(alternativeGroup.value());
            }
            w.fixed(nonce, Messages.NONCE_LENGTH).i64(sentAtMillis).bytes16(controllerCert, Certificates.MAX_DER);
        }

        public byte[] tbs(byte[] aad) {
            WireWriter w = WireWriter.growable();
            writeUnsigned(w);
            return concat(aad, w.toByteArray());
        }

        public byte[] encode() {
            WireWriter w = WireWriter.growable();
            writeUnsigned(w);
            w.bytes16(signature, Signatures.MAX_LENGTH);
            return w.toByteArray();
        }

        public static SignedDelete decode(byte[] b) throws MalformedMessageException {
            WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
            Request req = Request.fromCode(r.u8("request"));
            int n = r.count16(MAX_DELETE_LIST, 2, "delete list");
            List<EntityId> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(EntityId.read(r, "deleted member"));
            }
            int flag = r.u8("alternative flag");
            GkmpGroupId alt;
            if (flag == 0) {
                alt = null;
            } else if (flag == 1) {
                alt = new GkmpGroupId(r.nonNegativeLong("alternative group"));
            } else {
                throw new MalformedMessageException("bad alternative flag");
            }
            SignedDelete d = new SignedDelete(req, ids, alt, r.fixed(Messages.NONCE_LENGTH, "nonce"), r.nonNegativeLong("sent at"),
                    r.bytes16(1, Certificates.MAX_DER, "controller certificate"), r.bytes16(1, Signatures.MAX_LENGTH, "signature"));
            r.finish("delete");
            return d;
        }
    }

    /** Grp_Keys_Deleted_Ack content (sec. 4.15, 4.17): member id, hash of the delete answered, member certificate, member signature. */
    public record SignedDeleteAck(EntityId member, byte[] inReplyTo, byte[] memberCert, byte[] signature) {
        void writeUnsigned(WireWriter w) {
            member.write(w);
            w.fixed(inReplyTo, Messages.HASH_LENGTH).bytes16(memberCert, Certificates.MAX_DER);
        }

        public byte[] tbs(byte[] aad) {
            WireWriter w = WireWriter.growable();
            writeUnsigned(w);
            return concat(aad, w.toByteArray());
        }

        public byte[] encode() {
            WireWriter w = WireWriter.growable();
            writeUnsigned(w);
            w.bytes16(signature, Signatures.MAX_LENGTH);
            return w.toByteArray();
        }

        public static SignedDeleteAck decode(byte[] b) throws MalformedMessageException {
            WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
            SignedDeleteAck a = new SignedDeleteAck(EntityId.read(r, "member"), r.fixed(Messages.HASH_LENGTH, "in-reply-to"),
                    r.bytes16(1, Certificates.MAX_DER, "member certificate"), r.bytes16(1, Signatures.MAX_LENGTH, "signature"));
            r.finish("delete ack");
            return a;
        }
    }
}
