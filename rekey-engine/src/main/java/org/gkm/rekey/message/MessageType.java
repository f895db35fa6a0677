package org.gkm.rekey.message;

/**
 * The kind of a {@link RekeyMessage}. Each value carries its one-byte wire code.
 */
public enum MessageType {
    /** Multicast rekey after a leave: fresh keys on the leaver's path, TEK version + 1 (claim 14). */
    LEAVE_REKEY(1),
    /** Small signed join notice: members derive the refreshed keys themselves, TEK revision + 1 (claim 16). */
    JOIN_NOTICE(2),
    /** Unicast key download to one member, wrapped under its client key (RFC 4046 sec. 5.3). */
    KEY_DOWNLOAD(3),
    /** Scheduled TEK change: a new revision (no entries) or a new version (TEK wrapped under the root key). */
    TEK_CHANGE(4),
    /** Batch rekey of any mix of joins and leaves (marking algorithm). */
    BATCH_REKEY(5),
    /** Rekey produced by a member-initiated operation (claim 14, HPKE entries to copath public keys). */
    MEMBER_REKEY(6),
    /** Infrastructure entries for an out-of-sync member (RFC 4046 sec. 5.3). */
    RESYNC(7);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The wire code (one byte). */
    public int code() {
        return code;
    }

    /** values() copies its array on every call; decoding looks codes up per entry. */
    private static final MessageType[] VALUES = values();

    /** The value with wire code {@code code}, or {@code null} when unknown. */
    public static MessageType fromCode(int code) {
        for (MessageType t : VALUES) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
