package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The owner of the provider's long-lived native objects frees each exactly once, never under a call. */
class NativeResourceTest {
    private static final MemorySegment HANDLE = MemorySegment.ofAddress(0x1000);

    @Test
    void destroyFreesOnceAndRefusesLaterUse() {
        AtomicInteger freed = new AtomicInteger();
        NativeResource r = new NativeResource(HANDLE, h -> {
            assertEquals(HANDLE, h);
            freed.incrementAndGet();
        });
        assertSame(HANDLE, r.acquire());
        r.release();
        assertEquals(0, freed.get());
        r.destroy();
        r.destroy();
        assertEquals(1, freed.get());
        assertThrows(IllegalStateException.class, r::acquire);
        assertEquals(1, freed.get());
    }

    @Test
    void aDestroyDuringAUseWaitsForTheUseToEnd() {
        AtomicInteger freed = new AtomicInteger();
        NativeResource r = new NativeResource(HANDLE, h -> freed.incrementAndGet());
        r.acquire();
        r.acquire();
        r.destroy();
        assertEquals(0, freed.get(), "two uses in flight");
        assertThrows(IllegalStateException.class, r::acquire, "no new use after destroy");
        r.release();
        assertEquals(0, freed.get());
        r.release();
        assertEquals(1, freed.get());
    }

    @Test
    void anUnreachableOwnerIsFreedByTheCleaner() throws Exception {
        AtomicInteger freed = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            NativeResource r = new NativeResource(HANDLE, h -> freed.incrementAndGet());
            r.release(); // 1 -> 0 frees; the Cleaner must not free a second time
        }
        assertEquals(100, freed.get());
        AtomicInteger collected = new AtomicInteger();
        makeGarbage(collected, 100);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (collected.get() < 100 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(100, collected.get(), "every unreachable owner freed once");
        assertEquals(100, freed.get(), "owners already freed are not freed again");
    }

    private static void makeGarbage(AtomicInteger collected, int n) {
        for (int i = 0; i < n; i++) {
            new NativeResource(HANDLE, h -> collected.incrementAndGet()).acquire();
        }
    }

    @Test
    void concurrentUsesAndADestroyFreeExactlyOnceAfterTheLastUse() throws Exception {
        for (int round = 0; round < 200; round++) {
            AtomicInteger freed = new AtomicInteger();
            AtomicInteger inUse = new AtomicInteger();
            AtomicInteger freedUnderUse = new AtomicInteger();
            NativeResource r = new NativeResource(HANDLE, h -> {
                if (inUse.get() != 0) {
                    freedUnderUse.incrementAndGet();
                }
                freed.incrementAndGet();
            });
            int threads = 4;
            CountDownLatch done = new CountDownLatch(threads);
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    try {
                        for (int i = 0; i < 200; i++) {
                            try {
                                r.acquire();
                            } catch (IllegalStateException destroyed) {
                                return;
                            }
                            inUse.incrementAndGet();
                            inUse.decrementAndGet();
                            r.release();
                        }
                    } finally {
                        done.countDown();
                    }
                });
                th.start();
                started.add(th);
            }
            r.destroy();
            assertTrue(done.await(20, TimeUnit.SECONDS));
            for (Thread th : started) {
                th.join();
            }
            assertEquals(1, freed.get(), "round " + round);
            assertEquals(0, freedUnderUse.get(), "round " + round);
        }
    }
}
