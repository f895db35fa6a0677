package org.gkm.gkmp.message;

import java.util.Objects;
import org.gkm.gkmp.KeyId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.pki.Certificates;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.Signatures;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The bodies of the messages of RFC 2093 sec. 4.1-4.17 (one record each, after the {@link Header}),
 * with their strict codecs. The last field of a body is its "tail": the source signature of a
 * signed message or the AES-GCM ciphertext of a sealed one; everything before it (header included)
 * is what the signature covers or the associated data of the encryption ({@link Codec#prefix}).
 * Byte-array fields are not copied: bodies are transient values between codec and state machine.
 */
public final class Messages {
    /** X25519 key share ("creation field", sec. 3.6, 3.7, 3.14). */
    public static final int SHARE_LENGTH = 32;
    /** Transcript hashes (in-reply-to binding). */
    public static final int HASH_LENGTH = 32;
    public static final int NONCE_LENGTH = 16;
    public static final int MAX_CIPHERTEXT = 48 * 1024;

    private Messages() {}

    /** A message body. */
    public sealed interface Body permits CommandCreateGroup, CreateGrpKeys1, CreateGrpKeys2, NegotiateGrpKeys1,
            NegotiateGrpKeys2, CreateSessionKek1, CreateSessionKek2, NegotiateSessionKeys1, NegotiateSessionKeys2,
            DownloadGrpKeys, KeyDownloadAck, RekeyMulticast, RequestGroupJoin, DeleteGroupKeys, GrpKeysDeletedAck,
            CrlRequest, CrlUpdate {
        MessageType type();

        /** Writes the body; without the tail when {@code withTail} is false. */
        void write(WireWriter w, boolean withTail);
    }

    static KeyId keyId(WireReader<MalformedMessageException> r, String what) throws MalformedMessageException {
        return new KeyId(r.nonNegativeLong(what));
    }

    static byte[] sig(WireReader<MalformedMessageException> r) throws MalformedMessageException {
        return r.bytes16(1, Signatures.MAX_LENGTH, "signature");
    }

    static byte[] ct(WireReader<MalformedMessageException> r) throws MalformedMessageException {
        return r.bytes32(16 + 12, MAX_CIPHERTEXT, "ciphertext");
    }

    static byte[] cert(WireReader<MalformedMessageException> r, String what) throws MalformedMessageException {
        return r.bytes16(1, Certificates.MAX_DER, what);
    }

    /** 4.1 Command_Create_Group: the commander's token (group members, Grp ID, GC ID, action, permissions, interval, version, signature, commander key). */
    public record CommandCreateGroup(GroupToken token) implements Body {
        public CommandCreateGroup {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public MessageType type() {
            return MessageType.COMMAND_CREATE_GROUP;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            token.write(w);
        }

        static CommandCreateGroup read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new CommandCreateGroup(GroupToken.read(r));
        }
    }

    /** 4.2 Create_Grp_Keys_1: request, GTEK ID, GKEK ID, both creation fields, token, controller certificate, controller signature. */
    public record CreateGrpKeys1(Request request, KeyId gtekId, KeyId gkekId, byte[] gtekShare, byte[] gkekShare,
            GroupToken token, byte[] controllerCert, byte[] signature) implements Body {
        @Override
        public MessageType type() {
            return MessageType.CREATE_GRP_KEYS_1;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.u8(request.code()).i64(gtekId.value()).i64(gkekId.value());
            w.fixed(gtekShare, SHARE_LENGTH).fixed(gkekShare, SHARE_LENGTH);
            token.write(w);
            w.bytes16(controllerCert, Certificates.MAX_DER);
            if (withTail) {
                w.bytes16(signature, Signatures.MAX_LENGTH);
            }
        }

        static CreateGrpKeys1 read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new CreateGrpKeys1(Request.fromCode(r.u8("request")), keyId(r, "GTEK ID"), keyId(r, "GKEK ID"),
                    r.fixed(SHARE_LENGTH, "GTEK creation field"), r.fixed(SHARE_LENGTH, "GKEK creation field"),
                    GroupToken.read(r), cert(r, "controller certificate"), sig(r));
        }
    }

    /** 4.3 Create_Grp_Keys_2: GTEK ID, GKEK ID, both creation fields, hash of the Create_Grp_Keys_1 answered, member certificate, member signature. */
    public record CreateGrpKeys2(KeyId gtekId, KeyId gkekId, byte[] gtekShare, byte[] gkekShare, byte[] inReplyTo,
            byte[] memberCert, byte[] signature) implements Body {
        @Override
        public MessageType type() {
            return MessageType.CREATE_GRP_KEYS_2;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(gtekId.value()).i64(gkekId.value());
            w.fixed(gtekShare, SHARE_LENGTH).fixed(gkekShare, SHARE_LENGTH).fixed(inReplyTo, HASH_LENGTH);
            w.bytes16(memberCert, Certificates.MAX_DER);
            if (withTail) {
                w.bytes16(signature, Signatures.MAX_LENGTH);
            }
        }

        static CreateGrpKeys2 read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new CreateGrpKeys2(keyId(r, "GTEK ID"), keyId(r, "GKEK ID"), r.fixed(SHARE_LENGTH, "GTEK creation field"),
                    r.fixed(SHARE_LENGTH, "GKEK creation field"), r.fixed(HASH_LENGTH, "in-reply-to"),
                    cert(r, "member certificate"), sig(r));
        }
    }

    /** 4.4 Negotiate_Grp_Keys_1: GTEK ID, KEK ID, then {@link Inner.GroupTerms} sealed under the new group keys' negotiation key. */
    public record NegotiateGrpKeys1(KeyId gtekId, KeyId gkekId, byte[] ciphertext) implements Body {
        @Override
        public MessageType type() {
            return MessageType.NEGOTIATE_GRP_KEYS_1;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(gtekId.value()).i64(gkekId.value());
            if (withTail) {
                w.bytes32(ciphertext, MAX_CIPHERTEXT);
            }
        }

        static NegotiateGrpKeys1 read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new NegotiateGrpKeys1(keyId(r, "GTEK ID"), keyId(r, "GKEK ID"), ct(r));
        }
    }

    /** 4.5 Negotiate_Grp_Keys_2: GTEK ID, GKEK ID, then {@link Inner.MemberTerms} sealed. */
    public record NegotiateGrpKeys2(KeyId gtekId, KeyId gkekId, byte[] ciphertext) implements Body {
        @Override
        public MessageType type() {
            return MessageType.NEGOTIATE_GRP_KEYS_2;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(gtekId.value()).i64(gkekId.value());
            if (withTail) {
                w.bytes32(ciphertext, MAX_CIPHERTEXT);
            }
        }

        static NegotiateGrpKeys2 read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new NegotiateGrpKeys2(keyId(r, "GTEK ID"), keyId(r, "GKEK ID"), ct(r));
        }
    }

    /** 4.6 Create_Session_KEK_1: request, SKEK ID, SKEK creation field, controller certificate, controller signature. */
    public record CreateSessionKek1(Request request, KeyId skekId, byte[] share, byte[] controllerCert, byte[] signature)
            implements Body {
        @Override
        public MessageType type() {
            return MessageType.CREATE_SESSION_KEK_1;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.u8(request.code()).i64(skekId.value()).fixed(share, SHARE_LENGTH);
            w.bytes16(controllerCert, Certificates.MAX_DER);
            if (withTail) {
                w.bytes16(signature, Signatures.MAX_LENGTH);
            }
        }

        static CreateSessionKek1 read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new CreateSessionKek1(Request.fromCode(r.u8("request")), keyId(r, "SKEK ID"),
                    r.fixed(SHARE_LENGTH, "SKEK creation field"), cert(r, "controller certificate"), sig(r));
        }
    }

    /** 4.7 Create_Session_KEK_2: SKEK ID, SKEK creation field, hash of the message answered, member certificate, member signature. */
    public record CreateSessionKek2(KeyId skekId, byte[] share, byte[] inReplyTo, byte[] memberCert, byte[] signature)
            implements Body {
        @Override
        public MessageType type() {
            return MessageType.CREATE_SESSION_KEK_2;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(skekId.value()).fixed(share, SHARE_LENGTH).fixed(inReplyTo, HASH_LENGTH);
            w.bytes16(memberCert, Certificates.MAX_DER);
            if (withTail) {
                w.bytes16(signature, Signatures.MAX_LENGTH);
            }
        }

        static CreateSessionKek2 read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new CreateSessionKek2(keyId(r, "SKEK ID"), r.fixed(SHARE_LENGTH, "SKEK creation field"),
                    r.fixed(HASH_LENGTH, "in-reply-to"), cert(r, "member certificate"), sig(r));
        }
    }

    /** 4.8 Negotiate_Session_Keys_1: SKEK ID, then {@link Inner.GroupTerms} (CRL version, token, GC permissions) sealed under the SKEK exchange. */
    public record NegotiateSessionKeys1(KeyId skekId, byte[] ciphertext) implements Body {
        @Override
        public MessageType type() {
            return MessageType.NEGOTIATE_SESSION_KEYS_1;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(skekId.value());
            if (withTail) {
                w.bytes32(ciphertext, MAX_CIPHERTEXT);
            }
        }

        static NegotiateSessionKeys1 read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new NegotiateSessionKeys1(keyId(r, "SKEK ID"), ct(r));
        }
    }

    /** 4.9 Negotiate_Session_Keys_2: SKEK ID, then {@link Inner.MemberTerms} (CRL version, member permissions) sealed. */
    public record NegotiateSessionKeys2(KeyId skekId, byte[] ciphertext) implements Body {
        @Override
        public MessageType type() {
            return MessageType.NEGOTIATE_SESSION_KEYS_2;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(skekId.value());
            if (withTail) {
                w.bytes32(ciphertext, MAX_CIPHERTEXT);
            }
        }

        static NegotiateSessionKeys2 read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new NegotiateSessionKeys2(keyId(r, "SKEK ID"), ct(r));
        }
    }

    /** 4.10 Download_Grp_Keys: SKEK ID, then Encrypted Grp Keys ({@link Inner.KeyPacket}: GTEK, GKEK, checksum) under the SKEK. */
    public record DownloadGrpKeys(KeyId skekId, byte[] ciphertext) implements Body {
        @Override
        public MessageType type() {
            return MessageType.DOWNLOAD_GRP_KEYS;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(skekId.value());
            if (withTail) {
                w.bytes32(ciphertext, MAX_CIPHERTEXT);
            }
        }

        static DownloadGrpKeys read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new DownloadGrpKeys(keyId(r, "SKEK ID"), ct(r));
        }
    }

    /** 4.11 Key_Download_Ack: SKEK ID, then the confirmation of decryption ({@link Inner.Confirmation}) sealed under the SKEK. */
    public record KeyDownloadAck(KeyId skekId, byte[] ciphertext) implements Body {
        @Override
        public MessageType type() {
            return MessageType.KEY_DOWNLOAD_ACK;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(skekId.value());
            if (withTail) {
                w.bytes32(ciphertext, MAX_CIPHERTEXT);
            }
        }

        static KeyDownloadAck read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new KeyDownloadAck(keyId(r, "SKEK ID"), ct(r));
        }
    }

    /** 4.12 Rekey_Multicast: current GKEK ID, new GTEK ID and GKEK ID, then {@link Inner.SignedRekey} sealed under the current GKEK. */
    public record RekeyMulticast(KeyId currentGkekId, KeyId newGtekId, KeyId newGkekId, byte[] ciphertext) implements Body {
        @Override
        public MessageType type() {
            return MessageType.REKEY_MULTICAST;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(currentGkekId.value()).i64(newGtekId.value()).i64(newGkekId.value());
            if (withTail) {
                w.bytes32(ciphertext, MAX_CIPHERTEXT);
            }
        }

        static RekeyMulticast read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new RekeyMulticast(keyId(r, "current GKEK ID"), keyId(r, "GTEK ID"), keyId(r, "GKEK ID"), ct(r));
        }
    }

    /**
     * 4.13 Request_Group_Join: request, a fresh nonce and the member's clock when it sent the request
     * (freshness: a copy is refused by the nonce while remembered and by the time once forgotten),
     * member certificate (member public), member signature.
     */
    public record RequestGroupJoin(Request request, byte[] nonce, long sentAtMillis, byte[] memberCert, byte[] signature)
            implements Body {
        public RequestGroupJoin {
            if (sentAtMillis < 0) {
                throw new IllegalArgumentException("sent-at time must be non-negative");
            }
        }

        @Override
        public MessageType type() {
            return MessageType.REQUEST_GROUP_JOIN;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.u8(request.code()).fixed(nonce, NONCE_LENGTH).i64(sentAtMillis).bytes16(memberCert, Certificates.MAX_DER);
            if (withTail) {
                w.bytes16(signature, Signatures.MAX_LENGTH);
            }
        }

        static RequestGroupJoin read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new RequestGroupJoin(Request.fromCode(r.u8("request")), r.fixed(NONCE_LENGTH, "nonce"),
                    r.nonNegativeLong("sent at"), cert(r, "member certificate"), sig(r));
        }
    }

    /**
     * 4.14 Delete_Group_Keys (type 14, cooperative delete) and 4.16 (type 16, global delete of a
     * hostile deletion): GTEK ID, then {@link Inner.SignedDelete} sealed under the GTEK (sec. 6.4.1).
     */
    public record DeleteGroupKeys(MessageType type, KeyId gtekId, byte[] ciphertext) implements Body {
        public DeleteGroupKeys {
            if (type != MessageType.DELETE_GROUP_KEYS && type != MessageType.DELETE_GROUP) {
                throw new IllegalArgumentException("not a delete type");
            }
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(gtekId.value());
            if (withTail) {
                w.bytes32(ciphertext, MAX_CIPHERTEXT);
            }
        }

        static DeleteGroupKeys read(MessageType t, WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new DeleteGroupKeys(t, keyId(r, "GTEK ID"), ct(r));
        }
    }

    /** 4.15 / 4.17 Grp_Keys_Deleted_Ack: GTEK ID, then {@link Inner.SignedDeleteAck} (member id, signature, member public) sealed under the GTEK. */
    public record GrpKeysDeletedAck(MessageType type, KeyId gtekId, byte[] ciphertext) implements Body {
        public GrpKeysDeletedAck {
            if (type != MessageType.GRP_KEYS_DELETED_ACK && type != MessageType.GROUP_DELETED_ACK) {
                throw new IllegalArgumentException("not a delete ack type");
            }
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(gtekId.value());
            if (withTail) {
                w.bytes32(ciphertext, MAX_CIPHERTEXT);
            }
        }

        static GrpKeysDeletedAck read(MessageType t, WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new GrpKeysDeletedAck(t, keyId(r, "GTEK ID"), ct(r));
        }
    }

    /** gkm: request for the current CRL (sec. 1.1), naming the version held. */
    public record CrlRequest(long haveVersion) implements Body {
        @Override
        public MessageType type() {
            return MessageType.CRL_REQUEST;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.i64(haveVersion);
        }

        static CrlRequest read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new CrlRequest(r.nonNegativeLong("CRL version"));
        }
    }

    /** gkm: the security manager's signed CRL. */
    public record CrlUpdate(Crl crl) implements Body {
        @Override
        public MessageType type() {
            return MessageType.CRL_UPDATE;
        }

        @Override
        public void write(WireWriter w, boolean withTail) {
            w.bytes32(crl.encode(), Crl.MAX_ENCODED);
        }

        static CrlUpdate read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
            return new CrlUpdate(Crl.decode(r.bytes32(1, Crl.MAX_ENCODED, "CRL")));
        }
    }
}
