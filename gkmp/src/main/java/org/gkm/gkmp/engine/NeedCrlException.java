package org.gkm.gkmp.engine;

/**
 * Thrown by a state handler, before it changes anything, when the peer announced a CRL version newer
 * than the local one (sec. 1.1: "when a CRL update is detected it is downloaded and verified"): the
 * node parks the frame, asks the security manager for the CRL and handles the frame again once the
 * update is installed.
 */
final class NeedCrlException extends Exception {
    private static final long serialVersionUID = 1L;
    final long version;

    NeedCrlException(long version) {
        super("CRL version " + version + " needed", null, false, false);
        this.version = version;
    }
}
