package org.gkm.rekey.message;

import java.util.Arrays;
import java.util.Random;

/** Seeded structure-blind mutations of encoded messages: bit flips, boundary values, inserts, deletes, splices. */
final class Mutator {
    private static final long[] BOUNDARIES = {0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 1 << 16, 1 << 20,
        (1 << 20) + 1, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE, -1};

    private Mutator() {
    }

    static byte[] mutate(Random rnd, byte[] in) {
        byte[] b = in;
        int rounds = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(4) : 1;
        for (int r = 0; r < rounds; r++) {
            b = once(rnd, b);
        }
        return b;
    }

    private static byte[] once(Random rnd, byte[] in) {
        if (in.length == 0) {
            return new byte[] {(byte) rnd.nextInt(256)};
        }
        byte[] b = in.clone();
        int at = rnd.nextInt(b.length);
        switch (rnd.nextInt(8)) {
            case 0:
                b[at] ^= (byte) (1 << rnd.nextInt(8));
                return b;
            case 1:
                b[at] = (byte) rnd.nextInt(256);
                return b;
            case 2: {
                int width = new int[] {1, 2, 4, 8}[rnd.nextInt(4)];
                long v = BOUNDARIES[rnd.nextInt(BOUNDARIES.length)] + (rnd.nextInt(3) - 1);
                for (int i = 0; i < width && at + i < b.length; i++) {
                    b[at + i] = (byte) (v >>> (8 * (width - 1 - i)));
                }
                return b;
            }
            case 3: {
                int n = 1 + rnd.nextInt(8);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int i = 0; i < n; i++) {
                    out[at + i] = (byte) rnd.nextInt(256);
                }
                System.arraycopy(b, at, out, at + n, b.length - at);
                return out;
            }
            case 4: {
                int n = 1 + rnd.nextInt(Math.min(16, b.length - at));
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
                return out;
            }
            case 5:
                return Arrays.copyOf(b, at);
            case 6: {
                int from = rnd.nextInt(b.length);
                int n = 1 + rnd.nextInt(Math.min(48, b.length - Math.max(from, at)));
                System.arraycopy(in, from, b, at, Math.min(n, b.length - at));
                return b;
            }
            default: {
                int n = 1 + rnd.nextInt(Math.min(48, b.length - at));
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at + n);
                System.arraycopy(b, at, out, at + n, b.length - at);
                return out;
            }
        }
    }
}
