package org.gkm.gkmp.message;

import org.gkm.gkmp.MalformedMessageException;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * Strict frame codec: header then body, nothing after. Frames above {@link #MAX_FRAME} are refused
 * before parsing; every field is bounded (see {@link WireReader}); unknown versions, types and
 * codes are rejected. Decoding then re-encoding gives the same bytes (canonical encodings), which
 * is what lets signatures be checked over {@link #prefix}.
 */
public final class Codec {
    public static final int MAX_FRAME = 64 * 1024;

    private Codec() {}

    public static byte[] encode(Header h, Messages.Body b) {
        check(h, b);
        WireWriter w = WireWriter.growable();
        h.write(w);
        b.write(w, true);
        return w.toByteArray();
    }

    /** Header and body without the tail: the bytes a source signature covers, or the AEAD associated data. */
    public static byte[] prefix(Header h, Messages.Body b) {
        check(h, b);
        WireWriter w = WireWriter.growable();
        h.write(w);
        b.write(w, false);
        return w.toByteArray();
    }

    /** The encoding of a header alone. */
    public static byte[] header(Header h) {
        WireWriter w = WireWriter.growable();
        h.write(w);
        return w.toByteArray();
    }

    private static void check(Header h, Messages.Body b) {
        if (h.type() != b.type()) {
            throw new IllegalArgumentException("header type " + h.type() + " differs from body type " + b.type());
        }
    }

    public static Frame decode(byte[] frame) throws MalformedMessageException {
        if (frame == null || frame.length > MAX_FRAME) {
            throw new MalformedMessageException("frame missing or longer than " + MAX_FRAME);
        }
        WireReader<MalformedMessageException> r = new WireReader<>(frame, MalformedMessageException::new);
        Header h = Header.read(r);
        Messages.Body b;
        try {
            b = body(h.type(), r);
        } catch (IllegalArgumentException e) {
            // A record constructor refused a decoded value (e.g. a share of the wrong size).
            throw new MalformedMessageException("invalid " + h.type() + " field: " + e.getMessage());
        }
        r.finish(h.type().toString());
        return new Frame(h, b, frame.clone());
    }

    private static Messages.Body body(MessageType t, WireReader<MalformedMessageException> r) throws MalformedMessageException {
        switch (t) {
            case COMMAND_CREATE_GROUP:
                return Messages.CommandCreateGroup.read(r);
            case CREATE_GRP_KEYS_1:
                return Messages.CreateGrpKeys1.read(r);
            case CREATE_GRP_KEYS_2:
                return Messages.CreateGrpKeys2.read(r);
            case NEGOTIATE_GRP_KEYS_1:
                return Messages.NegotiateGrpKeys1.read(r);
            case NEGOTIATE_GRP_KEYS_2:
                return Messages.NegotiateGrpKeys2.read(r);
            case CREATE_SESSION_KEK_1:
                return Messages.CreateSessionKek1.read(r);
            case CREATE_SESSION_KEK_2:
                return Messages.CreateSessionKek2.read(r);
            case NEGOTIATE_SESSION_KEYS_1:
                return Messages.NegotiateSessionKeys1.read(r);
            case NEGOTIATE_SESSION_KEYS_2:
                return Messages.NegotiateSessionKeys2.read(r);
            case DOWNLOAD_GRP_KEYS:
                return Messages.DownloadGrpKeys.read(r);
            case KEY_DOWNLOAD_ACK:
                return Messages.KeyDownloadAck.read(r);
            case REKEY_MULTICAST:
                return Messages.RekeyMulticast.read(r);
            case REQUEST_GROUP_JOIN:
                return Messages.RequestGroupJoin.read(r);
            case DELETE_GROUP_KEYS:
            case DELETE_GROUP:
                return Messages.DeleteGroupKeys.read(t, r);
            case GRP_KEYS_DELETED_ACK:
            case GROUP_DELETED_ACK:
                return Messages.GrpKeysDeletedAck.read(t, r);
            case CRL_REQUEST:
                return Messages.CrlRequest.read(r);
            case CRL_UPDATE:
                return Messages.CrlUpdate.read(r);
            default:
                throw new MalformedMessageException("unhandled type " + t);
        }
    }
}
