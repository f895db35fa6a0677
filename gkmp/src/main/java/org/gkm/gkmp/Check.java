package org.gkm.gkmp;

/**
 * The checks of RFC 2093 section 5 (seed 002), each named once so that a termination report says
 * exactly which one failed. The section numbers are the states that list the check; checks gkm adds
 * to the RFC's list (replay, key-share reuse, ordering, timeouts) say so. A frame that does not
 * decode at all is not a check failure but a {@link MalformedMessageException}.
 */
public enum Check {
    /** Identity certificate not issued by the security manager, expired, or wrong key type (sec. 3.9, 3.11). */
    CERTIFICATE("3.9/3.11"),
    /** Source is on the compromise recovery list (states 1, 2, 5; sec. 1.1). */
    CRL_SOURCE("5.1/5.2/5.5"),
    /** A newer CRL was announced and not obtained from the security manager before the exchange's deadline (sec. 1.1, 6.1.3). */
    CRL_UPDATE("1.1/6.1.3"),
    /** Source signature over the message is invalid (states 2, 5, 11, 12, 13). */
    SOURCE_SIGNATURE("5.2/5.5/5.11/5.12/5.13"),
    /** Group token signature (group commander) or the commander's certificate is invalid (states 1, 3, 6, 10). */
    TOKEN_SIGNATURE("5.1/5.3/5.6/5.10"),
    /** Token version is not current (states 1, 3, 6, 10). */
    TOKEN_VERSION("5.1/5.3/5.6/5.10"),
    /** Group id does not exist / does not match / is not the one being negotiated (states 1, 3, 8, 10). */
    GROUP_ID("5.1/5.3/5.8/5.10"),
    /** Controller id in the token differs from the GC's id (states 3, 6, 10). */
    CONTROLLER_ID("5.3/5.6/5.10"),
    /** Permission certificate not signed by the security manager, for another subject or expired (states 3, 4, 6, 7, 10). */
    PERMISSION_CERTIFICATE("5.3/5.4/5.6/5.7/5.10"),
    /** The source's permissions do not meet or exceed the group's (states 3, 4, 6, 7, 10). */
    SOURCE_PERMISSIONS("5.3/5.4/5.6/5.7/5.10"),
    /** The local permissions do not meet or exceed the group's (states 1, 3, 6, 10). */
    LOCAL_PERMISSIONS("5.1/5.3/5.6/5.10"),
    /** Request field names a request this state does not serve (states 2, 5). */
    REQUEST_TYPE("5.2/5.5"),
    /** Decryption or data-integrity check failed (Negotiate_*, states 8, 10, 12, 13). */
    DECRYPTION("4.4/4.5/5.8/5.10"),
    /** The checksum inside Encrypted Grp Keys does not match the keys (sec. 3.16, state 8). */
    CHECKSUM("3.16/5.8"),
    /** Member initiated join not available: policy, membership list or limit (state 11). */
    JOIN_NOT_AVAILABLE("5.11/6.3"),
    /** Global delete names an alternative group whose keys are not held (state 13). */
    ALTERNATIVE_KEY("5.13"),
    /** gkm addition: a key share (creation field) was seen before (sec. 6.1.2 single use). */
    KEY_SHARE_REUSED("6.1.2 (gkm)"),
    /** gkm addition: a key share is not a valid X25519 public key or has low order (all-zero DH output). */
    KEY_SHARE_INVALID("6.1.2 (gkm)"),
    /** gkm addition: a message with the same signed content, or the same join/delete nonce, was consumed before. */
    REPLAY("gkm"),
    /**
     * gkm addition: the message is older than what was already accepted from its sender: its key ids
     * are not above the last ones accepted from that controller for the group, or its time stamp is
     * outside the freshness interval or below the replay window (how copies the window no longer
     * remembers are refused).
     */
    STALE("gkm"),
    /** gkm addition: message does not fit the exchange's current state, or no exchange expects it. */
    OUT_OF_ORDER("gkm"),
    /** gkm addition: the exchange's deadline passed. */
    TIMEOUT("gkm");

    private final String section;

    Check(String section) {
        this.section = section;
    }

    /** The RFC 2093 section(s) listing this check, or "gkm" for additions. */
    public String section() {
        return section;
    }
}
