package org.gkm.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.gcks.server.BackendException;
import org.gkm.gcks.server.CommittedRekey;
import org.gkm.gcks.server.InMemoryGroupBackend;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random faults over a running membership churn on three replicas (tag {@code faults}: run by the
 * {@code -Pfaults} profile, which CI runs).
 *
 * <p><b>Fault rounds.</b> {@value #DEFAULT_ROUNDS} rounds; each injects one fault, drawn from a seeded
 * random, at a random point of the round while a churn driver applies joins, leaves and batches (up to
 * {@value #MAX_BATCH} events in one rekey) through whichever replica leads: the leader killed
 * mid-churn, the leader killed while a batch is in flight, a follower killed and restarted, a
 * follower (a minority) kept down while the majority commits and restarted later, a replica restarted
 * from its data directory. {@value #DEFAULT_EVENTS} membership events in all.
 *
 * <p><b>Honest retries.</b> A write that fails (NOT_LEADER, NOT_CONFIRMED, a stale plan refused, or the
 * replica stopped under the call) may still have committed (Ratis answers a pending request of a
 * leader that steps down with NotLeaderException, although the entry may be in the new leader's log;
 * the backend reports that as NOT_CONFIRMED, and the rounds assert that no NOT_LEADER answer's
 * change committed).
 * The driver never replays it blindly: it commits a TEK change on the current leader as a barrier
 * (after it, the failed entry has either been applied or can never apply: its sequence number is
 * taken), then reads the committed membership (members by id and client key) and counts the change
 * once if it committed, or submits it again if not. A batch is all or nothing, which is asserted.
 *
 * <p><b>What is asserted and printed.</b> Every acknowledged change's message is at its sequence in
 * every replica's {@code messagesSince} with identical bytes (lost: 0); no sequence number was ever
 * seen with two different messages, over everything read from any replica and every acknowledgement
 * during the run (divergent: 0); the sequences are 1..head without gaps; the replicas end with one
 * state fingerprint; simulated members ({@link MemberKeyState}, built from their download and fed the
 * committed messages read from any running replica) end at the head with the leader's TEK, and the
 * leader's members are exactly theirs.
 *
 * <p><b>No COOP split.</b> With the leader alone (its two followers stopped) its writes are refused or
 * not confirmed and it exposes no new message; a new majority without it continues the sequence, and
 * the old leader, restarted, takes the majority's messages at the sequence numbers it had tried: no
 * replica ever shows two messages for one sequence.
 *
 * <p>Seeded: the seed is printed, {@code -Dgkm.faults.seed=N} repeats the fault and event choices
 * (thread timing, and so where exactly a kill lands, varies). {@code -Dgkm.faults.rounds},
 * {@code -Dgkm.faults.events} change the sizes for local runs.
 */
@Tag("faults")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FaultRoundsTest {
    static final int DEFAULT_ROUNDS = 10;
    static final int DEFAULT_EVENTS = 10_000;
    private static final int ROUNDS = Integer.getInteger("gkm.faults.rounds", DEFAULT_ROUNDS);
    private static final int EVENTS = Integer.getInteger("gkm.faults.events", DEFAULT_EVENTS);
    private static final int MAX_BATCH = 64;
    /** The member count the churn hovers around. */
    private static final int POOL = 200;
    /** Commits between two catch-ups of the simulated members. */
    private static final int SYNC_EVERY = 8;
    /** Commits the majority makes while a minority is down. */
    private static final int MINORITY_PROGRESS = 5;
    private static final long WAIT_MS = 60_000;
    private static final GroupId GROUP = GroupId.of("replicated-faults");
    private static final GroupPolicy POLICY = GroupPolicy.defaults();
    private static final long EPOCH = 1;
    /** A write waits at most this for its commit (a fault round never leaves less than a majority). */
    private static final ReplicatedGroupBackend.Options OPTIONS = new ReplicatedGroupBackend.Options(
            ReplicaCluster.OPTIONS.electionTimeoutMin(), ReplicaCluster.OPTIONS.electionTimeoutMax(), Duration.ofSeconds(5));

    enum Fault { KILL_LEADER, KILL_LEADER_DURING_BATCH, KILL_FOLLOWER, MINORITY_DOWN, RESTART_FROM_DATA }

    @TempDir
    Path dir;

    private ReplicaCluster cluster;
    private Thread faultThread;

    static List<String> providers() {
        return TestProviders.names();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (faultThread != null) {
            faultThread.interrupt();
            faultThread.join(WAIT_MS);
            assertFalse(faultThread.isAlive(), "fault thread still running");
        }
        if (cluster != null) {
            synchronized (cluster) {
                cluster.close();
            }
        }
    }

    // ---------------------------------------------------------------- the fault rounds

    @ParameterizedTest
    @MethodSource("providers")
    void tenRoundsOfRandomFaultsOverTenThousandEventsLoseAndSplitNothing(String provider) throws Exception {
        long seed = Long.getLong("gkm.faults.seed", System.nanoTime());
        System.out.println("FaultRoundsTest[" + provider + "] seed " + seed + " (-Dgkm.faults.seed=" + seed + " repeats it)");
        cluster = new ReplicaCluster(TestProviders.get(provider), GROUP, 3, dir, OPTIONS);
        Churn churn = new Churn(cluster.provider, new SplittableRandom(seed), seed);
        churn.run();
    }

    /** A member the test simulates: its registration keys, tree id and key state. */
    private static final class SimMember {
        final ClientKeys keys;
        final int id;
        final MemberKeyState state;

        SimMember(ClientKeys keys, int id, MemberKeyState state) {
            this.keys = keys;
            this.id = id;
            this.state = state;
        }
    }

    /** A write's outcome, for the counters. */
    private enum Outcome { ACKNOWLEDGED, RECONCILED_COMMITTED, RECONCILED_NOT_COMMITTED }

    /** The churn driver (the test's thread), the fault injector (a thread per round) and the checks. */
    private final class Churn {
        final CryptoProvider p;
        final SplittableRandom rnd;
        final long seed;
        final EngineRandom keys;
        final List<SimMember> live = new ArrayList<>();
        /** Acknowledged changes: sequence to the message the acknowledgement returned. */
        final NavigableMap<Long, byte[]> acked = new TreeMap<>();
        /** Every (sequence, message) seen from any replica or acknowledgement during the run. */
        final Map<Long, byte[]> seen = new ConcurrentSkipListMap<>();
        final Set<Long> divergent = new TreeSet<>();
        final AtomicLong lastAcked = new AtomicLong();
        final AtomicLong events = new AtomicLong();
        /** Events of the batch in flight, 0 when none. */
        volatile int inFlight;
        volatile boolean faultInjected;
        volatile boolean faultDone;
        volatile Throwable faultFailure;
        final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        final Map<String, Integer> failures = new TreeMap<>();
        int notLeaderButCommitted;
        int failedOnKilled;
        /** Member reads answered UnknownGroup by a restarted replica that had not replayed the genesis yet. */
        int unknownGroupReads;
        int barriers;
        int commits;
        int joins;
        int leaves;
        PublicKey gcksKey;

        Churn(CryptoProvider p, SplittableRandom rnd, long seed) {
            this.p = p;
            this.rnd = rnd;
            this.seed = seed;
            this.keys = EngineRandom.of(p);
        }

        void run() throws Exception {
            long t0 = System.nanoTime();
            ReplicatedGroupBackend first = leader();
            first.createGroup(POLICY, EPOCH);
            gcksKey = first.signingPublicKey();
            int perRound = EVENTS / ROUNDS;
            List<String> roundLines = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                Fault fault = Fault.values()[rnd.nextInt(Fault.values().length)];
                long roundStart = events.get();
                long budget = round == ROUNDS - 1 ? EVENTS - roundStart : perRound;
                long trigger = roundStart + budget / 5 + rnd.nextLong(Math.max(1, budget * 2 / 5));
                long seqBefore = lastAcked.get();
                String[] note = new String[1];
                startFault(fault, trigger, rnd.split(), note);
                while (events.get() - roundStart < budget || !faultDone) {
                    if (faultFailure != null) {
                        break;
                    }
                    long left = budget - (events.get() - roundStart);
                    step(left > 0 ? (int) Math.min(MAX_BATCH, left) : MAX_BATCH);
                }
                faultThread.join(WAIT_MS);
                assertFalse(faultThread.isAlive(), "round " + round + ": the fault did not end (seed " + seed + ")");
                if (faultFailure != null) {
                    throw new AssertionError("round " + round + " " + fault + " (seed " + seed + ")", faultFailure);
                }
                ReplicatedGroupBackend leader = checkReplicasAgree("round " + round + " " + fault);
                syncMembers(leader);
                String line = String.format("round %d: %-24s %s; events %d..%d, sequences %d..%d", round, fault, note[0],
                        roundStart, events.get(), seqBefore, leader.sequence());
                roundLines.add(line);
                System.out.println("FaultRoundsTest[" + p.name() + "] " + line);
            }
            finalChecks(t0);
        }

        // ------------------------------------------------------------ churn

        /** One write of up to {@code max} events: a single join or leave, or a batch. */
        void step(int max) throws Exception {
            List<ClientKeys> joining = new ArrayList<>();
            List<SimMember> leaving = new ArrayList<>();
            double r = rnd.nextDouble();
            if (r < 0.1 || max == 1) {
                if (r < 0.05 || live.size() < 2) {
                    joining.add(ClientKeys.generate(keys, POLICY.hybrid()));
                } else {
                    leaving.add(live.get(rnd.nextInt(live.size())));
                }
            } else {
                int n = 2 + rnd.nextInt(Math.max(1, max - 1));
                Set<SimMember> chosen = new HashSet<>();
                for (int e = 0; e < n; e++) {
                    double joinOdds = 0.5 + 0.5 * (POOL - (live.size() + joining.size() - chosen.size())) / (double) POOL;
                    if (rnd.nextDouble() < joinOdds || live.size() - chosen.size() < 2) {
                        joining.add(ClientKeys.generate(keys, POLICY.hybrid()));
                    } else {
                        SimMember m;
                        do {
                            m = live.get(rnd.nextInt(live.size()));
                        } while (!chosen.add(m));
                        leaving.add(m);
                    }
                }
            }
            write(joining, leaving);
            if (commits % SYNC_EVERY == 0) {
                ReplicatedGroupBackend any = anyRunning();
                if (any != null) {
                    syncMembers(any);
                }
            }
        }

        /** Commits one change through the leader, reconciling every failure; counts it exactly once. */
        void write(List<ClientKeys> joining, List<SimMember> leaving) throws Exception {
            int[] leaverIds = leaving.stream().mapToInt(m -> m.id).toArray();
            int size = joining.size() + leaving.size();
            for (int attempt = 0; ; attempt++) {
                ReplicatedGroupBackend l = leader();
                CommittedRekey c;
                try {
                    inFlight = size;
                    if (joining.size() == 1 && leaving.isEmpty()) {
                        c = l.join(joining.get(0));
                    } else if (joining.isEmpty() && leaving.size() == 1) {
                        c = l.leave(leaverIds[0]);
                    } else {
                        c = l.batch(joining, leaverIds);
                    }
                } catch (BackendException e) {
                    inFlight = 0;
                    requireRetryable(e);
                    if (reconcile(l, e.reason().name(), joining, leaving, size, attempt)) {
                        return;
                    }
                    continue;
                } catch (RuntimeException e) {
                    inFlight = 0;
                    if (isRunning(l)) {
                        throw e; // not a fault of this test: a failure
                    }
                    if (reconcile(l, "replica stopped: " + e.getClass().getSimpleName(), joining, leaving, size, attempt)) {
                        return;
                    }
                    continue;
                }
                inFlight = 0;
                acknowledged(c);
                assertEquals(joining.size(), c.plan().joiners().length);
                GroupAuthKey auth = authKeyAt(l, c.sequence());
                try {
                    for (int i = 0; i < joining.size(); i++) {
                        int id = c.plan().joiners()[i];
                        MemberKeyState s = MemberKeyState.fromDownload(p, POLICY, GROUP, EPOCH, id, joining.get(i), auth,
                                gcksKey, c.joinerKeys(i));
                        assertEquals(c.sequence(), s.sequence(), "a joiner's state is at its rekey");
                        live.add(new SimMember(joining.get(i), id, s));
                    }
                } finally {
                    auth.destroy();
                }
                departed(leaving);
                count(Outcome.ACKNOWLEDGED, joining.size(), leaving.size());
                return;
            }
        }

        private void requireRetryable(BackendException e) {
            switch (e.reason()) {
                case NOT_LEADER, NOT_CONFIRMED -> {
                }
                case REFUSED -> {
                    if (!e.getMessage().contains("stale")) {
                        throw new AssertionError("refused (seed " + seed + ")", e);
                    }
                }
                default -> throw new AssertionError(e.reason() + " (seed " + seed + ")", e);
            }
        }

        /**
         * After a failed write: a barrier commit on the current leader, then the committed membership
         * says whether the write committed. Returns whether it did (and counts it); false: retry it.
         */
        boolean reconcile(ReplicatedGroupBackend failedOn, String why, List<ClientKeys> joining, List<SimMember> leaving,
                int size, int attempt) throws Exception {
            failures.merge(why, 1, Integer::sum);
            if (!isRunning(failedOn)) {
                failedOnKilled++;
            }
            backOff(attempt);
            CommittedRekey barrier = null;
            ReplicatedGroupBackend on = null;
            for (int a = 0; barrier == null; a++) {
                on = leader();
                try {
                    barrier = on.changeTek();
                } catch (BackendException e) {
                    requireRetryable(e);
                    failures.merge("barrier " + e.reason().name(), 1, Integer::sum);
                    backOff(a);
                } catch (RuntimeException e) {
                    if (isRunning(on)) {
                        throw e;
                    }
                    failures.merge("barrier: replica stopped", 1, Integer::sum);
                    backOff(a);
                }
            }
            acknowledged(barrier);
            barriers++;
            ReplicatedGroupBackend r = readerAt(on, barrier.sequence());
            Map<Integer, ClientKeys> byId = new HashMap<>();
            for (int id : r.memberIds()) {
                byId.put(id, r.clientKeys(id));
            }
            int[] joinedIds = new int[joining.size()];
            int found = 0;
            for (int i = 0; i < joining.size(); i++) {
                joinedIds[i] = -1;
                for (Map.Entry<Integer, ClientKeys> e : byId.entrySet()) {
                    if (e.getValue().clientKey().equalsConstantTime(joining.get(i).clientKey())) {
                        joinedIds[i] = e.getKey();
                        found++;
                    }
                }
            }
            int gone = 0;
            for (SimMember m : leaving) {
                ClientKeys k = byId.get(m.id);
                if (k == null || !k.clientKey().equalsConstantTime(m.keys.clientKey())) {
                    gone++;
                }
            }
            boolean committed = found + gone > 0;
            if (committed) {
                assertEquals(joining.size(), found, "a batch committed in part: joiners (seed " + seed + ")");
                assertEquals(leaving.size(), gone, "a batch committed in part: leavers (seed " + seed + ")");
                if (why.startsWith("NOT_LEADER")) {
                    notLeaderButCommitted++;
                }
                // the joiners were never acknowledged: they take their keys from the published path
                GroupAuthKey auth = r.authKey();
                try {
                    for (int i = 0; i < joining.size(); i++) {
                        MemberKeyState s = MemberKeyState.fromDownload(p, POLICY, GROUP, EPOCH, joinedIds[i], joining.get(i),
                                auth, gcksKey, r.sealedPath(joinedIds[i]));
                        live.add(new SimMember(joining.get(i), joinedIds[i], s));
                    }
                } finally {
                    auth.destroy();
                }
                departed(leaving);
                count(Outcome.RECONCILED_COMMITTED, joining.size(), leaving.size());
            } else {
                outcomes.merge(Outcome.RECONCILED_NOT_COMMITTED, 1, Integer::sum);
            }
            return committed;
        }

        private void departed(List<SimMember> leaving) {
            for (SimMember m : leaving) {
                assertTrue(live.remove(m));
                m.state.destroy();
                m.keys.destroy();
            }
        }

        private void count(Outcome o, int joined, int left) {
            outcomes.merge(o, 1, Integer::sum);
            joins += joined;
            leaves += left;
            events.addAndGet(joined + left);
        }

        void acknowledged(CommittedRekey c) {
            commits++;
            assertNull(acked.put(c.sequence(), c.multicast()), "sequence " + c.sequence() + " acknowledged twice");
            assertTrue(c.sequence() > lastAcked.get(), "acknowledged sequences rise (seed " + seed + ")");
            lastAcked.set(c.sequence());
            observe(c.sequence(), c.multicast());
        }

        void observe(long sequence, byte[] message) {
            byte[] before = seen.putIfAbsent(sequence, message);
            if (before != null && !Arrays.equals(before, message)) {
                synchronized (divergent) {
                    divergent.add(sequence);
                }
            }
        }

        void observeAll(ReplicatedGroupBackend r) {
            for (StoredMessage m : messages(r)) {
                observe(m.sequence(), m.message());
            }
        }

        private void backOff(int attempt) throws InterruptedException {
            Thread.sleep(Math.min(500, 20L << Math.min(attempt, 5)));
        }

        // ------------------------------------------------------------ members

        /** Every live member reads the messages after its sequence from {@code from} and applies them. */
        void syncMembers(ReplicatedGroupBackend from) throws Exception {
            if (live.isEmpty()) {
                return;
            }
            long min = Long.MAX_VALUE;
            for (SimMember m : live) {
                min = Math.min(min, m.state.sequence());
            }
            MessagesSince answer;
            try {
                answer = from.messagesSince(min, Integer.MAX_VALUE);
            } catch (RuntimeException e) {
                if (isRunning(from)) {
                    throw e;
                }
                return; // stopped under the read: the members read another replica next time
            }
            if (answer instanceof MessagesSince.UnknownGroup) {
                // a restarted replica still replaying its log up to the genesis: it lags, like any
                // follower; the members read another replica next time
                unknownGroupReads++;
                return;
            }
            List<StoredMessage> msgs = assertInstanceOf(MessagesSince.Messages.class, answer).messages();
            for (StoredMessage m : msgs) {
                observe(m.sequence(), m.message());
            }
            for (SimMember member : live) {
                for (StoredMessage m : msgs) {
                    if (m.sequence() > member.state.sequence()) {
                        assertEquals(MemberKeyState.Outcome.APPLIED, member.state.process(m.message()),
                                "member " + member.id + " at " + m.sequence());
                    }
                }
            }
        }

        // ------------------------------------------------------------ replicas

        boolean isRunning(ReplicatedGroupBackend r) {
            synchronized (cluster) {
                return cluster.running().contains(r);
            }
        }

        ReplicatedGroupBackend anyRunning() {
            synchronized (cluster) {
                List<ReplicatedGroupBackend> rs = cluster.running();
                return rs.isEmpty() ? null : rs.get(rnd.nextInt(rs.size()));
            }
        }

        /** The running replica that leads now (it may lose that at any time). */
        ReplicatedGroupBackend leader() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (System.nanoTime() < deadline) {
                synchronized (cluster) {
                    for (ReplicatedGroupBackend r : cluster.running()) {
                        if (r.isLeader()) {
                            return r;
                        }
                    }
                }
                Thread.sleep(20);
            }
            return fail("no leader within " + WAIT_MS + " ms (seed " + seed + ")");
        }

        /**
         * A running replica at exactly {@code sequence} ({@code preferred} if it still runs): no
         * write is in flight, so the committed state there is the one right after that commit.
         */
        ReplicatedGroupBackend readerAt(ReplicatedGroupBackend preferred, long sequence) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (System.nanoTime() < deadline) {
                List<ReplicatedGroupBackend> rs;
                synchronized (cluster) {
                    rs = cluster.running();
                }
                if (rs.contains(preferred)) {
                    rs.remove(preferred);
                    rs.add(0, preferred);
                }
                for (ReplicatedGroupBackend r : rs) {
                    try {
                        if (r.stateMachine().awaitSequence(sequence, 100)) {
                            assertEquals(sequence, r.sequence(), "a change committed past the last write (seed " + seed + ")");
                            return r;
                        }
                    } catch (RuntimeException e) {
                        if (isRunning(r)) {
                            throw e;
                        }
                    }
                }
            }
            return fail("no running replica reached sequence " + sequence + " (seed " + seed + ")");
        }

        private GroupAuthKey authKeyAt(ReplicatedGroupBackend preferred, long sequence) throws InterruptedException {
            while (true) {
                ReplicatedGroupBackend r = readerAt(preferred, sequence);
                try {
                    return r.authKey();
                } catch (RuntimeException e) {
                    if (isRunning(r)) {
                        throw e;
                    }
                }
            }
        }

        /**
         * Every replica runs and reaches the leader's sequence with its state fingerprint, TEK,
         * members and messages; returns the leader.
         */
        ReplicatedGroupBackend checkReplicasAgree(String when) throws InterruptedException {
            ReplicatedGroupBackend leader;
            synchronized (cluster) {
                assertEquals(3, cluster.running().size(), when + ": every replica runs again");
            }
            leader = leader();
            long head = leader.sequence();
            assertEquals(lastAcked.get(), head, when + ": the head is the last acknowledged change");
            cluster.awaitSequence(head);
            List<StoredMessage> reference = messages(leader);
            for (ReplicatedGroupBackend r : cluster.running()) {
                assertEquals(head, r.sequence(), when + ": " + r);
                assertArrayEquals(leader.fingerprint(), r.fingerprint(), when + ": state fingerprint of " + r);
                assertEquals(leader.tekFingerprint(), r.tekFingerprint(), when + ": " + r);
                assertArrayEquals(leader.memberIds(), r.memberIds(), when + ": " + r);
                observeAll(r);
                assertEquals(reference, messages(r), when + ": committed messages of " + r);
            }
            return leader;
        }

        // ------------------------------------------------------------ faults

        void startFault(Fault fault, long trigger, SplittableRandom frnd, String[] note) {
            faultInjected = false;
            faultDone = false;
            faultFailure = null;
            faultThread = Thread.ofPlatform().name("fault-" + fault).start(() -> {
                try {
                    note[0] = inject(fault, trigger, frnd);
                } catch (InterruptedException e) {
                    faultFailure = e;
                } catch (Throwable t) {
                    faultFailure = t;
                } finally {
                    faultInjected = true;
                    faultDone = true;
                }
            });
        }

        private String inject(Fault fault, long trigger, SplittableRandom frnd) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (events.get() < trigger) {
                check(deadline, "the churn reaching event " + trigger);
                Thread.sleep(1);
            }
            switch (fault) {
                case KILL_LEADER -> {
                    int i = stopLeader();
                    long at = lastAcked.get();
                    faultInjected = true;
                    awaitAcked(at + 2, deadline, "two commits by a new leader");
                    start(i);
                    return "leader r" + i + " killed at sequence " + at + ", a new leader committed " + (lastAcked.get() - at)
                            + ", r" + i + " restarted";
                }
                case KILL_LEADER_DURING_BATCH -> {
                    while (inFlight < 2) {
                        check(deadline, "a batch in flight");
                        Thread.onSpinWait();
                    }
                    Thread.sleep(frnd.nextInt(15));
                    int batch = inFlight;
                    int i = stopLeader();
                    long at = lastAcked.get();
                    faultInjected = true;
                    awaitAcked(at + 2, deadline, "two commits by a new leader");
                    start(i);
                    return "leader r" + i + " killed " + (batch >= 2 ? "with a batch of " + batch + " in flight" : "after the batch")
                            + " at sequence " + at + ", r" + i + " restarted";
                }
                case KILL_FOLLOWER -> {
                    int i = stopFollower();
                    faultInjected = true;
                    Thread.sleep(300 + frnd.nextInt(700));
                    start(i);
                    return "follower r" + i + " killed and restarted";
                }
                case MINORITY_DOWN -> {
                    int i = stopFollower();
                    long at = lastAcked.get();
                    faultInjected = true;
                    awaitAcked(at + MINORITY_PROGRESS, deadline, "the majority committing without the minority");
                    long progress = lastAcked.get() - at;
                    start(i);
                    return "minority r" + i + " down while the majority committed " + progress + ", restarted";
                }
                case RESTART_FROM_DATA -> {
                    int i = frnd.nextInt(3);
                    long at;
                    synchronized (cluster) {
                        at = cluster.replicas[i].sequence();
                        cluster.stop(i);
                        cluster.start(i);
                    }
                    faultInjected = true;
                    return "r" + i + " restarted from its data directory at sequence " + at;
                }
                default -> throw new AssertionError(fault);
            }
        }

        private void check(long deadline, String what) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fault thread: no " + what + " within " + WAIT_MS + " ms");
            }
        }

        private void awaitAcked(long sequence, long deadline, String what) throws InterruptedException {
            while (lastAcked.get() < sequence) {
                check(deadline, what);
                Thread.sleep(5);
            }
        }

        private int stopLeader() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (true) {
                synchronized (cluster) {
                    for (ReplicatedGroupBackend r : cluster.running()) {
                        if (r.isLeader()) {
                            int i = cluster.indexOf(r);
                            cluster.stop(i);
                            return i;
                        }
                    }
                }
                check(deadline, "leader to kill");
                Thread.sleep(5);
            }
        }

        private int stopFollower() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (true) {
                synchronized (cluster) {
                    List<ReplicatedGroupBackend> rs = cluster.running();
                    boolean led = rs.stream().anyMatch(ReplicatedGroupBackend::isLeader);
                    for (ReplicatedGroupBackend r : rs) {
                        if (led && !r.isLeader()) {
                            int i = cluster.indexOf(r);
                            cluster.stop(i);
                            return i;
                        }
                    }
                }
                check(deadline, "follower to kill");
                Thread.sleep(5);
            }
        }

        private void start(int i) throws Exception {
            synchronized (cluster) {
                cluster.start(i);
            }
        }

        // ------------------------------------------------------------ the end

        void finalChecks(long t0) throws Exception {
            ReplicatedGroupBackend leader = checkReplicasAgree("at the end");
            long head = leader.sequence();
            assertTrue(events.get() >= EVENTS, events.get() + " events");
            // lost acknowledged changes: an acknowledged sequence whose message is not in a replica, as acknowledged
            int lost = 0;
            for (ReplicatedGroupBackend r : cluster.running()) {
                Map<Long, byte[]> bySeq = new HashMap<>();
                List<StoredMessage> ms = messages(r);
                for (int k = 0; k < ms.size(); k++) {
                    assertEquals(k + 1, ms.get(k).sequence(), r + ": sequences 1.." + head + " without a gap");
                    bySeq.put(ms.get(k).sequence(), ms.get(k).message());
                }
                for (Map.Entry<Long, byte[]> a : acked.entrySet()) {
                    if (!Arrays.equals(a.getValue(), bySeq.get(a.getKey()))) {
                        lost++;
                    }
                }
            }
            int divergentCount;
            synchronized (divergent) {
                divergentCount = divergent.size();
            }
            // members: every live one at the head with the leader's TEK; the leader's members are exactly them
            syncMembers(leader);
            String tek = leader.tekFingerprint();
            int converged = 0;
            for (SimMember m : live) {
                SecretBytes t = m.state.tek();
                try {
                    if (m.state.sequence() == head && tek.equals(InMemoryGroupBackend.tekFingerprint(t))) {
                        converged++;
                    }
                } finally {
                    t.destroy();
                }
                assertTrue(leader.clientKeys(m.id).clientKey().equalsConstantTime(m.keys.clientKey()),
                        "member " + m.id + " is in the tree with its own keys");
            }
            int[] ids = live.stream().mapToInt(m -> m.id).sorted().toArray();
            int[] tree = leader.memberIds().clone();
            Arrays.sort(tree);
            String figures = String.format("FaultRoundsTest[%s]: seed %d; %d rounds, %d membership events (%d joins, %d leaves)"
                    + " in %d commits (%d TEK-change barriers); acknowledged changes: %d; lost acknowledged changes: %d;"
                    + " divergent sequences: %d (%d sequences observed); write outcomes %s; failures %s;"
                    + " NOT_LEADER answers whose change had committed: %d; writes that failed on a replica killed under them: %d;"
                    + " member reads answered UnknownGroup by a replica still replaying its log: %d;"
                    + " members converged: %d of %d at sequence %d with the leader's TEK %s...; wall time %.1f s",
                    p.name(), seed, ROUNDS, events.get(), joins, leaves, commits, barriers, acked.size(), lost, divergentCount,
                    seen.size(), outcomes, failures, notLeaderButCommitted, failedOnKilled, unknownGroupReads, converged, live.size(), head,
                    tek.substring(0, 16), (System.nanoTime() - t0) / 1e9);
            System.out.println(figures);
            assertEquals(0, lost, "lost acknowledged changes (seed " + seed + ")");
            assertEquals(0, divergentCount, "divergent sequences " + divergent + " (seed " + seed + ")");
            assertEquals(seen.size(), head, "every sequence observed is committed");
            assertEquals(live.size(), converged, "members converged (seed " + seed + ")");
            assertArrayEquals(ids, tree, "the leader's members are the simulated ones");
            // NOT_LEADER promises that nothing was committed (a leader lost in flight is NOT_CONFIRMED)
            assertEquals(0, notLeaderButCommitted, "NOT_LEADER answers whose change committed (seed " + seed + ")");
            for (SimMember m : live) {
                m.state.destroy();
                m.keys.destroy();
            }
        }
    }

    private static List<StoredMessage> messages(ReplicatedGroupBackend r) {
        return assertInstanceOf(MessagesSince.Messages.class, r.messagesSince(0, Integer.MAX_VALUE)).messages();
    }

    // ---------------------------------------------------------------- no COOP split

    @ParameterizedTest
    @MethodSource("providers")
    void aLeaderAloneCommitsNothingAndANewMajorityNeverSplitsASequence(String provider) throws Exception {
        ReplicatedGroupBackend.Options quick = new ReplicatedGroupBackend.Options(ReplicaCluster.OPTIONS.electionTimeoutMin(),
                ReplicaCluster.OPTIONS.electionTimeoutMax(), Duration.ofSeconds(2));
        cluster = new ReplicaCluster(TestProviders.get(provider), GROUP, 3, dir, quick);
        ReplicaCluster c = cluster;
        CryptoProvider p = c.provider;
        Map<Long, byte[]> seen = new HashMap<>();
        Set<Long> divergent = new TreeSet<>();
        ReplicatedGroupBackend old = c.awaitLeader();
        old.createGroup(POLICY, EPOCH);
        for (int i = 0; i < 3; i++) {
            old.join(ClientKeys.generate(EngineRandom.of(p), POLICY.hybrid()));
        }
        long acked = old.sequence();
        c.awaitSequence(acked);
        int oi = c.indexOf(old);
        List<Integer> followers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i != oi) {
                followers.add(i);
                c.stop(i);
            }
        }

        // alone: every write is refused or not confirmed, and the leader exposes no new message
        List<StoredMessage> before = messages(old);
        byte[] fp = old.fingerprint();
        List<ClientKeys> tried = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ClientKeys k = ClientKeys.generate(EngineRandom.of(p), POLICY.hybrid());
            tried.add(k);
            BackendException e = assertThrows(BackendException.class, () -> old.batch(List.of(k), new int[] {old.memberIds()[0]}));
            assertTrue(e.reason() == BackendException.Reason.NOT_CONFIRMED || e.reason() == BackendException.Reason.NOT_LEADER,
                    e.reason() + ": " + e.getMessage());
            assertEquals(acked, old.sequence(), "the lone leader applied nothing");
            assertEquals(before, messages(old), "the lone leader exposes no unconfirmed message");
            assertArrayEquals(fp, old.fingerprint());
        }
        record(seen, divergent, old);

        // the old leader crashes with its unconfirmed entries in its log; the other two form a majority
        c.stop(oi);
        for (int i : followers) {
            c.start(i);
        }
        ReplicatedGroupBackend next = c.awaitLeader();
        assertNotEquals(old.peerId(), next.peerId());
        List<CommittedRekey> committed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            committed.add(next.join(ClientKeys.generate(EngineRandom.of(p), POLICY.hybrid())));
        }
        assertEquals(acked + 1, committed.get(0).sequence(), "the majority continues at the sequence the lone leader tried");
        for (CommittedRekey k : committed) {
            record(seen, divergent, k.sequence(), k.multicast());
        }
        for (ReplicatedGroupBackend r : c.running()) {
            record(seen, divergent, r);
        }

        // the old leader comes back: it takes the majority's messages at those sequence numbers
        ReplicatedGroupBackend back = c.start(oi);
        long head = next.sequence();
        c.awaitSequence(head);
        for (ReplicatedGroupBackend r : c.running()) {
            record(seen, divergent, r);
            assertEquals(messages(next), messages(r), r + ": committed messages");
            assertArrayEquals(next.fingerprint(), r.fingerprint(), r + ": state fingerprint");
        }
        for (ClientKeys k : tried) {
            for (int id : back.memberIds()) {
                assertFalse(back.clientKeys(id).clientKey().equalsConstantTime(k.clientKey()),
                        "a joiner the lone leader never confirmed is a member");
            }
        }
        System.out.printf("FaultRoundsTest[%s]: lone leader r%d refused %d writes at sequence %d; the majority committed %d..%d;"
                + " %d sequences observed on every replica, divergent sequences: %d%n", provider, oi, tried.size(), acked,
                acked + 1, head, seen.size(), divergent.size());
        assertEquals(Set.of(), divergent, "a sequence with two different messages");
        assertEquals(head, seen.size());
    }

    private static void record(Map<Long, byte[]> seen, Set<Long> divergent, ReplicatedGroupBackend r) {
        for (StoredMessage m : messages(r)) {
            record(seen, divergent, m.sequence(), m.message());
        }
    }

    private static void record(Map<Long, byte[]> seen, Set<Long> divergent, long sequence, byte[] message) {
        byte[] before = seen.putIfAbsent(sequence, message);
        if (before != null && !Arrays.equals(before, message)) {
            divergent.add(sequence);
        }
    }
}
