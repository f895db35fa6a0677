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
 * The payloads of the member-initiated removal exchange (hybrid tree, claims 13-15;
 * {@code docs/gcks.md}, "Member-initiated removal"), read as strictly as {@link Payloads}:
 *
 * <pre>
 * INITIATOR_VIEW_REQUEST  group u64, target entity ascii8
 * INITIATOR_VIEW          kind u8 = 2 VIEW: group u64, target tree member id u32, signed view bytes32
 *                         kind u8 = 3 REFUSED: code u16, detail ascii8
 * MEMBER_REMOVE           group u64, target entity ascii8, identity certificate bytes16 (X.509 DER),
 *                         permission certificate bytes16, sealed MEMBER_REKEY message bytes32
 * MEMBER_REMOVE_REPLY     kind u8 = 2 DONE: sequence u64 (the removal's rekey) | kind u8 = 3 REFUSED
 * </pre>
 *
 * The view authenticates itself (the GCKS's signature, checked by the member); the removal request
 * authenticates itself (the initiator's signature inside the sealed message, under the key its
 * certificate binds), so neither relies on the connection.
 */
public final class InitiatorPayloads {
    /** Largest signed initiator view carried (a view holds at most a few hundred nodes). */
    public static final int MAX_VIEW = 256 * 1024;

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

    // ------------------------------------------------------------------ the removal

    /** A member-initiated removal request, as carried (nothing verified yet). */
    public record Remove(long group, EntityId target, byte[] identityCertificate, byte[] permissionCertificate, byte[] sealed) {
        public Remove {
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

    public static EncodedFrame remove(long group, EntityId target, byte[] identityCertificate, byte[] permissionCertificate,
            byte[] sealed) {
        return FrameCodec.encode(FrameType.MEMBER_REMOVE, WireWriter.growable().i64(group).ascii8(target.value())
                .bytes16(identityCertificate, Certificates.MAX_DER).bytes16(permissionCertificate, PermissionCertificate.MAX_ENCODED)
                .bytes32(sealed, Payloads.MAX_MESSAGE).toByteArray());
    }

    public static Remove remove(Frame f) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, FrameType.MEMBER_REMOVE);
        long g = r.i64("group");
        EntityId target = entity(r, "target");
        byte[] cert = r.bytes16(1, Certificates.MAX_DER, "identity certificate");
        byte[] perms = r.bytes16(1, PermissionCertificate.MAX_ENCODED, "permission certificate");
        byte[] sealed = r.bytes32(1, Payloads.MAX_MESSAGE, "rekey message");
        r.finish("MEMBER_REMOVE payload");
        return new Remove(g, target, cert, perms, sealed);
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
}
