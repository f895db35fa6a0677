package org.gkm.gkmp.log;

import org.gkm.rekey.store.StoreException;

/**
 * Storing group management log records in a {@link org.gkm.rekey.store.GroupStore} failed
 * ({@link GroupStoreLog#append}); the cause is the store's {@link StoreException}, whose failure
 * says why. The {@link GroupLog} that flushed keeps the records and hands them over again at its
 * next flush. Unchecked because {@link LogStore#append} is.
 */
public final class StoredLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoredLogException(String message, StoreException cause) {
        super(message, cause);
    }

    /** The store's failure. */
    public StoreException storeFailure() {
        return (StoreException) getCause();
    }
}
