package org.gkm.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.gkm.crypto.spi.KeyParser;
import org.gkm.crypto.spi.ParsedKey;
import org.junit.jupiter.api.Test;

/** Providers' parsed forms kept with key values: made once, one kept per parser, destroyed with the key. */
class KeyFormsTest {

    /** A parsed form that records its encoding and whether it was destroyed. */
    static final class Form implements ParsedKey {
        final byte[] seen;
        final AtomicInteger destroyed = new AtomicInteger();

        Form(byte[] encoded) {
            this.seen = encoded.clone();
        }

        @Override
        public void destroy() {
            destroyed.incrementAndGet();
        }
    }

    private static PrivateKey key(int fill) throws InvalidKeyException {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return PrivateKey.decode(KeyType.ED25519, k);
    }

    @Test
    void aFormIsMadeOncePerParserAndKeptWithTheKey() throws Exception {
        PrivateKey key = key(7);
        AtomicInteger parses = new AtomicInteger();
        KeyParser<Form> a = enc -> {
            parses.incrementAndGet();
            return new Form(enc);
        };
        KeyParser<Form> b = Form::new;
        Form first = key.material().parsed(a);
        assertSame(first, key.material().parsed(a));
        assertEquals(1, parses.get());
        assertEquals(7, first.seen[0]);
        Form other = key.material().parsed(b);
        assertTrue(other != first, "another parser gets its own form");
        assertSame(first, key.material().parsed(a));
    }

    @Test
    void destroyingTheKeyDestroysEveryFormOnceAndRefusesLaterUse() throws Exception {
        PrivateKey key = key(1);
        Form f1 = key.material().parsed(Form::new);
        KeyParser<Form> second = Form::new;
        Form f2 = key.material().parsed(second);
        key.destroy();
        key.destroy();
        assertEquals(1, f1.destroyed.get());
        assertEquals(1, f2.destroyed.get());
        assertThrows(IllegalStateException.class, () -> key.material().parsed(second));
        assertThrows(IllegalStateException.class, () -> key.material().encoded());
    }

    @Test
    void aKeyDestroyedBeforeAnyProviderUseRefusesParsing() throws Exception {
        PrivateKey key = key(2);
        key.destroy();
        AtomicInteger parses = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> key.material().parsed(enc -> {
            parses.incrementAndGet();
            return new Form(enc);
        }));
        assertEquals(0, parses.get());
    }

    @Test
    void aFailedParseIsNotRemembered() throws Exception {
        PublicKey key = PublicKey.decode(KeyType.X25519, new byte[32]);
        AtomicInteger calls = new AtomicInteger();
        KeyParser<Form> flaky = enc -> {
            if (calls.incrementAndGet() == 1) {
                throw new InvalidKeyException("refused");
            }
            return new Form(enc);
        };
        assertThrows(InvalidKeyException.class, () -> key.material().parsed(flaky));
        Form f = key.material().parsed(flaky);
        assertSame(f, key.material().parsed(flaky));
        assertEquals(2, calls.get());
    }

    @Test
    void concurrentFirstUsesKeepOneFormAndDestroyTheOthers() throws Exception {
        int threads = 8;
        for (int round = 0; round < 50; round++) {
            PrivateKey key = key(round);
            List<Form> made = java.util.Collections.synchronizedList(new ArrayList<>());
            KeyParser<Form> parser = enc -> {
                Form f = new Form(enc);
                made.add(f);
                return f;
            };
            CyclicBarrier start = new CyclicBarrier(threads);
            CountDownLatch done = new CountDownLatch(threads);
            Form[] got = new Form[threads];
            Throwable[] failed = new Throwable[1];
            for (int t = 0; t < threads; t++) {
                int i = t;
                new Thread(() -> {
                    try {
                        start.await();
                        got[i] = key.material().parsed(parser);
                    } catch (Throwable e) {
                        failed[0] = e;
                    } finally {
                        done.countDown();
                    }
                }).start();
            }
            done.await();
            assertEquals(null, failed[0]);
            for (Form g : got) {
                assertSame(got[0], g, "every thread gets the kept form");
            }
            for (Form f : made) {
                assertEquals(f == got[0] ? 0 : 1, f.destroyed.get(), "losers destroyed, the kept one not");
            }
            key.destroy();
            assertEquals(1, got[0].destroyed.get());
        }
    }
}
