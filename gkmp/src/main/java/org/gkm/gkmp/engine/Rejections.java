package org.gkm.gkmp.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.log.GroupLog;

/**
 * Counts frames rejected before authentication, per failed check, and writes them to the group
 * management log as a summary at most once per interval (a {@code REJECTED} record with the counts
 * since the previous summary), never one record per frame: anyone can send such frames, so each
 * must cost the node a counter increment, not memory. Memory: two maps with one entry per
 * {@link Check} at most. Not thread-safe: one node owns it.
 */
final class Rejections {
    static final String ACTION = "REJECTED";

    private final GroupLog log;
    private final EntityId owner;
    private final long intervalMillis;
    private final EnumMap<Check, Long> total = new EnumMap<>(Check.class);
    private final EnumMap<Check, Long> unsummarised = new EnumMap<>(Check.class);
    private long lastSummaryAt;
    private boolean summarised;

    Rejections(GroupLog log, EntityId owner, long intervalMillis) {
        this.log = log;
        this.owner = owner;
        this.intervalMillis = intervalMillis;
    }

    /** Counts one rejected frame; writes the summary if the interval since the last one has passed. */
    void count(Check check, long now) {
        total.merge(check, 1L, Long::sum);
        unsummarised.merge(check, 1L, Long::sum);
        summarise(now);
    }

    /** Writes the counts not yet in the log, unless a summary was written less than an interval ago. */
    void summarise(long now) {
        if (unsummarised.isEmpty() || (summarised && now - lastSummaryAt < intervalMillis)) {
            return;
        }
        long n = unsummarised.values().stream().mapToLong(Long::longValue).sum();
        log.append(now, owner, null, ACTION, n + " frame(s) rejected before authentication"
                + (summarised ? " since " + lastSummaryAt : "") + ": " + unsummarised);
        unsummarised.clear();
        lastSummaryAt = now;
        summarised = true;
    }

    /** Rejections since the node started, per check (a read-only snapshot). */
    Map<Check, Long> snapshot() {
        return Collections.unmodifiableMap(new EnumMap<>(total));
    }
}
