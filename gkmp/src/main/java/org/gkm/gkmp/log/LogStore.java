package org.gkm.gkmp.log;

import java.util.List;

/**
 * Where a {@link GroupLog} puts the records it no longer keeps in memory. The log calls
 * {@link #append} with batches of records in sequence order, each batch continuing the previous one
 * (the first record's {@code seq} is the last one's plus one, its {@code prevHash} the last one's
 * hash), so a store holds a contiguous chain that {@link GroupLog#verify} can check with the records
 * still in memory. A durable store writes the batch before returning; if it throws, the log keeps
 * the records in memory and hands them over again at the next flush, and the exception reaches the
 * caller of the operation that triggered the flush.
 */
public interface LogStore {
    /** Takes over {@code records} (in sequence order, contiguous with earlier batches). */
    void append(List<LogEntry> records);
}
