package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.java.PureJavaProvider;
import org.gkm.crypto.testing.KeyWrapBatchRace;
import org.gkm.crypto.testing.KeyWrapBatchRace.Toggle;
import org.gkm.crypto.testing.KeyWrapBatchRace.Writer;
import org.junit.jupiter.api.Test;

/**
 * A {@link KeyWrapBatch}'s arrays are the caller's and cross to native code in place, so another
 * thread can change them during a call: {@link KeyWrapBatchRace} races a writer thread against the
 * OpenSSL provider on every kernel path, wrap and unwrap (no call may crash the JVM, each is refused
 * with nothing written or has every job done with one instant's values, the reference results
 * coming from the pure-Java provider). Also a one-job batch, which takes the single-job entry point.
 */
class KeyWrapBatchRaceTest {
    private static final CryptoProvider REF = CryptoProvider.of(new PureJavaProvider());

    private static List<KwPath> paths() {
        return Arrays.stream(KwPath.values())
                .filter(p -> p == KwPath.AUTO || GkmNative.gkm_kw_path_supported(p.code))
                .toList();
    }

    @Test
    void concurrentChangesToTheJobArraysNeverEscapeTheValidatedValues() throws Exception {
        assertTrue(NativeLoader.AVAILABLE, NativeLoader.REASON);
        KeyWrapBatchRace race = new KeyWrapBatchRace(REF);
        for (KwPath path : paths()) {
            CryptoProvider p = CryptoProvider.of(new OpenSslProvider(path));
            for (boolean unwrap : new boolean[] {false, true}) {
                System.out.println(race.race(p, path.toString(), unwrap));
            }
        }
    }

    private static byte[] wrapRef(byte[] kek, int kekLen, byte[] key) throws Exception {
        return REF.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, SecretBytes.copyOf(Arrays.copyOf(kek, kekLen)), key);
    }

    /** A one-job batch goes through the single-job entry point: it too reads each value once. */
    @Test
    void oneJobBatchReadsItsValuesOnce() throws Exception {
        final int kekSize = KeyWrapBatchRace.KEK;
        final int keySize = KeyWrapBatchRace.KEY;
        CryptoProvider p = CryptoProvider.of(new OpenSslProvider(KwPath.AUTO));
        Random r = new Random(11);
        byte[] kek = new byte[kekSize];
        byte[] key = new byte[keySize];
        r.nextBytes(kek);
        r.nextBytes(key);
        byte[] ref = wrapRef(kek, kekSize, key);
        byte[] ref16 = wrapRef(kek, 16, key);
        KeyWrapBatch b = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, 1, kekSize, keySize);
        System.arraycopy(kek, 0, b.keks(), 0, kekSize);
        System.arraycopy(key, 0, b.inputs(), 0, keySize);
        Writer w = new Writer(List.of(
                new Toggle(b.kekLengths(), 0, kekSize, 16, false),
                new Toggle(b.kekLengths(), 0, kekSize, 40, true),
                new Toggle(b.inputLengths(), 0, keySize, keySize + 8, true),
                new Toggle(b.outputOffsets(), 0, 0, 8, true)));
        int done = 0;
        int refused = 0;
        w.startAndWait();
        try {
            long deadline = System.nanoTime() + KeyWrapBatchRace.MAX_NANOS;
            for (int call = 0; call < KeyWrapBatchRace.CALLS * 10
                    || ((done == 0 || refused == 0) && System.nanoTime() < deadline); call++) {
                Arrays.fill(b.outputs(), KeyWrapBatchRace.FILL);
                b.outputLengths()[0] = -77;
                b.status()[0] = 0x77;
                try {
                    p.keyWrap().wrapBatch(KeyWrapAlgorithm.AES_KW, b);
                } catch (InvalidInputException | IllegalArgumentException e) {
                    refused++;
                    KeyWrapBatchRace.assertUntouched(b, "one job", e);
                    continue;
                }
                done++;
                boolean ok = b.status()[0] == 0 && b.outputLengths()[0] == KeyWrapBatchRace.WRAPPED
                        && (Arrays.equals(b.outputs(), ref) || Arrays.equals(b.outputs(), ref16));
                assertTrue(ok, "the one job matches no single instant's values");
            }
        } finally {
            w.finish();
        }
        System.out.printf("one job: %d calls ran, %d refused, %d writer changes%n", done, refused, w.flips());
        assertTrue(done > 0 && refused > 0, "both outcomes occur: " + done + " ran, " + refused + " refused");
    }
}
