package org.gkm.rekey;

import org.gkm.rekey.message.RekeyException;

/**
 * Base of the engine's typed, checked failures (operations of the GCKS, the member state), one of
 * the three branches of {@link RekeyException}. A method that throws one has changed no state.
 * Messages never contain key material.
 */
public abstract sealed class RekeyEngineException extends RekeyException
        permits AuthorizationException, BatchTooLargeException, ConflictingMessageException, InvalidViewException, KeyUnavailableException,
        MalformedChangeException, MalformedSnapshotException, OutOfSyncException, RejectedRekeyException, RejectedReportException, StaleMessageException, UnauthorizedSenderException,
        UnknownMemberException {
    private static final long serialVersionUID = 1L;

    RekeyEngineException(Reason reason, String message) {
        super(reason, message);
    }

    RekeyEngineException(Reason reason, String message, Throwable cause) {
        super(reason, message, cause);
    }
}
