package org.gkm.gcks.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.gkm.gcks.net.MulticastConfig;
import org.gkm.gcks.net.ServerConfig;

/**
 * How a {@link GcksServer} runs.
 *
 * @param net the transport's limits and bind address
 * @param http where the resync (c) and metrics endpoint listens (loopback), or null for none
 * @param multicast where rekeys are also multicast, or null for none
 * @param resyncMaxMessages the most rekey messages one resync answer carries
 * @param unackedLimit consecutive unacknowledged rekeys after which a member is out of sync
 * @param ejectUnacked whether an out-of-sync member is removed from the group (a leave rekey)
 * @param gkmpTimeout how long a registration exchange may wait for the member's next GKMP message
 * @param tekLifetime a group whose TEK is this old without any rekey gets a scheduled TEK change;
 *     zero turns scheduled changes off
 * @param batchWindow membership changes arriving within this window of the first are committed as
 *     one batch rekey; zero commits each on its own; shorter than {@code gkmpTimeout} (a joiner's
 *     exchange waits for its batch)
 * @param batchMax the most changes in one batch: a full batch is committed at once and later
 *     changes wait for the next one (1..{@value #MAX_BATCH})
 */
public record ServerOptions(ServerConfig net, InetSocketAddress http, MulticastConfig multicast, int resyncMaxMessages,
        int unackedLimit, boolean ejectUnacked, Duration gkmpTimeout, Duration tekLifetime, Duration batchWindow,
        int batchMax) {
    /** The default batch window. */
    public static final Duration DEFAULT_BATCH_WINDOW = Duration.ofMillis(5);
    /** The default bound on changes per batch. */
    public static final int DEFAULT_BATCH_MAX = 128;
    /** The largest batch bound: a batch's rekey message must stay within the wire format's limits. */
    public static final int MAX_BATCH = 512;
    /** The longest batch window (a registration waits up to this long for its batch). */
    public static final Duration MAX_BATCH_WINDOW = Duration.ofSeconds(60);

    public ServerOptions {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(gkmpTimeout, "gkmpTimeout");
        Objects.requireNonNull(batchWindow, "batchWindow");
        if (batchWindow.isNegative() || batchWindow.compareTo(MAX_BATCH_WINDOW) > 0) {
            throw new IllegalArgumentException("batchWindow must be 0.." + MAX_BATCH_WINDOW.toMillis() + " ms");
        }
        if (batchMax < 1 || batchMax > MAX_BATCH) {
            throw new IllegalArgumentException("batchMax must be 1.." + MAX_BATCH);
        }
        if (batchWindow.compareTo(gkmpTimeout) >= 0) {
            // a registration waits for its batch inside its GKMP exchange, under the exchange's deadline
            throw new IllegalArgumentException("batchWindow must be shorter than gkmpTimeout");
        }
        if (tekLifetime.isNegative()) {
            throw new IllegalArgumentException("tekLifetime must not be negative");
        }
        if (resyncMaxMessages < 1 || resyncMaxMessages > 0xFFFF || unackedLimit < 1) {
            throw new IllegalArgumentException("resyncMaxMessages must be 1..65535 and unackedLimit positive");
        }
    }

    /**
     * Loopback transport and HTTP on ephemeral ports, no multicast, 64 messages per resync, 3 unacked
     * rekeys, no ejection, no scheduled TEK change, a 5 ms batch window of at most 128 changes.
     */
    public static ServerOptions defaults() {
        ServerConfig net = ServerConfig.defaults();
        return new ServerOptions(net, new InetSocketAddress(net.bind().getAddress(), 0), null, 64, 3, false,
                Duration.ofSeconds(10), Duration.ZERO, DEFAULT_BATCH_WINDOW, DEFAULT_BATCH_MAX);
    }

    public ServerOptions withNet(ServerConfig v) {
        return new ServerOptions(v, http, multicast, resyncMaxMessages, unackedLimit, ejectUnacked, gkmpTimeout, tekLifetime,
                batchWindow, batchMax);
    }

    public ServerOptions withHttp(InetSocketAddress v) {
        return new ServerOptions(net, v, multicast, resyncMaxMessages, unackedLimit, ejectUnacked, gkmpTimeout, tekLifetime,
                batchWindow, batchMax);
    }

    public ServerOptions withMulticast(MulticastConfig v) {
        return new ServerOptions(net, http, v, resyncMaxMessages, unackedLimit, ejectUnacked, gkmpTimeout, tekLifetime,
                batchWindow, batchMax);
    }

    public ServerOptions withResyncMaxMessages(int v) {
        return new ServerOptions(net, http, multicast, v, unackedLimit, ejectUnacked, gkmpTimeout, tekLifetime,
                batchWindow, batchMax);
    }

    public ServerOptions withUnacked(int limit, boolean eject) {
        return new ServerOptions(net, http, multicast, resyncMaxMessages, limit, eject, gkmpTimeout, tekLifetime,
                batchWindow, batchMax);
    }

    public ServerOptions withTekLifetime(Duration v) {
        return new ServerOptions(net, http, multicast, resyncMaxMessages, unackedLimit, ejectUnacked, gkmpTimeout, v,
                batchWindow, batchMax);
    }

    /** The batch window and bound ({@code window} zero: every change is its own rekey). */
    public ServerOptions withBatch(Duration window, int max) {
        return new ServerOptions(net, http, multicast, resyncMaxMessages, unackedLimit, ejectUnacked, gkmpTimeout, tekLifetime,
                window, max);
    }

    /** Whether membership changes are batched. */
    public boolean batching() {
        return GroupTiming.SERVER.batching(this);
    }
}
