package org.gkm.rekey;

/**
 * Base of the engine's typed, checked failures. A method that throws one has changed no state.
 * Messages never contain key material.
 */
public class RekeyEngineException extends Exception {
    private static final long serialVersionUID = 1L;

    public RekeyEngineException(String message) {
        super(message);
    }

    public RekeyEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
