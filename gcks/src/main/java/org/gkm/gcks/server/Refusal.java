package org.gkm.gcks.server;

import java.util.Optional;

/**
 * Why the GCKS refused a member's request, as carried in a refused registration, de-registration,
 * resync or member-initiated reply ({@link Payloads}, {@link InitiatorPayloads}). A refusal changes no group state.
 */
public enum Refusal {
    /** No group with that id is hosted here. */
    UNKNOWN_GROUP(1),
    /** A sequence number below zero, or a count out of range. */
    BAD_SEQUENCE(2),
    /** GKMP refused the frame before authenticating it (bad signature or certificate, revoked, replay, stale). */
    NOT_AUTHENTICATED(3),
    /** GKMP ended the exchange after authenticating the sender (permissions, group terms, state). */
    EXCHANGE_TERMINATED(4),
    /** The frame names another sender than the one this connection registers, or is not a GKMP frame. */
    BAD_REGISTRATION(5),
    /** The request needs a registered member on this connection. */
    NOT_REGISTERED(6),
    /** The key server could not commit the change. */
    SERVER_ERROR(7),
    /** The proof of possession of a de-registration does not verify. */
    BAD_PROOF(8),
    /** The owner removed this member (or its certificate was revoked): it may not register again. */
    BARRED(9),
    /**
     * A member-initiated request whose initiator is not authorised (claim 15): its certificates do
     * not verify, are revoked or expired, or do not grant the operation's right.
     */
    NOT_AUTHORIZED(10),
    /** The member a request names is not in the group. */
    UNKNOWN_MEMBER(11),
    /**
     * The key server refused a member's rekey message: it does not match the group's current state
     * (built on an older sequence, replayed), does not open, or is not signed by the initiator's key.
     */
    REKEY_REJECTED(12),
    /** A member-initiated join names an identity that is in the group already. */
    ALREADY_MEMBER(13),
    /**
     * This replica of a replicated group does not lead it (RFC 4046 sec. 4: any replica answers, only
     * the leader registers and rekeys). The detail is {@code leader <host>:<port>}, the leader's frame
     * transport ({@link #notLeaderDetail}), or {@code no leader} while an election runs; the member
     * tries there (or another replica) again. Nothing changed.
     */
    NOT_LEADER(14),
    /**
     * The group is a delegating parent (claim 18): its members register at its subtrees' key
     * servers, and only those report to it.
     */
    DELEGATED(15);

    /** The detail of a {@link #NOT_LEADER} refusal when no leader is known. */
    public static final String NO_LEADER = "no leader";
    private static final String LEADER_PREFIX = "leader ";

    private final int code;

    Refusal(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The detail of a {@link #NOT_LEADER} refusal naming the leader's frame address (null: {@link #NO_LEADER}). */
    public static String notLeaderDetail(java.net.InetSocketAddress leader) {
        if (leader == null) {
            return NO_LEADER;
        }
        return LEADER_PREFIX + leader.getHostString() + ":" + leader.getPort();
    }

    /**
     * The leader's frame address named by a {@link #NOT_LEADER} refusal's detail, or empty (no leader
     * known, or a detail not of that form: the member then tries its other replicas). Only a numeric
     * host or {@code localhost} is accepted, so a refusal never makes the member resolve a name.
     */
    public static Optional<java.net.InetSocketAddress> leaderIn(String detail) {
        if (detail == null || !detail.startsWith(LEADER_PREFIX) || detail.length() > LEADER_PREFIX.length() + 64) {
            return Optional.empty();
        }
        String hp = detail.substring(LEADER_PREFIX.length());
        int colon = hp.lastIndexOf(':');
        if (colon <= 0 || colon == hp.length() - 1) {
            return Optional.empty();
        }
        String host = hp.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(hp.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (port < 1 || port > 65535 || !(host.equals("localhost") || host.matches("[0-9.]+|[0-9A-Fa-f:]+"))) {
            return Optional.empty();
        }
        return Optional.of(new java.net.InetSocketAddress(host, port));
    }

    public static Optional<Refusal> fromCode(int code) {
        for (Refusal r : values()) {
            if (r.code == code) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
