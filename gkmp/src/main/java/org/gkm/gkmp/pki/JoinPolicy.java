package org.gkm.gkmp.pki;

import org.gkm.gkmp.MalformedMessageException;

/**
 * Whether member initiated joins are served (RFC 2093 sec. 5.11, 6.3: "based on the group
 * parameters - membership limits, membership lists"): never, only for ids on the token's member
 * list, or for anyone whose permissions meet the group's.
 */
public enum JoinPolicy {
    CLOSED(0),
    LISTED(1),
    OPEN(2);

    private final int code;

    JoinPolicy(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static JoinPolicy fromCode(int code) throws MalformedMessageException {
        for (JoinPolicy j : values()) {
            if (j.code == code) {
                return j;
            }
        }
        throw new MalformedMessageException("unknown join policy " + code);
    }
}
