package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyTransport;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.java.PureJavaProvider;
import org.junit.jupiter.api.Test;

/**
 * RSA-OAEP through the OpenSSL provider, which on CPUs with AVX-512 IFMA (reported as
 * {@code rsa.path}) encrypts with libgkm_native's IFMA exponentiation (2048- and 3072-bit keys)
 * and decrypts 2048- and 3072-bit two-prime keys with its IFMA CRT: ciphertexts, plaintexts and refusals agree with the
 * pure-Java provider in both directions, for both key sizes.
 */
class RsaPathTest {
    @Test
    void pathIsReported() {
        OpenSslSupport.ready();
        String reported = new OpenSslProvider().details().get("rsa.path");
        assertNotNull(reported, "rsa.path missing from the provider details");
        int path = GkmNative.gkm_rsa_path();
        assertTrue(path == 1 || path == 2, "AUTO resolves to a concrete path, got " + path);
        assertEquals((path == 2 ? "ifma" : "evp") + " (RSA-2048/3072 encryption with e = 65537, RSA-2048/3072 two-prime"
                + " decryption; GKM_RSA_PATH=evp|ifma forces one)", reported);
    }

    @Test
    void agreesWithPureJava2048() throws Exception {
        agreesWithPureJava(KeyType.RSA_2048, 0x2048L);
    }

    @Test
    void agreesWithPureJava3072() throws Exception {
        agreesWithPureJava(KeyType.RSA_3072, 0x3072L);
    }

    private static void agreesWithPureJava(KeyType type, long seed) throws Exception {
        OpenSslSupport.ready();
        CryptoProvider j = CryptoProvider.of(new PureJavaProvider());
        CryptoProvider o = CryptoProvider.of(new OpenSslProvider());
        Random r = new Random(seed);
        KeyPair kp = j.keys().generate(type);
        int max = KeyTransport.maxPlaintextLength(type);
        for (int i = 0; i < 40; i++) {
            byte[] label = new byte[i % 3 == 0 ? 0 : r.nextInt(40)];
            byte[] pt = new byte[i % 10 == 0 ? max : r.nextInt(max + 1)];
            r.nextBytes(label);
            r.nextBytes(pt);
            byte[] ctJ = j.keyTransport().encrypt(kp.publicKey(), pt, label);
            byte[] ctO = o.keyTransport().encrypt(kp.publicKey(), pt, label);
            assertEquals(type.rsaBits() / 8, ctO.length, "ciphertext length, case " + i);
            assertFalse(Arrays.equals(ctO, o.keyTransport().encrypt(kp.publicKey(), pt, label)),
                    "OAEP encryption must be randomised, case " + i);
            assertArrayEquals(pt, o.keyTransport().decrypt(kp.privateKey(), ctJ, label), "case " + i);
            assertArrayEquals(pt, j.keyTransport().decrypt(kp.privateKey(), ctO, label), "case " + i);
            assertArrayEquals(pt, o.keyTransport().decrypt(kp.privateKey(), ctO, label), "case " + i);
            byte[] tampered = ctO.clone();
            tampered[r.nextInt(tampered.length)] ^= (byte) (1 + r.nextInt(255));
            assertThrows(InvalidCiphertextException.class,
                    () -> j.keyTransport().decrypt(kp.privateKey(), tampered, label), "tampered case " + i);
            assertThrows(InvalidCiphertextException.class,
                    () -> o.keyTransport().decrypt(kp.privateKey(), tampered, label), "tampered case " + i);
            byte[] wrongLabel = Arrays.copyOf(label, label.length + 1);
            assertThrows(InvalidCiphertextException.class,
                    () -> o.keyTransport().decrypt(kp.privateKey(), ctJ, wrongLabel), "wrong label case " + i);
        }
    }
}
