package org.gkm.gcks.server;

import java.util.ArrayList;
import java.util.List;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.log.GroupStoreLog;
import org.gkm.gkmp.log.LogEntry;
import org.gkm.rekey.store.StoreException;

/**
 * A durable group's whole GKMP management log for the audit export: the chain as the group's store
 * holds it ({@link GroupStoreLog#readStored()}) from record 0, continued by the records the
 * controller still holds in memory (normally none: the group flushes its log after each step; a
 * failed flush leaves them there for the next). The result is contiguous from record 0 when the
 * store is sound; {@link org.gkm.gkmp.log.GroupLog#verify} is what checks that.
 */
final class AuditTrail {
    private AuditTrail() {
    }

    /**
     * The records 0 .. {@code end - 1}.
     *
     * @param end the log's length when {@code memory} was taken (records stored later are left out)
     * @param memory the records still in memory then, in order
     * @throws BackendException the store failed, or a stored record does not authenticate or decode
     */
    static List<LogEntry> whole(GkmpGroupId group, GroupStoreLog stored, long end, List<LogEntry> memory) throws BackendException {
        List<LogEntry> read;
        try {
            read = stored.readStored();
        } catch (StoreException e) {
            throw new BackendException(BackendException.Reason.STORE, "reading the GKMP log of " + group + ": " + e.failure() + ": "
                    + e.getMessage(), e);
        } catch (MalformedMessageException e) {
            throw new BackendException(BackendException.Reason.STORE, "the stored GKMP log of " + group + " does not decode: "
                    + e.getMessage(), e);
        }
        List<LogEntry> out = new ArrayList<>(read.subList(0, (int) Math.min(read.size(), end)));
        long next = out.size();
        for (LogEntry e : memory) {
            // a record already read from the store is skipped; a hole stays visible to verification
            if (e.seq() >= next) {
                out.add(e);
                next = e.seq() + 1;
            }
        }
        return out;
    }
}
