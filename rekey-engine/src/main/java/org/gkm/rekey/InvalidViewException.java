package org.gkm.rekey;

/**
 * A signed {@link InitiatorView} is refused: truncated, trailing bytes, an unknown format version, a
 * count or node id outside the bounds the policy's degree allows, nodes that are not exactly the
 * ones the operation reads, a signature that does not verify under the GCKS's key, or a view of
 * another group. Nothing was returned. The message names the field and its offset; a view holds no
 * secret.
 */
public final class InvalidViewException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public InvalidViewException(String message) {
        super(Reason.INVALID_VIEW, message);
    }

    public InvalidViewException(String message, Throwable cause) {
        super(Reason.INVALID_VIEW, message, cause);
    }
}
