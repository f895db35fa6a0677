package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * RSA-3072 OAEP decryption through the OpenSSL provider, which takes libgkm_native's IFMA CRT path
 * on CPUs with AVX-512 IFMA (reported as {@code rsa.path}): plaintexts and refusals agree with the
 * pure-Java provider in both directions.
 */
class Rsa3072PathTest {
    @Test
    void pathIsReported() {
        OpenSslSupport.ready();
        String reported = new OpenSslProvider().details().get("rsa.path");
        assertNotNull(reported, "rsa.path missing from the provider details");
        int path = GkmNative.gkm_rsa_path();
        assertTrue(path == 1 || path == 2, "AUTO resolves to a concrete path, got " + path);
        assertEquals((path == 2 ? "ifma" : "evp") + " (RSA-3072 two-prime decryption; GKM_RSA_PATH=evp|ifma forces one)",
                reported);
    }

    @Test
    void agreesWithPureJava() throws Exception {
        OpenSslSupport.ready();
        CryptoProvider j = CryptoProvider.of(new PureJavaProvider());
        CryptoProvider o = CryptoProvider.of(new OpenSslProvider());
        Random r = new Random(0x3072L);
        KeyPair kp = j.keys().generate(KeyType.RSA_3072);
        int max = KeyTransport.maxPlaintextLength(KeyType.RSA_3072);
        for (int i = 0; i < 40; i++) {
            byte[] label = new byte[i % 3 == 0 ? 0 : r.nextInt(40)];
            byte[] pt = new byte[r.nextInt(max + 1)];
            r.nextBytes(label);
            r.nextBytes(pt);
            byte[] ctJ = j.keyTransport().encrypt(kp.publicKey(), pt, label);
            byte[] ctO = o.keyTransport().encrypt(kp.publicKey(), pt, label);
            assertArrayEquals(pt, o.keyTransport().decrypt(kp.privateKey(), ctJ, label), "case " + i);
            assertArrayEquals(pt, j.keyTransport().decrypt(kp.privateKey(), ctO, label), "case " + i);
            byte[] tampered = ctJ.clone();
            tampered[r.nextInt(tampered.length)] ^= (byte) (1 + r.nextInt(255));
            assertThrows(InvalidCiphertextException.class,
                    () -> o.keyTransport().decrypt(kp.privateKey(), tampered, label), "tampered case " + i);
            byte[] wrongLabel = Arrays.copyOf(label, label.length + 1);
            assertThrows(InvalidCiphertextException.class,
                    () -> o.keyTransport().decrypt(kp.privateKey(), ctJ, wrongLabel), "wrong label case " + i);
        }
    }
}
