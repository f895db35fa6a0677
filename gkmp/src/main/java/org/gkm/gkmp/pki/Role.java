package org.gkm.gkmp.pki;

import org.gkm.gkmp.MalformedMessageException;

/** What a permission certificate grants its subject: member permissions (sec. 3.15) or controller permissions (sec. 3.12). */
public enum Role {
    MEMBER(1),
    CONTROLLER(2);

    private final int code;

    Role(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Role fromCode(int code) throws MalformedMessageException {
        for (Role r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new MalformedMessageException("unknown role code " + code);
    }
}
