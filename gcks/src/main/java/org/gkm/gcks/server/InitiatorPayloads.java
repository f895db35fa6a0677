package org.gkm.gcks.server;

import org.gkm.gcks.net.EncodedFrame;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameCodec;
import org.gkm.gcks.net.FrameException;
import org.gkm.gcks.net.FrameType;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.pki.Certificates;
import org.gkm.gkmp.pki.PermissionCertificate;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The payloads of the member-initiated exchanges (hybrid tree, claims 13-15; {@code docs/gcks.md},
 * "Member-initiated removal and join"), read as strictly as {@link Payloads}:
 *
 * <pre>
 * INITIATOR_VIEW_REQUEST  group u64, target entity ascii8
 * INITIATOR_VIEW          kind u8 = 2 VIEW: group u64, target tree member id u32, signed view bytes32
 *                         kind u8 = 3 REFUSED: code u16, detail ascii8
 * MEMBER_REMOVE           group u64, target entity ascii8, identity certificate bytes16 (X.509 DER),
 *                         permission certificate bytes16, sealed MEMBER_REKEY message bytes32
 * MEMBER_REMOVE_REPLY     kind u8 = 2 DONE: sequence u64 (the removal's rekey) | kind u8 = 3 REFUSED
 * JOIN_VIEW_REQUEST       group u64, joiner entity ascii8
 * JOIN_VIEW               kind u8 = 2 VIEW: group u64, joiner client public key [32], signed view bytes32
 *                         kind u8 = 3 REFUSED
 * MEMBER_ADD              as MEMBER_REMOVE, the joiner's entity in place of the target's
 * MEMBER_ADD_REPLY        kind u8 = 2 DONE: sequence u64, joiner tree member id u32 | kind u8 = 3 REFUSED
 * </pre>
 *
 * The view authenticates itself (the GCKS's signature, checked by the member); a member request
 * authenticates itself (the initiator's signature inside the sealed message, under the key its
 * certificate binds), so neither relies on the connection. The joiner's client public key travels
 * beside the view, unsigned: a substituted key only makes the GCKS refuse the join (it checks the
 * joiner's entry against the joiner's private key it holds), and the keys sealed to it are never used.
 */
public final class InitiatorPayloads {
    /** Largest signed initiator view carried (a view holds at most a few hundred nodes). */
    public static final int MAX_VIEW = 256 * 1024;
    /** An X25519 client public key. */
    public static final int CLIENT_PUBLIC_KEY = 32;

    private InitiatorPayloads() {
    }

    private static EntityId entity(WireReader<FrameException> r, String what) throws FrameException {
        return new EntityId(r.ascii8(1, EntityId.MAX_LENGTH, EntityId.ALPHABET, what));
    }

    // ------------------------------------------------------------------ the view

    /** "The view to remove {@code target}". */
    public record ViewRequest(long group, EntityId target) {
    }

    public static EncodedFrame viewRequest(long group, EntityId target) {
        return FrameCodec.encode(FrameType.INITIATOR_VIEW_REQUEST, WireWriter.growable().i64(group).ascii8(target.value()).toByteArray());
    }

    public static ViewRequest viewRequest(Frame f) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, FrameType.INITIATOR_VIEW_REQUEST);
        long g = r.i64("group");
        EntityId target = entity(r, "target");
        r.finish("INITIATOR_VIEW_REQUEST payload");
        return new ViewRequest(g, target);
    }

    /** The answer: the target's tree member id and the signed view, or a refusal (exactly one). */
    public record View(long group, int targetMemberId, byte[] signedView, Payloads.Refused refused) {
    }

    public static EncodedFrame view(long group, int targetMemberId, byte[] signedView) {
        return FrameCodec.encode(FrameType.INITIATOR_VIEW, WireWriter.growable().u8(Payloads.KIND_OK).i64(group)
                .u32(targetMemberId).bytes32(signedView, MAX_VIEW).toByteArray());
    }

    public static EncodedFrame viewRefused(Refusal why, String detail) {
        return FrameCodec.encode(FrameType.INITIATOR_VIEW, Payloads.refused(why, detail));
    }

    public static View view(Frame f) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, FrameType.INITIATOR_VIEW);
        int kind = r.u8("kind");
        if (kind == Payloads.KIND_OK) {
            long g = r.i64("group");
            long id = r.u32("target member id");
            byte[] v = r.bytes32(1, MAX_VIEW, "signed view");
            r.finish("INITIATOR_VIEW payload");
            if (id > Integer.MAX_VALUE) {
                throw FrameException.malformed("member id out of range");
            }
            return new View(g, (int) id, v, null);
        }
        if (kind == Payloads.KIND_REFUSED) {
            return new View(-1, -1, null, Payloads.readRefused(r, "INITIATOR_VIEW payload"));
        }
        throw FrameException.malformed("unknown INITIATOR_VIEW kind " + kind);
    }

    // ------------------------------------------------------------------ the join view

    /** "A view to add {@code joiner}". */
    public record JoinViewRequest(long group, EntityId joiner) {
    }

    public static EncodedFrame joinViewRequest(long group, EntityId joiner) {
        return FrameCodec.encode(FrameType.JOIN_VIEW_REQUEST, WireWriter.growable().i64(group).ascii8(joiner.value()).toByteArray());
    }

    public static JoinViewRequest joinViewRequest(Frame f) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, FrameType.JOIN_VIEW_REQUEST);
        long g = r.i64("group");
        EntityId joiner = entity(r, "joiner");
        r.finish("JOIN_VIEW_REQUEST payload");
        return new JoinViewRequest(g, joiner);
    }

    /** The answer: the joiner's client public key (X25519) and the signed join view, or a refusal. */
    public record JoinView(long group, byte[] joinerPublicKey, byte[] signedView, Payloads.Refused refused) {
    }

    public static EncodedFrame joinView(long group, byte[] joinerPublicKey, byte[] signedView) {
        return FrameCodec.encode(FrameType.JOIN_VIEW, WireWriter.growable().u8(Payloads.KIND_OK).i64(group)
                .fixed(joinerPublicKey, CLIENT_PUBLIC_KEY).bytes32(signedView, MAX_VIEW).toByteArray());
    }

    public static EncodedFrame joinViewRefused(Refusal why, String detail) {
        return FrameCodec.encode(FrameType.JOIN_VIEW, Payloads.refused(why, detail));
    }

    public static JoinView joinView(Frame f) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, FrameType.JOIN_VIEW);
        int kind = r.u8("kind");
        if (kind == Payloads.KIND_OK) {
            long g = r.i64("group");
            byte[] pub = r.fixed(CLIENT_PUBLIC_KEY, "joiner public key");
            byte[] v = r.bytes32(1, MAX_VIEW, "signed view");
            r.finish("JOIN_VIEW payload");
            return new JoinView(g, pub, v, null);
        }
        if (kind == Payloads.KIND_REFUSED) {
            return new JoinView(-1, null, null, Payloads.readRefused(r, "JOIN_VIEW payload"));
        }
        throw FrameException.malformed("unknown JOIN_VIEW kind " + kind);
    }

    // ------------------------------------------------------------------ the requests

    /**
     * A member-initiated request as carried (nothing verified yet): a removal of {@code target}
     * (MEMBER_REMOVE) or the addition of joiner {@code target} (MEMBER_ADD).
     */
    public record MemberRequest(long group, EntityId target, byte[] identityCertificate, byte[] permissionCertificate, byte[] sealed) {
        public MemberRequest {
            identityCertificate = identityCertificate.clone();
            permissionCertificate = permissionCertificate.clone();
            sealed = sealed.clone();
        }

        @Override
        public byte[] identityCertificate() {
            return identityCertificate.clone();
        }

        @Override
        public byte[] permissionCertificate() {
            return permissionCertificate.clone();
        }

        @Override
        public byte[] sealed() {
            return sealed.clone();
        }
    }

    public static EncodedFrame remove(MemberRequest q) {
        return FrameCodec.encode(FrameType.MEMBER_REMOVE, requestBytes(q));
    }

    public static MemberRequest remove(Frame f) throws FrameException {
        return request(f, FrameType.MEMBER_REMOVE);
    }

    public static EncodedFrame add(MemberRequest q) {
        return FrameCodec.encode(FrameType.MEMBER_ADD, requestBytes(q));
    }

    public static MemberRequest add(Frame f) throws FrameException {
        return request(f, FrameType.MEMBER_ADD);
    }

    private static byte[] requestBytes(MemberRequest q) {
        return WireWriter.growable().i64(q.group()).ascii8(q.target().value())
                .bytes16(q.identityCertificate(), Certificates.MAX_DER).bytes16(q.permissionCertificate(), PermissionCertificate.MAX_ENCODED)
                .bytes32(q.sealed(), Payloads.MAX_MESSAGE).toByteArray();
    }

    private static MemberRequest request(Frame f, FrameType type) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, type);
        long g = r.i64("group");
        EntityId target = entity(r, "target");
        byte[] cert = r.bytes16(1, Certificates.MAX_DER, "identity certificate");
        byte[] perms = r.bytes16(1, PermissionCertificate.MAX_ENCODED, "permission certificate");
        byte[] sealed = r.bytes32(1, Payloads.MAX_MESSAGE, "rekey message");
        r.finish(type + " payload");
        return new MemberRequest(g, target, cert, perms, sealed);
    }

    /** The answer: the removal's rekey sequence, or a refusal. */
    public record RemoveReply(long sequence, Payloads.Refused refused) {
    }

    public static EncodedFrame removed(long sequence) {
        return FrameCodec.encode(FrameType.MEMBER_REMOVE_REPLY, WireWriter.growable().u8(Payloads.KIND_OK).i64(sequence).toByteArray());
    }

    public static EncodedFrame removeRefused(Refusal why, String detail) {
        return FrameCodec.encode(FrameType.MEMBER_REMOVE_REPLY, Payloads.refused(why, detail));
    }

    public static RemoveReply removeReply(Frame f) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, FrameType.MEMBER_REMOVE_REPLY);
        int kind = r.u8("kind");
        if (kind == Payloads.KIND_OK) {
            long seq = r.nonNegativeLong("sequence");
            r.finish("MEMBER_REMOVE_REPLY payload");
            return new RemoveReply(seq, null);
        }
        if (kind == Payloads.KIND_REFUSED) {
            return new RemoveReply(-1, Payloads.readRefused(r, "MEMBER_REMOVE_REPLY payload"));
        }
        throw FrameException.malformed("unknown MEMBER_REMOVE_REPLY kind " + kind);
    }

    /** The answer to a member's addition: its rekey's sequence and the joiner's tree member id, or a refusal. */
    public record AddReply(long sequence, int joinerMemberId, Payloads.Refused refused) {
    }

    public static EncodedFrame added(long sequence, int joinerMemberId) {
        return FrameCodec.encode(FrameType.MEMBER_ADD_REPLY, WireWriter.growable().u8(Payloads.KIND_OK).i64(sequence)
                .u32(joinerMemberId).toByteArray());
    }

    public static EncodedFrame addRefused(Refusal why, String detail) {
        return FrameCodec.encode(FrameType.MEMBER_ADD_REPLY, Payloads.refused(why, detail));
    }

    public static AddReply addReply(Frame f) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, FrameType.MEMBER_ADD_REPLY);
        int kind = r.u8("kind");
        if (kind == Payloads.KIND_OK) {
            long seq = r.nonNegativeLong("sequence");
            long id = r.u32("joiner member id");
            r.finish("MEMBER_ADD_REPLY payload");
            if (id > Integer.MAX_VALUE) {
                throw FrameException.malformed("member id out of range");
            }
            return new AddReply(seq, (int) id, null);
        }
        if (kind == Payloads.KIND_REFUSED) {
            return new AddReply(-1, -1, Payloads.readRefused(r, "MEMBER_ADD_REPLY payload"));
        }
        throw FrameException.malformed("unknown MEMBER_ADD_REPLY kind " + kind);
    }
}
