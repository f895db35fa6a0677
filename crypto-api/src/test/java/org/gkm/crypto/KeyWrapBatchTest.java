package org.gkm.crypto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class KeyWrapBatchTest {
    private static final KeyWrapAlgorithm KW = KeyWrapAlgorithm.AES_KW;
    private static final KeyWrapAlgorithm KWP = KeyWrapAlgorithm.AES_KWP;

    /** A mutable description of a batch, so each test can break one thing. */
    static final class Spec {
        int count = 3;
        byte[] keks = new byte[3 * 32];
        int[] kekOffsets = {0, 32, 64};
        int[] kekLengths = {16, 24, 32};
        byte[] inputs = new byte[3 * 40];
        int[] inputOffsets = {0, 40, 80};
        int[] inputLengths = {16, 24, 40};
        byte[] outputs = new byte[3 * 48];
        int[] outputOffsets = {0, 48, 96};
        int[] outputLengths = new int[3];
        byte[] status = new byte[3];

        KeyWrapBatch build() {
            return new KeyWrapBatch(count, keks, kekOffsets, kekLengths, inputs, inputOffsets, inputLengths,
                    outputs, outputOffsets, outputLengths, status);
        }
    }

    private static void assertBad(boolean unwrap, KeyWrapAlgorithm alg, Consumer<Spec> breakIt, String expectInMessage) {
        Spec s = new Spec();
        if (unwrap) {
            s.inputLengths = new int[] {24, 32, 40};
        }
        breakIt.accept(s);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.build().validate(alg, unwrap));
        if (expectInMessage != null) {
            assertTrue(e.getMessage().contains(expectInMessage), e.getMessage());
        }
    }

    @Test
    void goodRaggedLayout() {
        Spec s = new Spec();
        assertDoesNotThrow(() -> s.build().validate(KW, false));
        assertDoesNotThrow(() -> s.build().validate(KWP, false));
        Spec u = new Spec();
        u.inputLengths = new int[] {24, 32, 40};
        assertDoesNotThrow(() -> u.build().validate(KW, true));
        assertDoesNotThrow(() -> u.build().validate(KWP, true));
    }

    @Test
    void zeroJobsIsFine() {
        Spec s = new Spec();
        s.count = 0;
        assertDoesNotThrow(() -> s.build().validate(KW, false));
    }

    @Test
    void badCount() {
        assertBad(false, KW, s -> s.count = -1, "count");
        assertBad(false, KW, s -> s.count = KeyWrapBatch.MAX_JOBS + 1, "count");
        assertBad(false, KW, s -> s.count = 4, "count");
        assertBad(false, KW, s -> s.kekOffsets = new int[2], "count");
        assertBad(false, KW, s -> s.kekLengths = new int[] {16, 16}, "count");
        assertBad(false, KW, s -> s.inputOffsets = new int[2], "count");
        assertBad(false, KW, s -> s.inputLengths = new int[] {16, 16}, "count");
        assertBad(false, KW, s -> s.outputOffsets = new int[2], "count");
        assertBad(false, KW, s -> s.outputLengths = new int[2], "count");
        assertBad(false, KW, s -> s.status = new byte[2], "count");
    }

    @Test
    void badKekLength() {
        for (int len : new int[] {0, 15, 17, 20, 31, 33, -16}) {
            assertBad(false, KW, s -> s.kekLengths[1] = len, "job 1");
            assertBad(true, KWP, s -> s.kekLengths[2] = len, "job 2");
        }
    }

    @Test
    void badInputLength() {
        // wrap: KW needs multiples of 8, >= 16; KWP needs >= 1
        for (int len : new int[] {0, 8, 15, 17, 20, -8, KeyWrapAlgorithm.MAX_KEY_DATA + 8}) {
            assertBad(false, KW, s -> s.inputLengths[0] = len, "job 0");
        }
        assertBad(false, KWP, s -> s.inputLengths[0] = 0, "job 0");
        assertBad(false, KWP, s -> s.inputLengths[0] = -1, "job 0");
        // unwrap: KW needs >= 24, KWP >= 16, multiples of 8
        for (int len : new int[] {0, 8, 16, 25, -24}) {
            assertBad(true, KW, s -> s.inputLengths[1] = len, "job 1");
        }
        for (int len : new int[] {0, 8, 17, -16}) {
            assertBad(true, KWP, s -> s.inputLengths[1] = len, "job 1");
        }
    }

    @Test
    void kekRegionOutOfBounds() {
        assertBad(false, KW, s -> s.kekOffsets[2] = 65, "KEK");          // 65 + 32 > 96
        assertBad(false, KW, s -> s.kekOffsets[0] = -1, "KEK");
        assertBad(false, KW, s -> s.kekOffsets[1] = Integer.MAX_VALUE, "KEK");
        assertBad(false, KW, s -> s.kekOffsets[1] = Integer.MAX_VALUE - 10, "KEK"); // offset + 24 overflows
        assertBad(false, KW, s -> s.kekOffsets[0] = Integer.MIN_VALUE, "KEK");
        assertBad(false, KW, s -> s.keks = new byte[10], "KEK");
    }

    @Test
    void inputRegionOutOfBounds() {
        assertBad(false, KW, s -> s.inputOffsets[2] = 81, "input");     // 81 + 40 > 120
        assertBad(false, KW, s -> s.inputOffsets[1] = -8, "input");
        assertBad(false, KW, s -> s.inputOffsets[1] = Integer.MAX_VALUE - 8, "input");
        assertBad(true, KW, s -> s.inputOffsets[0] = Integer.MAX_VALUE - 23, "input");
        assertBad(false, KW, s -> s.inputs = new byte[0], "input");
    }

    @Test
    void outputRegionOutOfBounds() {
        // wrap output of job 2 (40 bytes of key data) is 48 bytes at 96: exactly fits; 97 does not
        assertDoesNotThrow(() -> new Spec().build().validate(KW, false));
        assertBad(false, KW, s -> s.outputOffsets[2] = 97, "output");
        assertBad(false, KW, s -> s.outputOffsets[0] = -1, "output");
        assertBad(false, KW, s -> s.outputOffsets[0] = Integer.MAX_VALUE - 4, "output");
        assertBad(false, KWP, s -> s.outputOffsets[1] = Integer.MAX_VALUE, "output");
        assertBad(true, KW, s -> s.outputOffsets[2] = 144 - 31, "output"); // unwrap out = 40 - 8 = 32
        assertBad(true, KWP, s -> s.outputOffsets[1] = Integer.MAX_VALUE - 3, "output");
        assertBad(false, KW, s -> s.outputs = new byte[47], "output");
    }

    @Test
    void uniformLayoutValidates() throws Exception {
        KeyWrapBatch w = KeyWrapBatch.uniform(KWP, false, 5, 24, 13);
        w.validate(KWP, false);
        assertEquals(5 * 24, w.keks().length);
        assertEquals(5 * 13, w.inputs().length);
        assertEquals(5 * KWP.wrappedLength(13), w.outputs().length);
        KeyWrapBatch u = KeyWrapBatch.uniform(KW, true, 4, 32, 40);
        u.validate(KW, true);
        assertEquals(4 * 32, u.outputs().length);
        assertThrows(IllegalArgumentException.class, () -> KeyWrapBatch.uniform(KW, false, -1, 16, 16));
    }

    @Test
    void toStringHidesContents() {
        Spec s = new Spec();
        s.keks[0] = 0x5a;
        assertEquals("KeyWrapBatch[count=3]", s.build().toString());
    }

    /**
     * The fast validation pass agrees with the rule-by-rule description (the pre-optimisation
     * validate, kept here as the reference) on random layouts with random defects: same accept or
     * reject, and the same first bad job and message. Seeded; the seed is in every failure message.
     */
    @Test
    void fastValidationAgreesWithTheRules() {
        long seed = new java.security.SecureRandom().nextLong();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int accepted = 0;
        int rejected = 0;
        for (int round = 0; round < 20000; round++) {
            KeyWrapAlgorithm alg = r.nextBoolean() ? KW : KWP;
            boolean unwrap = r.nextBoolean();
            // Uniform rounds (every job with job 0's lengths, as KeyWrapBatch.uniform lays them out)
            // run validate's same-lengths fast path over longer batches, with a rare bad field.
            boolean uniform = r.nextInt(3) == 0;
            int n = uniform ? 1 + r.nextInt(40) : 1 + r.nextInt(6);
            int rare = uniform ? 8 * n : 8;
            int[] kl = new int[n];
            int[] ko = new int[n];
            int[] il = new int[n];
            int[] io = new int[n];
            int[] oo = new int[n];
            int kekArray = 40 + r.nextInt(40);
            int inArray = 60 + r.nextInt(120);
            int outArray = 60 + r.nextInt(120);
            for (int i = 0; i < n; i++) {
                kl[i] = r.nextInt(rare) == 0 ? r.nextInt(40) - 4
                        : uniform && i > 0 ? kl[0] : new int[] {16, 24, 32}[r.nextInt(3)];
                ko[i] = r.nextInt(rare) == 0 ? r.nextInt(100) - 10 : r.nextInt(Math.max(1, kekArray - 31));
                il[i] = r.nextInt(uniform ? rare : 10) == 0
                        ? new int[] {-8, 0, 1, 7, 15, 17, 23, KeyWrapAlgorithm.MAX_KEY_DATA + 8, KeyWrapAlgorithm.MAX_KEY_DATA + 16,
                            Integer.MAX_VALUE}[r.nextInt(10)]
                        : uniform && i > 0 ? il[0] : (alg == KW || unwrap ? 8 * (2 + r.nextInt(5)) : 1 + r.nextInt(40));
                io[i] = r.nextInt(rare) == 0 ? r.nextInt(300) - 50 : r.nextInt(60);
                oo[i] = r.nextInt(rare) == 0 ? r.nextInt(300) - 50 : r.nextInt(60);
                if (r.nextInt(rare) == 0) { // an offset near Integer.MAX_VALUE: limit - offset must not overflow
                    io[i] = Integer.MAX_VALUE - r.nextInt(64);
                }
            }
            KeyWrapBatch b = new KeyWrapBatch(n, new byte[kekArray], ko, kl, new byte[inArray], io, il,
                    new byte[outArray], oo, new int[n], new byte[n]);
            String expected = reference(b, alg, unwrap);
            String got;
            try {
                b.validate(alg, unwrap);
                got = null;
            } catch (InvalidInputException e) {
                got = e.getMessage();
            }
            assertEquals(expected, got, "seed=" + seed + " round=" + round);
            if (got == null) {
                accepted++;
            } else {
                rejected++;
            }
        }
        assertTrue(accepted > 1000 && rejected > 1000, "both outcomes exercised: " + accepted + "/" + rejected);
    }

    /** The per-job rules one by one, as validate stated them before its fast pass; null if valid. */
    private static String reference(KeyWrapBatch b, KeyWrapAlgorithm alg, boolean unwrap) {
        for (int i = 0; i < b.count(); i++) {
            int kl = b.kekLengths()[i];
            String bad = KeyWrapAlgorithm.checkKekLength(kl);
            if (bad != null) {
                return "job " + i + ": " + bad;
            }
            bad = region(i, "KEK", b.kekOffsets()[i], kl, b.keks().length);
            if (bad != null) {
                return bad;
            }
            int il = b.inputLengths()[i];
            bad = unwrap ? alg.checkWrappedLength(il) : alg.checkKeyDataLength(il);
            if (bad != null) {
                return "job " + i + ": " + bad;
            }
            bad = region(i, "input", b.inputOffsets()[i], il, b.inputs().length);
            if (bad != null) {
                return bad;
            }
            int ol = unwrap ? il - 8 : alg.wrappedLength(il);
            bad = region(i, "output", b.outputOffsets()[i], ol, b.outputs().length);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private static String region(int job, String what, int offset, int length, int arrayLength) {
        return offset < 0 || offset > arrayLength - length
                ? "job " + job + ": " + what + " region [" + offset + ", +" + length + ") outside its array of "
                        + arrayLength + " bytes"
                : null;
    }

    @Test
    void validateRefusesANullAlgorithm() {
        assertThrows(NullPointerException.class, () -> new Spec().build().validate(null, false));
    }
}
