package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.net.ServerStats;
import org.gkm.gkmp.EntityId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load (tag {@code long}: run by the {@code -Pload} profile): a live GCKS on loopback, {@value #DEFAULT_MEMBERS} member
 * agents on real sockets that register at once (the GCKS bounds registrations in progress and
 * answers busy past the bound; the agents wait and retry), then {@value #DEFAULT_EVENTS} membership
 * events (joins of new members, de-registrations, owner removals, mixed) issued concurrently in
 * waves so that the GCKS can batch them. After every few waves and at the end every member must be
 * at the GCKS's head with its TEK.
 *
 * <p>Access control is checked twice. On the key server, every rekey runs through the simulator's
 * audits ({@link AuditedBackend}): the departed coalition learns nothing from later messages, a
 * joiner nothing from earlier ones. On the members, each agent's TEKs are placed on the group's
 * timeline (the sequence from which each TEK was current): a joiner never held a TEK from before its
 * join; a leaver, after its departure, reads every public message since its sequence (resync (b),
 * no registration needed) and still holds no TEK of its leave rekey or later.
 *
 * <p>Seeded: the seed is printed, {@code -Dgkm.load.seed=N} repeats the event sequence (thread
 * timing, and so the batches, vary). {@code -Dgkm.load.members}, {@code -Dgkm.load.events} and
 * {@code -Dgkm.load.wave} change the sizes for local runs; CI runs the defaults.
 */
@Tag("long")
class GcksLoadTest {
    static final int DEFAULT_MEMBERS = 1000;
    static final int DEFAULT_EVENTS = 10_000;
    private static final int MEMBERS = Integer.getInteger("gkm.load.members", DEFAULT_MEMBERS);
    private static final int EVENTS = Integer.getInteger("gkm.load.events", DEFAULT_EVENTS);
    /** Events issued at once. */
    private static final int WAVE = Integer.getInteger("gkm.load.wave", 100);
    /** Waves between two convergence checkpoints. */
    private static final int CHECK_EVERY = 10;
    /** How long an agent reads its connection before it looks for a request from the test. */
    private static final Duration SLICE = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** What the GCKS's busy answer tells a member to wait. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(3);

    private GcksFixture fx;
    private AuditedBackend audited;
    private final List<Driver> live = new ArrayList<>();
    private final List<Driver> departed = new ArrayList<>();
    private final List<Driver> all = new ArrayList<>();
    private int named;

    @Test
    void aThousandMembersRegisterThenTenThousandEventsAndEveryoneConverges() throws Exception {
        long seed = Long.getLong("gkm.load.seed", System.nanoTime());
        System.out.println("GcksLoadTest seed " + seed + " (-Dgkm.load.seed=" + seed + " repeats it)");
        SplittableRandom rnd = new SplittableRandom(seed);
        // The default registration bound; a busy member waits longer than by default so that its
        // retries (a fixed number) span the whole registration storm, and an admitted registration may
        // take as long as it waits for the group under this load. Resync never finds the store compacted.
        ServerOptions options = ServerOptions.defaults().withNet(org.gkm.gcks.net.ServerConfig.defaults()
                .withRetryAfter(RETRY_AFTER).withHandshakeDeadline(Duration.ofSeconds(60)));
        fx = new GcksFixture("openssl", options, 0xFFFF,
                (p, policy, group) -> new AuditedBackend(p, InMemoryGroupBackend.create(p, policy, group, 1, 1 << 20)));
        audited = (AuditedBackend) fx.backend;
        try {
            run(seed, rnd);
        } finally {
            for (Driver d : all) {
                d.stop();
            }
            for (Driver d : all) {
                d.thread.join(WAIT.toMillis());
            }
            fx.close();
        }
    }

    private void run(long seed, SplittableRandom rnd) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < MEMBERS; i++) {
            live.add(start());
        }
        for (Driver d : live) {
            await(d.registered, "registration of " + d.name);
        }
        long registeredNanos = System.nanoTime() - t0;
        ServerStats afterRegistration = fx.server.transport().stats();
        long checks = checkpoint("after registration");
        long rekeysAtStart = audited.rekeys();

        long t1 = System.nanoTime();
        int joins = 0;
        int deregistrations = 0;
        int removals = 0;
        int waves = 0;
        for (int issued = 0; issued < EVENTS; waves++) {
            int n = Math.min(WAVE, EVENTS - issued);
            List<CompletableFuture<?>> events = new ArrayList<>();
            Set<Driver> chosen = new HashSet<>();
            List<Driver> joiners = new ArrayList<>();
            for (int e = 0; e < n; e++) {
                double joinOdds = 0.5 + 0.5 * (MEMBERS - live.size() + joiners.size() - chosen.size()) / (double) MEMBERS;
                if (rnd.nextDouble() < joinOdds || live.size() - chosen.size() < 2) {
                    Driver d = start();
                    joiners.add(d);
                    events.add(d.registered);
                    joins++;
                    continue;
                }
                Driver d;
                do {
                    d = live.get(rnd.nextInt(live.size()));
                } while (!chosen.add(d));
                if (rnd.nextBoolean()) {
                    events.add(d.deregister());
                    deregistrations++;
                } else {
                    events.add(d.removeByOwner());
                    removals++;
                }
            }
            issued += n;
            for (CompletableFuture<?> f : events) {
                await(f, "an event of wave " + waves + " (seed " + seed + ")");
            }
            for (Driver d : chosen) {
                await(d.done, "the departure of " + d.name);
                live.remove(d);
                departed.add(d);
            }
            live.addAll(joiners);
            if ((waves + 1) % CHECK_EVERY == 0) {
                checks += checkpoint("after wave " + waves);
            }
        }
        checks += checkpoint("at the end");
        long eventNanos = System.nanoTime() - t1;

        // Access control on the members' side.
        long joinerChecks = 0;
        long leaverChecks = 0;
        for (Driver d : all) {
            assertNull(d.failure, d.name + " failed (seed " + seed + ")");
            long joinedAt = d.joinedAt;
            assertTrue(joinedAt >= 0, d.name + " never joined the tree");
            for (Held h : d.held()) {
                Long since = audited.tekSince(h.tek());
                assertTrue(since != null, d.name + " held a TEK the group never had, at " + h.sequence());
                assertTrue(since >= joinedAt, d.name + " (joined at " + joinedAt + ") held the TEK of sequence " + since);
                if (d.leftAt >= 0) {
                    assertTrue(since < d.leftAt, d.name + " (left at " + d.leftAt + ") held the TEK of sequence " + since);
                }
            }
            joinerChecks++;
            if (d.leftAt >= 0) {
                assertTrue(d.refusedAfterLeaving, d.name + " read the messages after its departure without a refusal");
                leaverChecks++;
            }
        }
        assertEquals(List.of(), audited.problems(), "seed " + seed);
        assertEquals(0, audited.forwardViolations(), "forward audit, seed " + seed);
        assertEquals(0, audited.backwardViolations(), "backward audit, seed " + seed);
        assertEquals(live.size(), fx.server.members(GcksFixture.G).size());
        assertEquals(live.size(), fx.server.treeMembers(GcksFixture.G));

        long rekeys = audited.rekeys();
        System.out.printf("GcksLoadTest: %d members registered in %.1f s (%d busy answers); %d events in %d waves"
                + " (%d joins, %d de-registrations, %d owner removals) in %.1f s; %d rekeys in all, %d for the events"
                + " (%.1f events per rekey); %d registrations; %d members at the end; %d convergence checks passed;"
                + " forward audit: %d departures pooled, %d violations; backward audit: %d joiners checked, %d violations;"
                + " members' TEKs: %d members placed on the timeline, %d leavers read the later messages, 0 violations;"
                + " wall time %.1f s%n",
                MEMBERS, registeredNanos / 1e9, afterRegistration.busyAnswers(), EVENTS, waves, joins, deregistrations, removals,
                eventNanos / 1e9, rekeys, rekeys - rekeysAtStart, EVENTS / (double) Math.max(1, rekeys - rekeysAtStart),
                fx.server.metrics().registrations(), live.size(), checks, audited.departedAudited(), audited.forwardViolations(),
                audited.joinersAudited(), audited.backwardViolations(), joinerChecks, leaverChecks,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Every live member reaches the head and holds the TEK current at its sequence; returns the checks made. */
    private long checkpoint(String when) throws Exception {
        long head = fx.backend.sequence();
        String tek = fx.backend.tekFingerprint();
        List<CompletableFuture<Held>> answers = new ArrayList<>();
        for (Driver d : live) {
            answers.add(d.reach(head));
        }
        for (int i = 0; i < live.size(); i++) {
            Held h = await(answers.get(i), live.get(i).name + " reaching " + head + " " + when);
            assertTrue(h.sequence() >= head, when);
            if (h.sequence() == fx.backend.sequence()) {
                assertEquals(tek, h.tek(), live.get(i).name + " " + when);
            }
            assertEquals(h.sequence(), audited.tekSince(h.tek()), live.get(i).name + " holds another TEK than its sequence's " + when);
        }
        return live.size();
    }

    /** The answer of {@code f}; a failure names the transport's figures (closes by reason, busy answers). */
    private <T> T await(CompletableFuture<T> f, String what) throws Exception {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": no answer within " + WAIT + "; " + fx.server.transport().stats(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause() + "; " + fx.server.transport().stats(), e.getCause());
        }
    }

    private Driver start() {
        String name = "load-" + named++;
        MemberAgent agent = new MemberAgent(fx.p, fx.enroll(name), fx.sm.anchor(), fx.sm.crl(), fx.agentConfig());
        Driver d = new Driver(name, agent);
        all.add(d);
        d.thread = Thread.ofVirtual().name(name).start(d::run);
        return d;
    }

    /** A TEK (by fingerprint) an agent held at a sequence. */
    private record Held(long sequence, String tek) {
    }

    /** What a driver's thread runs for the test, between two reads of its connection. */
    private interface Request {
        /** Returns whether the driver ends. */
        boolean run() throws Exception;
    }

    /**
     * One member agent on its own virtual thread: registers, then reads its connection in slices
     * and, between slices, runs the test's requests (reach a sequence, de-register). Notes the TEK
     * after every slice in which its sequence moved.
     */
    private final class Driver {
        final String name;
        final MemberAgent agent;
        final CompletableFuture<Void> registered = new CompletableFuture<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
        private final List<Held> held = new ArrayList<>();
        private volatile boolean removalExpected;
        private volatile boolean stopped;
        volatile Throwable failure;
        /** The sequence of the rekey that joined this member to the key tree. */
        volatile long joinedAt = -1;
        /** The sequence of this member's leave rekey, or -1. */
        volatile long leftAt = -1;
        /** Whether, after its departure, resync refused the first message it may not open. */
        volatile boolean refusedAfterLeaving;
        private final CompletableFuture<Long> removal = new CompletableFuture<>();
        /** The test's requests not answered yet: failed with the driver's failure if it ends. */
        private final List<CompletableFuture<?>> unanswered = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread thread;

        Driver(String name, MemberAgent agent) {
            this.name = name;
            this.agent = agent;
        }

        synchronized List<Held> held() {
            return List.copyOf(held);
        }

        private synchronized void note() {
            long s = agent.sequence();
            if (held.isEmpty() || held.get(held.size() - 1).sequence() != s) {
                held.add(new Held(s, agent.tekFingerprint()));
            }
        }

        void run() {
            try {
                agent.register();
                Long joined = audited.joinedAt(agent.memberId()); // its id is not reused while it is a member
                joinedAt = joined == null ? -1 : joined;
                note();
                registered.complete(null);
                while (!stopped) {
                    Request r = requests.poll();
                    if (r != null) {
                        if (r.run()) {
                            return;
                        }
                        continue;
                    }
                    try {
                        agent.pump(SLICE);
                    } catch (AgentException e) {
                        if (removalExpected && agent.removed()) {
                            afterRemoval();
                            return;
                        }
                        throw e;
                    }
                    note();
                }
            } catch (Throwable t) {
                failure = t;
                registered.completeExceptionally(t);
            } finally {
                for (CompletableFuture<?> f : unanswered) {
                    f.completeExceptionally(failure != null ? failure : new IllegalStateException(name + " ended"));
                }
                try {
                    agent.close();
                } catch (java.io.IOException e) {
                    failure = failure == null ? e : failure;
                }
                done.complete(null);
            }
        }

        /** The member's keys reach sequence {@code head}; answers what it holds then. */
        CompletableFuture<Held> reach(long head) {
            CompletableFuture<Held> f = new CompletableFuture<>();
            unanswered.add(f);
            requests.add(() -> {
                agent.awaitSequence(head, WAIT);
                note();
                f.complete(new Held(agent.sequence(), agent.tekFingerprint()));
                unanswered.remove(f);
                return false;
            });
            return f;
        }

        /** The member de-registers (proof of possession); completes with the leave rekey's sequence. */
        CompletableFuture<Long> deregister() {
            CompletableFuture<Long> f = new CompletableFuture<>();
            unanswered.add(f);
            requests.add(() -> {
                note();
                leftAt = agent.deregister();
                f.complete(leftAt);
                unanswered.remove(f);
                readLaterMessages();
                return true;
            });
            return f;
        }

        /** The owner removes the member ({@code gkm admin remove}); completes with the leave rekey's sequence. */
        CompletableFuture<Long> removeByOwner() {
            removalExpected = true;
            Thread.ofVirtual().start(() -> {
                try {
                    long seq = fx.server.remove(GcksFixture.G, EntityId.of(name));
                    leftAt = seq;
                    removal.complete(seq);
                } catch (BackendException | RuntimeException e) {
                    removal.completeExceptionally(e);
                }
            });
            return removal;
        }

        /** Pushed to after its removal's goodbye: it reconnects and reads the public messages. */
        private void afterRemoval() throws Exception {
            note();
            removal.get(WAIT.toMillis(), TimeUnit.MILLISECONDS); // the owner's answer may still be on its way
            agent.reconnect();
            readLaterMessages();
        }

        /**
         * After its departure the member asks for every message since its sequence (resync (b) needs
         * no registration): it may apply those before its leave rekey, but no later TEK opens for it.
         */
        private void readLaterMessages() throws Exception {
            try {
                agent.resyncTcp();
            } catch (AgentException e) {
                refusedAfterLeaving = e.getMessage().contains("refused");
            }
            note();
        }

        void stop() {
            stopped = true;
        }
    }
}
