package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.rekey.store.StoreException;
import org.gkm.store.sqlite.SqliteGroupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batch window over real loopback sockets, on the in-memory backend and the durable one (sealed
 * SQLite): registrations within one window are committed as one rekey and every joiner converges on
 * the TEK; window zero keeps one rekey per join; a failed batch commit refuses every registration
 * of the batch and changes nothing.
 */
class BatchWindowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int JOINERS = 6;
    private static final byte[] MASTER = new byte[32];

    static {
        for (int i = 0; i < MASTER.length; i++) {
            MASTER[i] = (byte) (3 * i + 5);
        }
    }

    @TempDir
    Path dir;
    private GcksFixture fx;
    private GroupStore store;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        if (fx != null) {
            fx.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /**
     * The fixture's group on {@code backend} ("memory" or "durable"); {@code failCommits} armed makes
     * the store (durable) or the backend (memory) fail every commit while it is set.
     */
    private GcksFixture fixture(String provider, String backend, ServerOptions options, AtomicBoolean failCommits)
            throws Exception {
        return fixture(provider, backend, options, failCommits, org.gkm.rekey.GroupPolicy.defaults());
    }

    private GcksFixture fixture(String provider, String backend, ServerOptions options, AtomicBoolean failCommits,
            org.gkm.rekey.GroupPolicy groupPolicy) throws Exception {
        return new GcksFixture(provider, options, groupPolicy, 1000, (p, policy, group) -> switch (backend) {
            case "memory" -> failing(InMemoryGroupBackend.create(p, policy, group, 1, 1000), failCommits);
            case "durable" -> {
                store = SealedGroupStore.open(failingAppends(SqliteGroupStore.open(dir.resolve("gkm.db")), failCommits),
                        CryptoProviders.get("java"), SecretBytes.copyOf(MASTER));
                yield DurableGroupBackend.create(store, p, policy, group, 1, SnapshotPolicy.every(1000));
            }
            default -> throw new IllegalArgumentException(backend);
        });
    }

    /** A store whose appends (the commit of a rekey) fail while {@code fail} is set. */
    private static GroupStore failingAppends(GroupStore rows, AtomicBoolean fail) {
        return (GroupStore) Proxy.newProxyInstance(GroupStore.class.getClassLoader(), new Class<?>[] {GroupStore.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("append") && fail.get()) {
                        throw new StoreException(StoreException.Failure.IO, "injected");
                    }
                    try {
                        return m.invoke(rows, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A backend whose membership changes fail (as a failed store commit does) while {@code fail} is set. */
    private static GroupBackend failing(GroupBackend b, AtomicBoolean fail) {
        return (GroupBackend) Proxy.newProxyInstance(GroupBackend.class.getClassLoader(), new Class<?>[] {GroupBackend.class},
                (proxy, m, args) -> {
                    if (fail.get() && List.of("join", "leave", "batch", "changeTek").contains(m.getName())) {
                        throw new BackendException(BackendException.Reason.STORE, "store: injected", null);
                    }
                    try {
                        return m.invoke(b, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Registers every agent at once; returns what each registration ended with (null: registered). */
    private List<AgentException> registerConcurrently(List<MemberAgent> agents) throws Exception {
        List<Future<AgentException>> done = new ArrayList<>();
        for (MemberAgent a : agents) {
            Callable<AgentException> c = () -> {
                try {
                    a.register();
                    return null;
                } catch (AgentException e) {
                    return e;
                }
            };
            done.add(pool.submit(c));
        }
        List<AgentException> out = new ArrayList<>();
        for (Future<AgentException> f : done) {
            out.add(f.get(WAIT.toSeconds() * 2, java.util.concurrent.TimeUnit.SECONDS));
        }
        return out;
    }

    private List<MemberAgent> agents(String prefix, int n) {
        List<MemberAgent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(fx.agent(fx.enroll(prefix + i)));
        }
        return out;
    }

    /** A window wide enough for every registration of the test to reach it; a full batch commits at once. */
    private static ServerOptions oneBatchOf(int n) {
        return ServerOptions.defaults().withBatch(Duration.ofSeconds(3), n);
    }

    @ParameterizedTest
    @CsvSource({"openssl, memory", "java, memory", "openssl, durable", "java, durable"})
    void registrationsWithinOneWindowEndInOneRekeyAndEveryMemberConverges(String provider, String backend) throws Exception {
        fx = fixture(provider, backend, oneBatchOf(JOINERS), new AtomicBoolean());
        MemberAgent first = fx.member("first"); // alone in its batch (closed by the window)
        long before = fx.backend.sequence();
        assertEquals(1, fx.server.metrics().batches());

        List<MemberAgent> joiners = agents("j", JOINERS);
        List<AgentException> results = registerConcurrently(joiners);
        for (AgentException e : results) {
            assertEquals(null, e, () -> "refused: " + e.getMessage());
        }
        long head = fx.backend.sequence();
        assertEquals(before + 1, head, JOINERS + " joins are one rekey");
        assertEquals(2, fx.server.metrics().batches());
        assertEquals(1 + JOINERS, fx.server.metrics().batchedChanges());
        assertEquals(1 + JOINERS, fx.server.treeMembers(GcksFixture.G));
        List<MemberAgent> all = new ArrayList<>(joiners);
        all.add(first);
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (MemberAgent m : all) {
            m.awaitSequence(head, WAIT);
            assertEquals(fx.serverTek(), m.tekFingerprint());
            ids.add(m.memberId());
        }
        assertEquals(all.size(), ids.size(), "every joiner has its own member id");

        // the batch's members keep following the group
        long tek = fx.server.changeTek(GcksFixture.G);
        for (MemberAgent m : all) {
            m.awaitSequence(tek, WAIT);
            assertEquals(fx.serverTek(), m.tekFingerprint());
        }
    }

    /**
     * A batch that fills up is committed at once, and every requester of it, the one whose change
     * opened it included, is answered then, not at the end of the window.
     */
    @ParameterizedTest
    @CsvSource({"openssl, memory", "java, durable"})
    void aFullBatchAnswersEveryRequesterWithoutWaitingOutTheWindow(String provider, String backend) throws Exception {
        Duration window = ServerOptions.defaults().gkmpTimeout().minusSeconds(1);
        fx = fixture(provider, backend, ServerOptions.defaults().withBatch(window, JOINERS), new AtomicBoolean());
        List<MemberAgent> stay = agents("s", JOINERS);
        List<MemberAgent> leave = agents("l", JOINERS);
        long before = fx.backend.sequence();
        long start = System.nanoTime();
        for (List<MemberAgent> batch : List.of(stay, leave)) {
            for (AgentException e : registerConcurrently(batch)) {
                assertEquals(null, e, () -> "refused: " + e.getMessage());
            }
        }
        Duration joined = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(before + 2, fx.backend.sequence(), "two full batches of joins, two rekeys");
        assertTrue(joined.compareTo(window.dividedBy(2)) < 0, "two full batches of joins took " + joined + " (window " + window + ")");

        start = System.nanoTime();
        List<Future<Long>> removals = new ArrayList<>();
        for (int i = 0; i < JOINERS; i++) {
            org.gkm.gkmp.EntityId e = org.gkm.gkmp.EntityId.of("l" + i);
            removals.add(pool.submit(() -> fx.server.remove(GcksFixture.G, e)));
        }
        long leaveSeq = removals.get(0).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        for (Future<Long> f : removals) {
            assertEquals(leaveSeq, f.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "one leave rekey");
        }
        Duration left = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(left.compareTo(window.dividedBy(2)) < 0, "a full batch of removals took " + left + " (window " + window + ")");
        assertEquals(before + 3, leaveSeq);
        for (MemberAgent m : stay) {
            m.awaitSequence(leaveSeq, WAIT);
            assertEquals(fx.serverTek(), m.tekFingerprint());
        }
    }

    @ParameterizedTest
    @CsvSource({"openssl, memory", "java, durable"})
    void windowZeroKeepsOneRekeyPerJoin(String provider, String backend) throws Exception {
        fx = fixture(provider, backend, ServerOptions.defaults().withBatch(Duration.ZERO, ServerOptions.DEFAULT_BATCH_MAX),
                new AtomicBoolean());
        long before = fx.backend.sequence();
        List<MemberAgent> joiners = agents("j", JOINERS);
        for (AgentException e : registerConcurrently(joiners)) {
            assertEquals(null, e, () -> "refused: " + e.getMessage());
        }
        long head = fx.backend.sequence();
        assertEquals(before + JOINERS, head, "one rekey per join");
        assertEquals(0, fx.server.metrics().batches());
        for (MemberAgent m : joiners) {
            m.awaitSequence(head, WAIT);
            assertEquals(fx.serverTek(), m.tekFingerprint());
        }
    }

    @ParameterizedTest
    @CsvSource({"openssl, memory", "java, memory", "openssl, durable", "java, durable"})
    void aFailedBatchCommitRefusesEveryRegistrationOfTheBatchAndChangesNothing(String provider, String backend)
            throws Exception {
        AtomicBoolean fail = new AtomicBoolean();
        fx = fixture(provider, backend, oneBatchOf(JOINERS), fail);
        MemberAgent first = fx.member("first");
        long seq = fx.backend.sequence();
        byte[] fp = fx.backend.fingerprint();
        String tek = fx.serverTek();

        fail.set(true);
        List<org.gkm.gkmp.pki.Credentials> creds = new ArrayList<>();
        List<MemberAgent> joiners = new ArrayList<>();
        for (int i = 0; i < JOINERS; i++) {
            creds.add(fx.enroll("j" + i));
            joiners.add(fx.agent(creds.get(i)));
        }
        List<AgentException> results = registerConcurrently(joiners);
        fail.set(false);
        for (AgentException e : results) {
            assertInstanceOf(AgentException.class, e, "every registration of the failed batch is refused");
            assertEquals(Refusal.SERVER_ERROR, e.refusal().orElseThrow(), e.getMessage());
        }
        assertEquals(seq, fx.backend.sequence());
        assertArrayEquals(fp, fx.backend.fingerprint());
        assertEquals(tek, fx.serverTek());
        assertEquals(1, fx.server.treeMembers(GcksFixture.G));
        assertEquals(1, fx.server.members(GcksFixture.G).size());
        assertEquals(1, fx.server.metrics().registrations());

        // nothing was left behind: the same agents register again, in the next batch (or the next
        // two: on a slow machine the window may close before every registration has reached it)
        for (AgentException e : registerConcurrently(joiners)) {
            assertEquals(null, e, () -> "refused: " + e.getMessage());
        }
        long head = fx.backend.sequence();
        assertTrue(head > seq && head <= seq + JOINERS, "sequence " + head + " after " + seq);
        assertEquals(1 + JOINERS, fx.server.treeMembers(GcksFixture.G));
        first.awaitSequence(head, WAIT);
        for (MemberAgent m : joiners) {
            m.awaitSequence(head, WAIT);
            assertEquals(fx.serverTek(), m.tekFingerprint());
        }
        assertEquals(fx.serverTek(), first.tekFingerprint());
    }

    /**
     * A batch of many removals and a few joins: its rekey message carries the joiners' keys but is
     * larger than a key download may carry, so each joiner gets its path view instead (before: the
     * download did not encode, the registering thread failed and the joiners timed out).
     */
    @ParameterizedTest
    @CsvSource({"openssl, memory", "java, durable"})
    void joinersOfABatchTooLargeForTheirKeyDownloadGetTheirPathView(String provider, String backend) throws Exception {
        int stay = 150;
        int leave = 120;
        int join = 4;
        fx = fixture(provider, backend, oneBatchOf(leave + join), new AtomicBoolean(),
                org.gkm.rekey.GroupPolicy.defaults().withTreeMode(org.gkm.rekey.GroupPolicy.TreeMode.HYBRID).withDegree(2));
        List<MemberAgent> members = agents("n", stay + leave);
        for (AgentException e : registerConcurrently(members)) {
            assertEquals(null, e, () -> "refused: " + e.getMessage());
        }
        long before = fx.backend.sequence();
        List<MemberAgent> joiners = agents("j", join);
        List<Future<?>> removals = new ArrayList<>();
        for (int i = stay; i < stay + leave; i++) {
            org.gkm.gkmp.EntityId e = org.gkm.gkmp.EntityId.of("n" + i);
            removals.add(pool.submit(() -> fx.server.remove(GcksFixture.G, e)));
        }
        for (AgentException e : registerConcurrently(joiners)) {
            assertEquals(null, e, () -> "refused: " + e.getMessage());
        }
        for (Future<?> f : removals) {
            f.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
        long head = fx.backend.sequence();
        assertEquals(before + 1, head, "the removals and joins are one rekey");
        org.gkm.rekey.store.MessagesSince.Messages m = assertInstanceOf(org.gkm.rekey.store.MessagesSince.Messages.class,
                fx.backend.messagesSince(before, 1));
        assertTrue(m.messages().get(0).message().length > org.gkm.gkmp.lkh.PathBlob.MAX_SEALED_PATH,
                "the batch's rekey is larger than a key download carries: " + m.messages().get(0).message().length);
        for (MemberAgent a : joiners) {
            a.awaitSequence(head, WAIT);
            assertEquals(fx.serverTek(), a.tekFingerprint());
        }
        for (MemberAgent a : members.subList(0, stay)) {
            a.awaitSequence(head, WAIT);
            assertEquals(fx.serverTek(), a.tekFingerprint());
        }
        assertEquals(stay + join, fx.server.treeMembers(GcksFixture.G));
    }

    @ParameterizedTest
    @CsvSource({"openssl, memory", "java, durable"})
    void removalsAndADeregistrationWithinOneWindowAreOneLeaveRekey(String provider, String backend) throws Exception {
        fx = fixture(provider, backend, oneBatchOf(3), new AtomicBoolean());
        List<MemberAgent> all = agents("m", 5);
        for (AgentException e : registerConcurrently(all)) {
            assertEquals(null, e, () -> "refused: " + e.getMessage());
        }
        long before = fx.backend.sequence();
        for (MemberAgent m : all) {
            m.awaitSequence(before, WAIT);
        }
        Future<Long> r0 = pool.submit(() -> fx.server.remove(GcksFixture.G, org.gkm.gkmp.EntityId.of("m0")));
        Future<Long> r1 = pool.submit(() -> fx.server.remove(GcksFixture.G, org.gkm.gkmp.EntityId.of("m1")));
        Future<Long> d2 = pool.submit(() -> all.get(2).deregister());
        long leave = r0.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(before + 1, leave, "three leaves, one rekey");
        assertEquals(leave, r1.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(leave, d2.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(leave, fx.backend.sequence());
        assertEquals(2, fx.server.treeMembers(GcksFixture.G));
        for (MemberAgent m : all.subList(3, 5)) {
            m.awaitSequence(leave, WAIT);
            assertEquals(fx.serverTek(), m.tekFingerprint());
        }
        for (MemberAgent m : all.subList(0, 3)) {
            assertTrue(!fx.serverTek().equals(m.tekFingerprint()), "a leaver cannot hold the new TEK");
        }
    }

    @ParameterizedTest
    @CsvSource({"java, memory", "openssl, durable"})
    void aFailedBatchCommitFailsEveryRemovalOfTheBatchAndChangesNothing(String provider, String backend) throws Exception {
        AtomicBoolean fail = new AtomicBoolean();
        fx = fixture(provider, backend, oneBatchOf(2), fail);
        List<MemberAgent> all = agents("m", 3);
        for (AgentException e : registerConcurrently(all)) {
            assertEquals(null, e, () -> "refused: " + e.getMessage());
        }
        long seq = fx.backend.sequence();
        byte[] fp = fx.backend.fingerprint();
        fail.set(true);
        Future<Long> r0 = pool.submit(() -> fx.server.remove(GcksFixture.G, org.gkm.gkmp.EntityId.of("m0")));
        Future<Long> r1 = pool.submit(() -> fx.server.remove(GcksFixture.G, org.gkm.gkmp.EntityId.of("m1")));
        for (Future<Long> f : List.of(r0, r1)) {
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> f.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(BackendException.Reason.STORE, assertInstanceOf(BackendException.class, e.getCause()).reason());
        }
        fail.set(false);
        assertEquals(seq, fx.backend.sequence());
        assertArrayEquals(fp, fx.backend.fingerprint());
        assertEquals(3, fx.server.treeMembers(GcksFixture.G));
    }

    @org.junit.jupiter.api.Test
    void optionsRefuseAWindowPastTheExchangeDeadlineAndABoundOutOfRange() {
        ServerOptions d = ServerOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withBatch(d.gkmpTimeout(), 8));
        assertThrows(IllegalArgumentException.class, () -> d.withBatch(Duration.ofMillis(-1), 8));
        assertThrows(IllegalArgumentException.class, () -> d.withBatch(Duration.ofMillis(5), 0));
        assertThrows(IllegalArgumentException.class, () -> d.withBatch(Duration.ofMillis(5), ServerOptions.MAX_BATCH + 1));
        assertTrue(d.batching());
        assertEquals(ServerOptions.DEFAULT_BATCH_WINDOW, d.batchWindow());
    }
}
