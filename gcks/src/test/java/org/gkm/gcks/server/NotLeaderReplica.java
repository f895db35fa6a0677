package org.gkm.gcks.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.gkm.gcks.net.FrameServer;
import org.gkm.gcks.net.FrameType;
import org.gkm.gcks.net.ServerConfig;

/**
 * A replica of a replicated GCKS that does not lead the group, on loopback: it answers every
 * registration with {@link Refusal#NOT_LEADER} and a fixed detail (the leader's address, or
 * {@link Refusal#NO_LEADER}) and counts them. {@link #close()} stops its transport.
 */
final class NotLeaderReplica implements AutoCloseable {
    private final AtomicInteger registrations = new AtomicInteger();
    private final FrameServer transport;

    /** A replica that names {@code leader} (null: no leader known). */
    NotLeaderReplica(InetSocketAddress leader) throws IOException {
        String detail = Refusal.notLeaderDetail(leader);
        this.transport = FrameServer.start(ServerConfig.defaults(), (session, frame) -> {
            if (frame.type() == FrameType.REGISTER) {
                registrations.incrementAndGet();
                session.send(Payloads.registerRefused(Refusal.NOT_LEADER, detail));
                session.registrationDone();
            }
        });
    }

    InetSocketAddress address() {
        return transport.address();
    }

    /** Registrations refused so far. */
    int registrations() {
        return registrations.get();
    }

    @Override
    public void close() {
        transport.close();
        if (!transport.isTerminated()) {
            throw new IllegalStateException("replica threads still running");
        }
    }
}
