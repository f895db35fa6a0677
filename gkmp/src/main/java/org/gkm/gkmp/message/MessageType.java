package org.gkm.gkmp.message;

import org.gkm.gkmp.MalformedMessageException;

/**
 * The message table (RFC 2093 sec. 4.1-4.17, and two CRL messages gkm adds for sec. 1.1's "when a
 * CRL update is detected it is downloaded"): wire code, and how the frame is protected. The RFC
 * lists Delete_Group_Keys / Grp_Keys_Deleted_Ack twice (4.14-4.17); gkm gives the second pair to the
 * global delete of a hostile deletion (sec. 6.4.2, state 13).
 */
public enum MessageType {
    COMMAND_CREATE_GROUP(1, Protection.TOKEN_SIGNED),
    CREATE_GRP_KEYS_1(2, Protection.SIGNED),
    CREATE_GRP_KEYS_2(3, Protection.SIGNED),
    NEGOTIATE_GRP_KEYS_1(4, Protection.SEALED),
    NEGOTIATE_GRP_KEYS_2(5, Protection.SEALED),
    CREATE_SESSION_KEK_1(6, Protection.SIGNED),
    CREATE_SESSION_KEK_2(7, Protection.SIGNED),
    NEGOTIATE_SESSION_KEYS_1(8, Protection.SEALED),
    NEGOTIATE_SESSION_KEYS_2(9, Protection.SEALED),
    DOWNLOAD_GRP_KEYS(10, Protection.SEALED),
    KEY_DOWNLOAD_ACK(11, Protection.SEALED),
    REKEY_MULTICAST(12, Protection.SEALED_SIGNED),
    REQUEST_GROUP_JOIN(13, Protection.SIGNED),
    DELETE_GROUP_KEYS(14, Protection.SEALED_SIGNED),
    GRP_KEYS_DELETED_ACK(15, Protection.SEALED_SIGNED),
    DELETE_GROUP(16, Protection.SEALED_SIGNED),
    GROUP_DELETED_ACK(17, Protection.SEALED_SIGNED),
    CRL_REQUEST(18, Protection.NONE),
    CRL_UPDATE(19, Protection.AUTHORITY_SIGNED);

    /** How a message type is protected on the wire. */
    public enum Protection {
        /** No protection (a CRL request reveals nothing and changes nothing). */
        NONE,
        /** Carries the security manager's signed CRL. */
        AUTHORITY_SIGNED,
        /** Carries the group commander's signed token. */
        TOKEN_SIGNED,
        /** Source signature over the whole frame. */
        SIGNED,
        /** AES-256-GCM under a negotiated key; the header is associated data. */
        SEALED,
        /** AES-256-GCM over a plaintext that carries a source signature (sign then encrypt). */
        SEALED_SIGNED
    }

    private final int code;
    private final Protection protection;

    MessageType(int code, Protection protection) {
        this.code = code;
        this.protection = protection;
    }

    public int code() {
        return code;
    }

    public Protection protection() {
        return protection;
    }

    public static MessageType fromCode(int code) throws MalformedMessageException {
        for (MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new MalformedMessageException("unknown message type " + code);
    }
}
