package org.gkm.gkmp;

/**
 * The rekey engine refused input that GKMP delivered to it (a key-tree path from Download_Grp_Keys,
 * or an LKH rekey message): the engine's own checks (MAC, signature, structure, sequence) failed.
 * The cause is the engine's exception.
 */
public final class RekeyEngineRefusedException extends GkmpException {
    private static final long serialVersionUID = 1L;

    public RekeyEngineRefusedException(String message, Throwable cause) {
        super(Reason.REKEY_ENGINE_REFUSED, message, cause);
    }
}
