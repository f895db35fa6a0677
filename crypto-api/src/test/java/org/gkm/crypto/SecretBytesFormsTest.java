package org.gkm.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.gkm.crypto.spi.KeyParser;
import org.junit.jupiter.api.Test;

/** A secret's prepared forms (a MAC key's hash states): made once, destroyed with the secret, exactly once. */
class SecretBytesFormsTest {

    @Test
    void aFormIsMadeOnceFromTheSecretsBytes() throws Exception {
        SecretBytes key = SecretBytes.copyOf(new byte[] {1, 2, 3});
        AtomicInteger parses = new AtomicInteger();
        KeyParser<KeyFormsTest.Form> p = enc -> {
            parses.incrementAndGet();
            return new KeyFormsTest.Form(enc);
        };
        KeyFormsTest.Form f = key.material().parsed(p);
        assertSame(f, key.material().parsed(p));
        assertEquals(1, parses.get());
        assertArrayEquals(new byte[] {1, 2, 3}, f.seen);
        assertArrayEquals(new byte[] {1, 2, 3}, key.material().encoded());
    }

    @Test
    void destroyDestroysTheFormsOnceAndRefusesLaterUse() throws Exception {
        SecretBytes key = SecretBytes.copyOf(new byte[32]);
        KeyFormsTest.Form f = key.material().parsed(KeyFormsTest.Form::new);
        key.destroy();
        assertEquals(1, f.destroyed.get());
        key.destroy();
        assertEquals(1, f.destroyed.get(), "idempotent");
        assertThrows(IllegalStateException.class, () -> key.material().parsed(KeyFormsTest.Form::new));
        assertThrows(IllegalStateException.class, () -> key.material().encoded());
    }

    @Test
    void aSecretDestroyedBeforeFirstUseHasNoUsableForms() {
        SecretBytes key = SecretBytes.copyOf(new byte[16]);
        key.destroy();
        AtomicInteger parses = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> key.material().parsed(enc -> {
            parses.incrementAndGet();
            return new KeyFormsTest.Form(enc);
        }));
        assertEquals(0, parses.get());
    }
}
