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
 */
public record ServerOptions(ServerConfig net, InetSocketAddress http, MulticastConfig multicast, int resyncMaxMessages,
        int unackedLimit, boolean ejectUnacked, Duration gkmpTimeout, Duration tekLifetime) {
    public ServerOptions {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(gkmpTimeout, "gkmpTimeout");
        if (tekLifetime.isNegative()) {
            throw new IllegalArgumentException("tekLifetime must not be negative");
        }
        if (resyncMaxMessages < 1 || resyncMaxMessages > 0xFFFF || unackedLimit < 1) {
            throw new IllegalArgumentException("resyncMaxMessages must be 1..65535 and unackedLimit positive");
        }
    }

    /**
     * Loopback transport and HTTP on ephemeral ports, no multicast, 64 messages per resync, 3 unacked
     * rekeys, no ejection, no scheduled TEK change.
     */
    public static ServerOptions defaults() {
        ServerConfig net = ServerConfig.defaults();
        return new ServerOptions(net, new InetSocketAddress(net.bind().getAddress(), 0), null, 64, 3, false,
                Duration.ofSeconds(10), Duration.ZERO);
    }

    public ServerOptions withNet(ServerConfig v) {
        return new ServerOptions(v, http, multicast, resyncMaxMessages, unackedLimit, ejectUnacked, gkmpTimeout, tekLifetime);
    }

    public ServerOptions withHttp(InetSocketAddress v) {
        return new ServerOptions(net, v, multicast, resyncMaxMessages, unackedLimit, ejectUnacked, gkmpTimeout, tekLifetime);
    }

    public ServerOptions withMulticast(MulticastConfig v) {
        return new ServerOptions(net, http, v, resyncMaxMessages, unackedLimit, ejectUnacked, gkmpTimeout, tekLifetime);
    }

    public ServerOptions withResyncMaxMessages(int v) {
        return new ServerOptions(net, http, multicast, v, unackedLimit, ejectUnacked, gkmpTimeout, tekLifetime);
    }

    public ServerOptions withUnacked(int limit, boolean eject) {
        return new ServerOptions(net, http, multicast, resyncMaxMessages, limit, eject, gkmpTimeout, tekLifetime);
    }

    public ServerOptions withTekLifetime(Duration v) {
        return new ServerOptions(net, http, multicast, resyncMaxMessages, unackedLimit, ejectUnacked, gkmpTimeout, v);
    }
}
