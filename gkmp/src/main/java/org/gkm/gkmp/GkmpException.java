package org.gkm.gkmp;

/**
 * Base of the GKMP module's checked failures: external input (a frame, a certificate, a token, a
 * log) that is malformed or fails verification. Messages say what was wrong and never contain key
 * material. Caller bugs (null arguments, out-of-range parameters to builders) are unchecked.
 */
public class GkmpException extends Exception {
    private static final long serialVersionUID = 1L;

    public GkmpException(String message) {
        super(message);
    }

    public GkmpException(String message, Throwable cause) {
        super(message, cause);
    }
}
