package org.gkm.gcks.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.gkm.gkmp.log.LogEntry;
import org.gkm.gkmp.log.LogStore;

/**
 * Group commit of a hosted group's side records: its membership ({@link MembershipStore}) and its
 * GKMP log records ({@link LogStore}). Changes are staged in order under the group's lock
 * ({@link #stage}: cheap, no I/O); {@link #awaitDurable} writes everything staged so far, the
 * latest membership once and the log records in one append, and returns when the given stage is
 * durable. Threads that wait while another one writes find their stage written by it, so N
 * registrations confirmed while one write is in flight cost one membership write and one log
 * write, not N of each.
 *
 * <p>Order: stages are numbered under the group's lock, and one writer at a time takes everything
 * staged so far, so writes follow the group's order. {@link #awaitDurable} may be called with or
 * without the group's lock; it never takes that lock (only its own write lock and the staging
 * monitor), so the group's lock is never waited for while writing.
 *
 * <p>Failures: a membership write that fails throws (its stage is not durable; the membership
 * stays staged and is written by the next call); a log write that fails keeps the records staged
 * for the next write and does not fail the call (the log is the audit trail, not the commit
 * point of anything).
 */
final class GroupCommit {
    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());

    private final String group;
    private final MembershipStore membership;
    /** Where log records go, or null: the log stays in the controller's memory (an in-memory group). */
    private final LogStore log;
    private final Object staging = new Object();
    /** Log records staged and not yet written, oldest first (guarded by {@link #staging}). */
    private final List<LogEntry> stagedLog = new ArrayList<>();
    /** The latest staged membership not yet written, or null (guarded by {@link #staging}). */
    private Membership stagedMembership;
    /** Stages so far (guarded by {@link #staging}). */
    private long staged;
    private final ReentrantLock writing = new ReentrantLock();
    /** The last stage made durable (guarded by {@link #writing}). */
    private long written;

    GroupCommit(String group, MembershipStore membership, LogStore log) {
        this.group = group;
        this.membership = membership;
        this.log = log;
    }

    /** Whether log records go to a store through this object (else they stay in the controller's log). */
    boolean logsDurably() {
        return log != null;
    }

    /**
     * Stages {@code m} (the membership as it stands; null: unchanged) and {@code records} (the log's
     * records since the last stage), under the group's lock; returns the stage's number.
     */
    long stage(Membership m, List<LogEntry> records) {
        synchronized (staging) {
            stagedLog.addAll(records);
            if (m != null) {
                stagedMembership = m;
            }
            return ++staged;
        }
    }

    /**
     * Returns once stage {@code stage} is durable: written by this call (everything staged so far)
     * or by one before it.
     *
     * @throws BackendException the membership could not be written (the stage is not durable)
     */
    void awaitDurable(long stage) throws BackendException {
        writing.lock();
        try {
            if (written >= stage) {
                return;
            }
            long through;
            Membership m;
            List<LogEntry> records;
            synchronized (staging) {
                through = staged;
                m = stagedMembership;
                records = List.copyOf(stagedLog);
            }
            if (m != null) {
                membership.save(m);
                synchronized (staging) {
                    if (stagedMembership == m) {
                        stagedMembership = null;
                    }
                }
            }
            if (!records.isEmpty() && log != null) {
                try {
                    log.append(records);
                    synchronized (staging) {
                        stagedLog.subList(0, records.size()).clear();
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "writing the GKMP log of " + group + " failed; kept for the next write", e);
                }
            }
            written = through;
        } finally {
            writing.unlock();
        }
    }

    /** Log records staged and not yet written (the tail of an audit export when a write failed). */
    List<LogEntry> unwrittenLog() {
        synchronized (staging) {
            return List.copyOf(stagedLog);
        }
    }
}
