package org.gkm.rekey.data;

/** The packet's group tag is not this group's: it belongs to another group (RFC 4046 sec. 6.3.1). */
public final class WrongGroupException extends DataSaException {
    private static final long serialVersionUID = 1L;

    public WrongGroupException(String message) {
        super(Reason.DATA_WRONG_GROUP, message);
    }
}
