package org.gkm.rekey.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gkm.crypto.KeyType;

/** Seeded random rekey messages covering every field, code and length class. */
final class RandomMessages {
    private RandomMessages() {
    }

    static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static KeyRef keyRef(Random rnd) {
        return new KeyRef(rnd.nextInt(4) == 0 ? Integer.MAX_VALUE - rnd.nextInt(3) : rnd.nextInt(1 << 20), rnd.nextInt(1000));
    }

    static KeyEntry entry(Random rnd) {
        KeyContent content = KeyContent.values()[rnd.nextInt(KeyContent.values().length)];
        long lifetime = rnd.nextInt(8) == 0 ? Long.MAX_VALUE : rnd.nextInt(86_400);
        if (rnd.nextBoolean()) {
            int ct = 8 * (2 + rnd.nextInt(rnd.nextInt(10) == 0 ? 511 : 6)); // 16..4096, mostly 40-ish
            return KeyEntry.symmetric(keyRef(rnd), content, lifetime, keyRef(rnd), bytes(rnd, ct));
        }
        int enc = rnd.nextInt(4) == 0 ? 0 : rnd.nextBoolean() ? 32 : 65;
        int ct = RekeyLimits.MIN_CIPHERTEXT_BYTES + rnd.nextInt(rnd.nextInt(10) == 0 ? RekeyLimits.MAX_CIPHERTEXT_BYTES - 15 : 64);
        return KeyEntry.toPublicKey(keyRef(rnd), content, lifetime, keyRef(rnd), bytes(rnd, enc), bytes(rnd, ct));
    }

    static PublicKeyUpdate publicKey(Random rnd) {
        KeyType[] types = KeyType.values();
        KeyType t = types[rnd.nextInt(types.length)];
        int len = t.publicKeyLength() > 0 ? t.publicKeyLength() : 1 + rnd.nextInt(RekeyLimits.MAX_PUBLIC_KEY_BYTES);
        return new PublicKeyUpdate(keyRef(rnd), t, bytes(rnd, len));
    }

    /** A random message of {@code type} with up to {@code maxItems} items per list. */
    static RekeyMessage message(Random rnd, MessageType type, int maxItems) {
        GroupId group = new GroupId(bytes(rnd, 1 + rnd.nextInt(RekeyLimits.MAX_GROUP_ID_BYTES)));
        List<KeyRef> derived = new ArrayList<>();
        List<KeyEntry> entries = new ArrayList<>();
        List<PublicKeyUpdate> keys = new ArrayList<>();
        int n = rnd.nextInt(maxItems + 1);
        for (int i = 0; i < n; i++) {
            derived.add(keyRef(rnd));
        }
        n = 1 + rnd.nextInt(maxItems);
        for (int i = 0; i < n; i++) {
            entries.add(entry(rnd));
        }
        n = rnd.nextInt(maxItems + 1);
        for (int i = 0; i < n; i++) {
            keys.add(publicKey(rnd));
        }
        String name = rnd.nextBoolean() ? "LKH" : "LKH-batch_v.2";
        Gkma gkma = new Gkma(name, rnd.nextInt(RekeyLimits.MAX_GKMA_VERSION + 1),
                RekeyLimits.MIN_DEGREE + rnd.nextInt(RekeyLimits.MAX_DEGREE - 1));
        long epoch = rnd.nextBoolean() ? rnd.nextInt(100) : Long.MAX_VALUE;
        long seq = rnd.nextBoolean() ? rnd.nextInt(100_000) : rnd.nextLong() & Long.MAX_VALUE;
        TekId tek = new TekId(rnd.nextInt(Integer.MAX_VALUE), rnd.nextBoolean() ? 0 : Integer.MAX_VALUE);
        return new RekeyMessage(group, epoch, seq, type, tek, gkma, rnd.nextLong() & Long.MAX_VALUE, derived, entries, keys);
    }
}
