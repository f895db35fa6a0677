package org.gkm.gcks.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameException;
import org.gkm.gcks.net.FrameType;
import org.gkm.gcks.net.MemberConnection;
import org.gkm.rekey.delegation.SubtreeReceipt;
import org.gkm.rekey.delegation.SubtreeReport;

/**
 * The subordinate side of subtree delegation between GCKS processes (claim 18): while this process
 * hosts the subtree's group (for a replicated group: while its replica leads), it watches the
 * committed state and, whenever the subtree root's generation differs from the last one the
 * parent took, sends the parent the report of the committed state ({@link GroupBackend#subtreeReport})
 * until a receipt that verifies under the link answers it. Only the newest state is reported
 * (an older report is superseded by it); a report sent again, by this process after a restart or
 * by a new leader, is answered "already accepted". Refusals and unverifiable receipts are not
 * trusted (they carry no proof): the report is sent again after a back-off, 100 ms doubling to 5 s.
 * A redirect to the parent's leader is followed only to one of the configured parent addresses.
 *
 * <p>Once the parent confirmed a report, the same connection also fetches the parent's committed
 * rekey messages ("messages since n", RFC 4046 sec. 5.3) every poll and relays each to the group's
 * registered members ({@code PARENT_REKEY}): the subtree's GCKS is the parent's fan-out tier for its
 * members, and the parent sends to its subtrees only. Members check every relayed message
 * themselves (MAC and the parent's signature); one that misses some resyncs from the parent.
 *
 * <p>One daemon thread; {@link #close} stops it and closes its connection.
 */
