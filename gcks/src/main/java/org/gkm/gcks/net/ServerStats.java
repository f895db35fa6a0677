package org.gkm.gcks.net;

import java.util.Map;

/**
 * A snapshot of a {@link FrameServer}'s counters (each read separately, so not one instant).
 *
 * @param accepted connections accepted, including those refused for the connection bound
 * @param open sessions open now
 * @param refusedFull connections refused at the connection bound
 * @param busyAnswers registration frames answered "busy, retry after t"
 * @param registrationsInProgress registration slots held now
 * @param framesIn frames received from members
 * @param framesOut frames written to members
 * @param closed sessions closed, by reason
 */
public record ServerStats(long accepted, int open, long refusedFull, long busyAnswers, int registrationsInProgress,
        long framesIn, long framesOut, Map<CloseReason, Long> closed) {
    public ServerStats {
        closed = Map.copyOf(closed);
    }

    /** Sessions closed for {@code reason}. */
    public long closed(CloseReason reason) {
        return closed.getOrDefault(reason, 0L);
    }
}
