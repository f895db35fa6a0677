package org.gkm.gkmp.pki;

import org.gkm.gkmp.MalformedMessageException;

/** The group action a token commands (RFC 2093 sec. 3.2). */
public enum GroupAction {
    CREATE(1),
    REKEY(2),
    DELETE(3);

    private final int code;

    GroupAction(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static GroupAction fromCode(int code) throws MalformedMessageException {
        for (GroupAction a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new MalformedMessageException("unknown group action " + code);
    }
}
