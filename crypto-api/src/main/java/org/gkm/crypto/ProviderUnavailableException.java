package org.gkm.crypto;

/**
 * A provider that was asked for by name cannot be used here (native library missing, version
 * mismatch, failed self-test). Unchecked: it is a deployment fault, not bad input.
 */
public class ProviderUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
