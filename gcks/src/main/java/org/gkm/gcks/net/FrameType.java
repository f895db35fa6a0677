package org.gkm.gcks.net;

/**
 * The frame type table: every type a gkm connection carries, its one-byte wire code, who may send it
 * and whether it opens a registration (the exchanges the server admits only up to a bound, RFC 4046
 * sec. 5.5). Decoding an unknown code fails ({@link FrameException.Reason#UNKNOWN_TYPE}).
 *
 * <p>The transport owns the payloads of {@link #PING}, {@link #PONG}, {@link #BUSY} and
 * {@link #GOODBYE} ({@link ControlFrames}); every other payload belongs to the exchange that sends it
 * (GKMP messages, sealed rekey messages, resync requests) and is opaque bytes here.
 */
public enum FrameType {
    /** A registration exchange message from the member (RFC 4046 sec. 4; GKMP member join). */
    REGISTER(0x01, Direction.TO_GCKS, true),
    /** A registration exchange message from the GCKS. */
    REGISTER_REPLY(0x02, Direction.TO_MEMBER, false),
    /** A de-registration request with proof of possession (RFC 4046 sec. 4.4). */
    DEREGISTER(0x03, Direction.TO_GCKS, false),
    /** The GCKS's answer to a de-registration. */
    DEREGISTER_REPLY(0x04, Direction.TO_MEMBER, false),
    /** A committed, sealed rekey message pushed to members (RFC 4046 sec. 5.2); self-protecting. */
    REKEY(0x10, Direction.TO_MEMBER, false),
    /**
     * A committed, sealed rekey message of the parent group of a delegated subtree (claim 18),
     * relayed by the subtree's GCKS to its members, who follow the parent's stream beside their
     * subtree's; self-protecting as {@link #REKEY}.
     */
    PARENT_REKEY(0x12, Direction.TO_MEMBER, false),
    /** A member's acknowledgement of a rekey message (as GDOI's GROUPKEY-PUSH acknowledgement). */
    REKEY_ACK(0x11, Direction.TO_GCKS, false),
    /** "Rekey messages since sequence n" (RFC 4046 sec. 5.3, the plain TCP resync). */
    RESYNC_REQUEST(0x20, Direction.TO_GCKS, false),
    /** The answer to a resync request. */
    RESYNC_REPLY(0x21, Direction.TO_MEMBER, false),
    /**
     * A registered member asks for the GCKS-signed view of the tree it needs to build a
     * member-initiated removal (hybrid tree, claims 13-14).
     */
    INITIATOR_VIEW_REQUEST(0x28, Direction.TO_GCKS, false),
    /** The GCKS's answer: the signed initiator view, or a refusal. */
    INITIATOR_VIEW(0x29, Direction.TO_MEMBER, false),
    /**
     * A member-initiated removal: the initiator's certificates and its MEMBER_REKEY message, signed
     * with its certified identity key (claim 15).
     */
    MEMBER_REMOVE(0x2A, Direction.TO_GCKS, false),
    /** The GCKS's answer to a member-initiated removal: the committed rekey's sequence, or a refusal. */
    MEMBER_REMOVE_REPLY(0x2B, Direction.TO_MEMBER, false),
    /**
     * A registered member asks for the signed view and a fresh client key pair's public half to add
     * a joiner itself (member-initiated join, claims 13-14).
     */
    JOIN_VIEW_REQUEST(0x2C, Direction.TO_GCKS, false),
    /** The GCKS's answer: the joiner's client public key and the signed join view, or a refusal. */
    JOIN_VIEW(0x2D, Direction.TO_MEMBER, false),
    /** A member-initiated join: the initiator's certificates and its MEMBER_REKEY message (claim 15). */
    MEMBER_ADD(0x2E, Direction.TO_GCKS, false),
    /** The GCKS's answer to a member-initiated join: sequence and the joiner's tree member id, or a refusal. */
    MEMBER_ADD_REPLY(0x2F, Direction.TO_MEMBER, false),
    /**
     * A delegated subtree's key server reports its new subtree root key to the parent GCKS (claim
     * 18): the report, authenticated by the pairwise link key.
     */
    SUBTREE_REPORT(0x40, Direction.TO_GCKS, false),
    /** The parent's answer: a receipt tagged under the link key, or a refusal. */
    SUBTREE_REPORT_REPLY(0x41, Direction.TO_MEMBER, false),
    /** Liveness probe; answered with {@link #PONG} carrying the same token. */
    PING(0x30, Direction.BOTH, false),
    /** Answer to {@link #PING}. */
    PONG(0x31, Direction.BOTH, false),
    /** "Busy, retry after t": the server refused to start a registration now (RFC 4046 sec. 5.5). */
    BUSY(0x3E, Direction.TO_MEMBER, false),
    /** The sender closes the connection, with a reason code. */
    GOODBYE(0x3F, Direction.BOTH, false);

    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType t : values()) {
            if (BY_CODE[t.code] != null) {
                throw new ExceptionInInitializerError("duplicate frame type code " + t.code);
            }
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final Direction direction;
    private final boolean opensRegistration;

    FrameType(int code, Direction direction, boolean opensRegistration) {
        this.code = code;
        this.direction = direction;
        this.opensRegistration = opensRegistration;
    }

    /** The one-byte wire code. */
    public int code() {
        return code;
    }

    /** Who may send this type. */
    public Direction direction() {
        return direction;
    }

    /** Whether a member's frame of this type starts a registration (admission-controlled). */
    public boolean opensRegistration() {
        return opensRegistration;
    }

    /**
     * The type with wire code {@code code}.
     *
     * @throws FrameException {@link FrameException.Reason#UNKNOWN_TYPE} if the table has no such code
     */
    public static FrameType fromCode(int code) throws FrameException {
        FrameType t = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (t == null) {
            throw new FrameException(FrameException.Reason.UNKNOWN_TYPE, "unknown frame type 0x" + Integer.toHexString(code));
        }
        return t;
    }
}
