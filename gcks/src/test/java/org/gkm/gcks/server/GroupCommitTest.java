package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.log.LogEntry;
import org.junit.jupiter.api.Test;

/**
 * The group commit of a hosted group's membership and GKMP log: stages written in order, one write
 * serving every stage made while another write was in flight, the latest membership only, and a
 * failed membership write that leaves its stage undurable and the membership staged for the next.
 */
class GroupCommitTest {
    private static LogEntry record(long seq) {
        return new LogEntry(seq, 0, EntityId.of("gcks"), 1, "TEST", "record " + seq, new byte[32], new byte[0], new byte[32]);
    }

    private static Membership membership(int members) {
        java.util.Map<EntityId, Integer> ids = new java.util.HashMap<>();
        for (int i = 0; i < members; i++) {
            ids.put(EntityId.of("m" + i), i);
        }
        return new Membership(ids, ids.keySet(), java.util.Map.of(), 1, java.util.Set.of(), 1);
    }

    @Test
    void stagesMadeDuringAWriteShareTheNextWriteInOrder() throws Exception {
        List<Membership> saved = new CopyOnWriteArrayList<>();
        List<List<LogEntry>> appended = new CopyOnWriteArrayList<>();
        CountDownLatch inFirstWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit c = new GroupCommit("grp-1", m -> {
            saved.add(m);
            if (saved.size() == 1) {
                inFirstWrite.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, appended::add);
        long first = c.stage(membership(1), List.of(record(0)));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<?> writer = pool.submit(() -> {
                c.awaitDurable(first);
                return null;
            });
            assertTrue(inFirstWrite.await(10, TimeUnit.SECONDS));
            // while the first write is in flight: 20 more stages, each waited for by its own thread
            List<Future<?>> waiters = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                long s = c.stage(membership(i + 1), List.of(record(i)));
                waiters.add(pool.submit(() -> {
                    c.awaitDurable(s);
                    return null;
                }));
            }
            release.countDown();
            writer.get(10, TimeUnit.SECONDS);
            for (Future<?> w : waiters) {
                w.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, saved.size(), "the first write, then one for the 20 stages made during it");
        assertEquals(21, saved.get(1).treeIds().size(), "the latest membership is the one written");
        List<Long> seqs = new ArrayList<>();
        for (List<LogEntry> batch : appended) {
            for (LogEntry e : batch) {
                seqs.add(e.seq());
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i <= 20; i++) {
            expected.add(i);
        }
        assertEquals(expected, seqs, "every record once, in stage order");
        assertEquals(2, appended.size(), "one log append per write");
    }

    @Test
    void aFailedMembershipWriteIsNotDurableAndIsRetriedByTheNextWrite() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        List<Membership> saved = new ArrayList<>();
        GroupCommit c = new GroupCommit("grp-1", m -> {
            if (fail.get()) {
                throw new BackendException(BackendException.Reason.STORE, "injected", null);
            }
            saved.add(m);
        }, records -> {
        });
        Membership m = membership(3);
        long s = c.stage(m, List.of());
        assertThrows(BackendException.class, () -> c.awaitDurable(s));
        assertThrows(BackendException.class, () -> c.awaitDurable(s), "still not durable");
        fail.set(false);
        c.awaitDurable(c.stage(null, List.of()));
        assertEquals(1, saved.size());
        assertSame(m, saved.get(0), "the staged membership, kept through the failures");
        c.awaitDurable(s);
        assertEquals(1, saved.size(), "nothing left to write");
    }

    @Test
    void aFailedLogWriteKeepsItsRecordsForTheNextWrite() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        List<LogEntry> stored = new ArrayList<>();
        GroupCommit c = new GroupCommit("grp-1", m -> {
        }, records -> {
            if (fail.get()) {
                throw new IllegalStateException("injected");
            }
            stored.addAll(records);
        });
        c.awaitDurable(c.stage(null, List.of(record(0), record(1))));
        assertEquals(2, c.unwrittenLog().size(), "kept after the failed write");
        fail.set(false);
        c.awaitDurable(c.stage(null, List.of(record(2))));
        assertEquals(List.of(0L, 1L, 2L), stored.stream().map(LogEntry::seq).toList());
        assertEquals(List.of(), c.unwrittenLog());
    }
}