final class SubtreeReporter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SubtreeReporter.class.getName());
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** What the parent last confirmed. */
    record Confirmed(long reportSequence, int rootGeneration, SubtreeReceipt.Fields receipt) {
    }

    private final CryptoProvider provider;
    private final ParentLink parent;
    private final Supplier<HostedGroup> hosted;
    private final Duration poll;
    private final Duration timeout;
    private final int maxFrameBytes;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Confirmed confirmed;
    private MemberConnection conn;
    private int target;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    /** The group's committed sequence whose root the parent is known to hold (-1: not yet looked at). */
    private long checked = -1;
    /** The parent's messages through this sequence were relayed (-1: relaying has not started). */
    private long relayed = -1;
    private final Object wakeups = new Object();
    private boolean woken;
    /** The most parent messages fetched per poll. */
    private static final int RELAY_BATCH = 64;

    /**
     * @param hosted the group while this process hosts it, else null
     * @param poll how often the committed state is looked at
     * @param timeout bound on connecting to the parent and on its answer
     */
    SubtreeReporter(CryptoProvider provider, ParentLink parent, Supplier<HostedGroup> hosted, Duration poll, Duration timeout,
            int maxFrameBytes) {
        this.provider = Objects.requireNonNull(provider);
        this.parent = Objects.requireNonNull(parent);
        this.hosted = Objects.requireNonNull(hosted);
        this.poll = poll;
        this.timeout = timeout;
        this.maxFrameBytes = maxFrameBytes;
        this.thread = new Thread(this::run, "gcks-subtree-report-" + parent.subtree());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    ParentLink parent() {
        return parent;
    }

    /** What the parent last confirmed to this process, or null before its first receipt. */
    Confirmed confirmed() {
        return confirmed;
    }

    private void run() {
        while (running) {
            long sleep = poll.toMillis();
            try {
                HostedGroup h = hosted.get();
                if (h != null) {
                    Confirmed c = confirmed;
                    boolean ok = true;
                    // a report derives and wraps the parent leaf keys: made only when the committed state moved
                    if (c == null || h.backend.sequence() != checked) {
                        SubtreeReport r = h.backend.subtreeReport(parent.link(), parent.hybrid());
                        if (c == null || c.rootGeneration() != r.rootGeneration()) {
                            ok = send(r);
                        }
                        if (ok) {
                            checked = r.sequence();
                        }
                    }
                    if (ok && confirmed != null) {
                        ok = relay(h);
                    }
                    if (ok) {
                        backoffMillis = MIN_BACKOFF_MILLIS;
                    } else {
                        sleep = backoffMillis;
                        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "subtree {0}: reporting failed: {1}", parent.subtree(), e.toString());
                sleep = backoffMillis;
            }
            if (sleep == poll.toMillis()) {
                // until the next poll, or sooner when the group publishes a rekey (its root may have changed)
                synchronized (wakeups) {
                    if (!woken) {
                        try {
                            wakeups.wait(sleep);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    woken = false;
                }
            } else {
                try {
                    Thread.sleep(sleep); // a back-off is not cut short
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The group published a rekey: look at its committed state now rather than at the next poll. */
    void wake() {
        synchronized (wakeups) {
            woken = true;
            wakeups.notifyAll();
        }
    }

    /**
     * Sends {@code request} to the current parent address (connecting first if needed) and returns
     * the first frame of type {@code reply} that follows (pings and anything else a GCKS may send
     * first are skipped), decoded, or null when the parent could not be reached or answered a
     * malformed frame: the connection is then closed (and, unreachable, the next configured address
     * is tried next time).
     */
    private <T> T exchange(org.gkm.gcks.net.EncodedFrame request, FrameType reply, Decoder<T> decoder) {
        Frame f;
        try {
            if (conn == null || conn.isClosed()) {
                conn = MemberConnection.connect(parent.frames().get(target), maxFrameBytes, timeout);
            }
            conn.send(request);
            do {
                f = conn.receive(timeout);
            } while (f.type() != reply);
        } catch (IOException | FrameException e) {
            LOG.log(System.Logger.Level.INFO, "subtree {0}: parent {1} unreachable: {2}", parent.subtree(),
                    parent.frames().get(target), e.toString());
            closeConnection();
            target = (target + 1) % parent.frames().size();
            return null;
        }
        try {
            return decoder.decode(f);
        } catch (FrameException e) {
            LOG.log(System.Logger.Level.WARNING, "subtree {0}: malformed {1} from the parent: {2}", parent.subtree(), reply,
                    e.getMessage());
            closeConnection();
            return null;
        }
    }

    /** Reads an answer's payload. */
    @FunctionalInterface
    private interface Decoder<T> {
        T decode(Frame f) throws FrameException;
    }

    /** Sends {@code r} and takes the answer; true when a verified receipt confirmed it. */
    private boolean send(SubtreeReport r) {
        DelegationPayloads.Reply reply = exchange(DelegationPayloads.report(parent.group(), r.encode()),
                FrameType.SUBTREE_REPORT_REPLY, DelegationPayloads::reply);
        if (reply == null) {
            return false;
        }
        if (reply.refused() != null) {
            refused(reply.refused());
            return false;
        }
        SubtreeReceipt receipt = reply.receipt();
        if (!receipt.verify(provider, parent.link(), r.sequence())) {
            LOG.log(System.Logger.Level.WARNING, "subtree {0}: a receipt for report {1} does not verify under the link; sent again",
                    parent.subtree(), r.sequence());
            closeConnection();
            return false;
        }
        confirmed = new Confirmed(r.sequence(), r.rootGeneration(), receipt.fields());
        if (relayed < 0) {
            relayed = Math.max(0, receipt.fields().parentSequence() - 1);
        }
        LOG.log(System.Logger.Level.INFO, "subtree {0}: report {1} {2} by parent group {3} (parent sequence {4}, member {5})",
                parent.subtree(), r.sequence(), receipt.fields().status() == SubtreeReceipt.Status.ACCEPTED ? "taken" : "already taken",
                parent.group(), receipt.fields().parentSequence(), receipt.fields().parentMember());
        return true;
    }

    /**
     * Fetches the parent's committed messages after {@link #relayed} (up to {@link #RELAY_BATCH}) and
     * relays them to {@code h}'s members; true unless the parent could not be asked.
     */
    private boolean relay(HostedGroup h) {
        Payloads.ResyncReply reply = exchange(Payloads.resyncRequest(parent.group(), relayed, RELAY_BATCH), FrameType.RESYNC_REPLY,
                Payloads::resyncReply);
        if (reply == null) {
            return false;
        }
        if (reply.refused() != null) {
            refused(reply.refused());
            return false;
        }
        if (reply.isCompacted()) {
            // members that missed these rebuild from the parent's published path
            relayed = Math.max(relayed, reply.compactedThrough());
            return true;
        }
        for (org.gkm.rekey.store.StoredMessage m : reply.messages()) {
            if (m.sequence() > relayed) {
                h.relayParent(m.sequence(), m.message());
                relayed = m.sequence();
            }
        }
        return true;
    }

    /** The parent's messages through this sequence were relayed to members (-1: not yet started). */
    long relayed() {
        return relayed;
    }

    /** A refusal: follows a NOT_LEADER redirect to a configured parent replica; otherwise logs it. */
    private void refused(Payloads.Refused why) {
        if (why.refusal().orElse(null) == Refusal.NOT_LEADER) {
            java.util.Optional<InetSocketAddress> leader = Refusal.leaderIn(why.detail());
            int next = leader.map(parent.frames()::indexOf).orElse(-1);
            closeConnection();
            target = next >= 0 ? next : (target + 1) % parent.frames().size();
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "subtree {0}: parent group {1} refused the report ({2}): {3}", parent.subtree(),
                parent.group(), why.refusal().map(Enum::name).orElse(String.valueOf(why.code())), why.detail());
    }

    private void closeConnection() {
        if (conn != null) {
            try {
                conn.close();
            } catch (IOException e) {
                // closing a connection we give up on: nothing to do
            }
            conn = null;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(timeout.toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
