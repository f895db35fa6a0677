package org.gkm.gcks.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The GCKS's meters, in a Micrometer Prometheus registry ({@link #scrape()} is the text format the
 * metrics endpoint serves): registrations (count and latency histogram), rekeys, rekey bytes,
 * fan-out latency, connected members, resync requests by method, store commit latency, changes per
 * batch rekey. Thread-safe.
 */
public final class GcksMetrics {
    /** How a member resynced (RFC 4046 sec. 5.3). */
    public enum ResyncMethod { REREGISTRATION, TCP, HTTP }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter registrations;
    private final Counter refusedRegistrations;
    private final Timer registrationLatency;
    private final Counter rekeys;
    private final DistributionSummary rekeyBytes;
    private final Timer fanOut;
    private final Timer commit;
    private final DistributionSummary batchChanges;
    private final AtomicInteger connected = new AtomicInteger();
    private final Counter[] resyncs = new Counter[ResyncMethod.values().length];
    private final Counter leaderships;
    private final Counter[] subtreeReports = new Counter[SubtreeReportOutcome.values().length];

    /** What became of a delegated subtree's report at its parent (claim 18). */
    public enum SubtreeReportOutcome {
        /** Taken: the subtree's leaf was joined or its keys replaced by a rekey. */
        TAKEN,
        /** Authentic, but this or a newer report had been taken: nothing changed. */
        ALREADY_TAKEN,
        /** Malformed, of an unknown subtree, not authenticated, or not committed: nothing changed. */
        REFUSED
    }

    public GcksMetrics() {
        registrations = Counter.builder("gkm_registrations").description("completed member registrations").register(registry);
        refusedRegistrations = Counter.builder("gkm_registrations_refused").description("refused registration frames")
                .register(registry);
        registrationLatency = Timer.builder("gkm_registration_latency").description("first registration frame to registered")
                .publishPercentileHistogram().register(registry);
        rekeys = Counter.builder("gkm_rekeys").description("committed rekey messages published").register(registry);
        rekeyBytes = DistributionSummary.builder("gkm_rekey_bytes").baseUnit("bytes").description("sealed rekey message size")
                .register(registry);
        fanOut = Timer.builder("gkm_fanout_latency").description("commit to rekey queued to every connected member")
                .publishPercentileHistogram().register(registry);
        commit = Timer.builder("gkm_store_commit_latency").description("backend commit of one rekey")
                .publishPercentileHistogram().register(registry);
        batchChanges = DistributionSummary.builder("gkm_batch_changes").description("membership changes per batch rekey")
                .register(registry);
        registry.gauge("gkm_connected_members", connected);
        leaderships = Counter.builder("gkm_replica_leaderships")
                .description("times this replica came to lead a replicated group and began hosting it").register(registry);
        for (SubtreeReportOutcome o : SubtreeReportOutcome.values()) {
            subtreeReports[o.ordinal()] = Counter.builder("gkm_subtree_reports").tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
                    .description("delegated subtrees' reports received, by outcome").register(registry);
        }
        for (ResyncMethod m : ResyncMethod.values()) {
            resyncs[m.ordinal()] = Counter.builder("gkm_resync_requests").tag("method", m.name().toLowerCase(java.util.Locale.ROOT))
                    .description("resync requests by method").register(registry);
        }
    }

    void registered(Duration latency) {
        registrations.increment();
        registrationLatency.record(latency);
    }

    void refused() {
        refusedRegistrations.increment();
    }

    void published(int bytes, Duration fanOutLatency) {
        rekeys.increment();
        rekeyBytes.record(bytes);
        fanOut.record(fanOutLatency);
    }

    void committed(Duration latency) {
        commit.record(latency);
    }

    void batched(int changes) {
        batchChanges.record(changes);
    }

    /** Batch rekeys committed so far (batch window on). */
    public long batches() {
        return batchChanges.count();
    }

    /** Membership changes committed in batches so far. */
    public long batchedChanges() {
        return (long) batchChanges.totalAmount();
    }

    void connected(int delta) {
        connected.addAndGet(delta);
    }

    void leaderChange() {
        leaderships.increment();
    }

    /** Times this replica came to lead a replicated group (and hosted it) so far. */
    public long leaderships() {
        return (long) leaderships.count();
    }

    void subtreeReport(SubtreeReportOutcome o) {
        subtreeReports[o.ordinal()].increment();
    }

    /** Subtree reports received with outcome {@code o} so far. */
    public long subtreeReports(SubtreeReportOutcome o) {
        return (long) subtreeReports[o.ordinal()].count();
    }

    void resync(ResyncMethod m) {
        resyncs[m.ordinal()].increment();
    }

    /** Registrations completed so far. */
    public long registrations() {
        return (long) registrations.count();
    }

    /** Resync requests by {@code m} so far. */
    public long resyncs(ResyncMethod m) {
        return (long) resyncs[m.ordinal()].count();
    }

    /** Every meter in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }
}
