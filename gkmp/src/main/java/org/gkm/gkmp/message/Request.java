package org.gkm.gkmp.message;

import org.gkm.gkmp.MalformedMessageException;

/**
 * The request field (RFC 2093 sec. 3.18): "group join, CRL update, pairwise TEK generation,
 * detection, group creation, status", plus the rekey, distribution and delete requests gkm's
 * messages carry. Codes outside this table are malformed; a known request that a state does not
 * serve fails {@link org.gkm.gkmp.Check#REQUEST_TYPE}.
 */
public enum Request {
    GROUP_CREATE(1),
    GROUP_REKEY(2),
    GROUP_JOIN(3),
    CRL_UPDATE(4),
    DISTRIBUTE_KEYS(5),
    DELETE_MEMBERS(6),
    GLOBAL_DELETE(7),
    PAIRWISE_TEK(8),
    DETECTION(9),
    STATUS(10);

    private final int code;

    Request(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Request fromCode(int code) throws MalformedMessageException {
        for (Request r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new MalformedMessageException("unknown request code " + code);
    }
}
