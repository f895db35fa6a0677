package org.gkm.gcks.server;

import java.time.Duration;

/**
 * A hosted group's own timing where it differs from the server's ({@link ServerOptions}): its batch
 * window (membership changes within it committed as one rekey) and its TEK lifetime (a TEK this old
 * without any rekey gets a scheduled change; zero: never). A null field means the server's value.
 * Set when a group is created ({@code gkm admin create-group}, a group of the serve configuration)
 * and kept with a durable group, so a restart hosts it with the same timing.
 *
 * @param batchWindow the group's batch window (0..{@link ServerOptions#MAX_BATCH_WINDOW}; zero
 *     commits each change on its own), or null
 * @param tekLifetime the group's TEK lifetime (not negative; zero turns scheduled changes off), or null
 */
public record GroupTiming(Duration batchWindow, Duration tekLifetime) {
    /** The server's timing. */
    public static final GroupTiming SERVER = new GroupTiming(null, null);

    public GroupTiming {
        if (batchWindow != null && (batchWindow.isNegative() || batchWindow.compareTo(ServerOptions.MAX_BATCH_WINDOW) > 0)) {
            throw new IllegalArgumentException("batchWindow must be 0.." + ServerOptions.MAX_BATCH_WINDOW.toMillis() + " ms");
        }
        if (tekLifetime != null && tekLifetime.isNegative()) {
            throw new IllegalArgumentException("tekLifetime must not be negative");
        }
    }

    /** From the wire or configuration form: milliseconds and seconds, null for the server's. */
    public static GroupTiming of(Long batchWindowMillis, Long tekLifetimeSeconds) {
        return new GroupTiming(batchWindowMillis == null ? null : Duration.ofMillis(batchWindowMillis),
                tekLifetimeSeconds == null ? null : Duration.ofSeconds(tekLifetimeSeconds));
    }

    /** The batch window in effect under {@code server}. */
    public Duration batchWindow(ServerOptions server) {
        return batchWindow != null ? batchWindow : server.batchWindow();
    }

    /** Whether membership changes are batched under {@code server}: a window above zero and batches above one change. */
    public boolean batching(ServerOptions server) {
        return !batchWindow(server).isZero() && server.batchMax() > 1;
    }

    /** The TEK lifetime in effect under {@code server}. */
    public Duration tekLifetime(ServerOptions server) {
        return tekLifetime != null ? tekLifetime : server.tekLifetime();
    }

    /**
     * Checks this timing against {@code server}: a batch window must stay below the GKMP exchange
     * deadline (a joiner's exchange waits for its batch).
     *
     * @throws IllegalArgumentException it does not
     */
    public void check(ServerOptions server) {
        if (batchWindow(server).compareTo(server.gkmpTimeout()) >= 0) {
            throw new IllegalArgumentException("batchWindow must be shorter than the GKMP timeout ("
                    + server.gkmpTimeout().toMillis() + " ms)");
        }
    }
}
