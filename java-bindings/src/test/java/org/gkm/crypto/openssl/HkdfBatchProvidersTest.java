package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.java.PureJavaProvider;
import org.gkm.crypto.spi.HkdfBatch;
import org.junit.jupiter.api.Test;

/**
 * Batch one-block HKDF-Expand on both providers: RFC 5869 case 1's T(1) through the public API,
 * every result equal to the single expand of the same PRK (batch sizes around the OpenSSL
 * provider's downcall chunk, info lengths 0 to the maximum), and the libgkm_native entry point's
 * own argument checks (what a direct caller of the C function gets).
 */
class HkdfBatchProvidersTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final CryptoProvider JAVA = CryptoProvider.of(new PureJavaProvider());
    private static final CryptoProvider OPENSSL = CryptoProvider.of(new OpenSslProvider());

    @Test
    void rfc5869FirstBlockOnBothProviders() throws Exception {
        String prk = "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5";
        String t1 = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf";
        for (CryptoProvider p : List.of(JAVA, OPENSSL)) {
            byte[] prks = HEX.parseHex("0102" + prk + prk + "03");
            byte[] out = new byte[1 + 64 + 2];
            Arrays.fill(out, (byte) 0xAA);
            p.kdf().expandEach(prks, 2, HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), out, 1, 2);
            assertEquals("aa" + t1 + t1 + "aaaa", HEX.formatHex(out), p.name());
        }
    }

    @Test
    void everyKeyIsItsSingleExpand() throws Exception {
        Random r = new Random(0x4d5f);
        int[] counts = {1, 2, 3, 31, 2047, 2048, 2049, 4097};
        int[] infoLengths = {0, 1, 19, 55, 56, 64, 200, HkdfBatch.MAX_INFO};
        for (int c = 0; c < counts.length; c++) {
            int n = counts[c];
            byte[] prks = new byte[32 * n + 5];
            r.nextBytes(prks);
            byte[] info = new byte[infoLengths[c]];
            r.nextBytes(info);
            byte[] expect = new byte[32 * n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(JAVA.kdf().expand(Arrays.copyOfRange(prks, 5 + 32 * i, 5 + 32 * i + 32), info, 32), 0,
                        expect, 32 * i, 32);
            }
            for (CryptoProvider p : List.of(JAVA, OPENSSL)) {
                byte[] out = new byte[32 * n];
                p.kdf().expandEach(prks, 5, info, out, 0, n);
                assertArrayEquals(expect, out, p.name() + ", " + n + " keys, info " + info.length);
            }
        }
    }

    @Test
    void nativeEntryPointChecksItsArguments() {
        assertEquals(HkdfBatch.MAX_KEYS, GkmNative.HKDF_MAX_COUNT, "Java and C batch limits differ");
        byte[] prks = new byte[96];
        Arrays.fill(prks, (byte) 7);
        byte[] out = new byte[96];
        Arrays.fill(out, (byte) 0xAA);
        byte[] info = new byte[3];
        assertEquals(GkmNative.ERR_COUNT, GkmNative.gkm_hkdf_sha256_expand32_batch(-1, prks, 0, info, out, 0));
        byte[] big = new byte[32 * (GkmNative.HKDF_MAX_COUNT + 1)];
        assertEquals(GkmNative.ERR_COUNT,
                GkmNative.gkm_hkdf_sha256_expand32_batch(GkmNative.HKDF_MAX_COUNT + 1, big, 0, info, big.clone(), 0));
        assertEquals(GkmNative.ERR_BOUNDS,
                GkmNative.gkm_hkdf_sha256_expand32_batch(1, prks, 0, new byte[HkdfBatch.MAX_INFO + 1], out, 0), "info");
        assertEquals(GkmNative.ERR_BOUNDS, GkmNative.gkm_hkdf_sha256_expand32_batch(2, prks, 0, info, prks, 32), "overlap");
        byte[] untouched = new byte[96];
        Arrays.fill(untouched, (byte) 0xAA);
        assertArrayEquals(untouched, out, "an error code wrote output");
        assertEquals(0, GkmNative.gkm_hkdf_sha256_expand32_batch(0, prks, 0, info, out, 0), "count 0 is a no-op in C");
        assertArrayEquals(untouched, out);
    }
}
