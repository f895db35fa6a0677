package org.gkm.crypto.java;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.jar.Manifest;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The JCA providers, the CSPRNG and the per-thread JCA engine objects, all looked up once.
 *
 * <p>Loading this class fails (and the provider reports itself unavailable) when SunJCE or SunRsaSign
 * is missing, e.g. on a JDK locked down to a FIPS provider set.
 */
final class Jca {
    static final Provider SUN_JCE = require("SunJCE");
    static final Provider SUN_RSA_SIGN = require("SunRsaSign");

    /** The provider's only randomness source; passed to every JCA init that takes one. */
    static final SecureRandom RNG = newRandom();

    private static final ThreadLocal<PerThread> ENGINES = ThreadLocal.withInitial(PerThread::new);

    private Jca() {}

    static PerThread engines() {
        return ENGINES.get();
    }

    private static Provider require(String name) {
        Provider p = Security.getProvider(name);
        if (p == null) {
            throw new IllegalStateException("JCA provider " + name + " is not installed");
        }
        return p;
    }

    private static SecureRandom newRandom() {
        try {
            // Hash_DRBG/SHA-256 at 256-bit strength, seeded from the platform entropy source.
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY,
                            "gkm pure-java provider".getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            return new SecureRandom();
        }
    }

    /** Version of the Bouncy Castle jar on the class path, from its manifest. */
    static String bouncyCastleVersion() {
        try {
            URL u = Ed25519.class.getResource("Ed25519.class");
            if (u != null && "jar".equals(u.getProtocol())) {
                String s = u.toString();
                URL mf = new URL(s.substring(0, s.indexOf("!/") + 2) + "META-INF/MANIFEST.MF");
                try (InputStream in = mf.openStream()) {
                    String v = new Manifest(in).getMainAttributes().getValue("Bundle-Version");
                    if (v != null) {
                        return v;
                    }
                }
            }
        } catch (Exception | LinkageError e) {
            // fall through
        }
        Package p = Ed25519.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /**
     * JCA engine objects of one thread, created on first use and re-initialised on every call. JCA
     * engines are not thread-safe, so they are never shared between threads.
     */
    static final class PerThread {
        private Cipher kw;
        private Cipher kwp;
        private Cipher gcm;
        private Cipher rsaOaep;
        private Mac hmac;
        private KeyFactory rsaKeys;
        private byte[] scratch = new byte[0];
        private final KekKey kek = new KekKey();

        /**
         * This thread's reusable AES key holder for batch key wrap (so a batch allocates no
         * SecretKeySpec per KEK and leaves no un-zeroable KEK copies behind); clear it when done.
         */
        KekKey kek() {
            return kek;
        }

        /** A per-thread work array of at least {@code n} bytes (grown, never shrunk; max 64 KiB + 16). */
        byte[] scratch(int n) {
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, 2 * scratch.length)];
            }
            return scratch;
        }

        Cipher keyWrap(boolean padded) {
            if (padded) {
                if (kwp == null) {
                    kwp = cipher("AES/KWP/NoPadding");
                }
                return kwp;
            }
            if (kw == null) {
                kw = cipher("AES/KW/NoPadding");
            }
            return kw;
        }

        Cipher gcm() {
            if (gcm == null) {
                gcm = cipher("AES/GCM/NoPadding");
            }
            return gcm;
        }

        /**
         * Replaces the GCM cipher with a fresh one. SunJCE refuses to init a GCM cipher for encryption
         * with the key and IV of its previous encryption; the SPI allows that (the caller owns nonce
         * policy), so a seal that hits the check retries on a new object.
         */
        Cipher freshGcm() {
            gcm = cipher("AES/GCM/NoPadding");
            return gcm;
        }

        Cipher rsaOaep() {
            if (rsaOaep == null) {
                rsaOaep = cipher("RSA/ECB/OAEPPadding");
            }
            return rsaOaep;
        }

        Mac hmac() {
            if (hmac == null) {
                try {
                    hmac = Mac.getInstance("HmacSHA256", SUN_JCE);
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("SunJCE lacks HmacSHA256", e);
                }
            }
            return hmac;
        }

        KeyFactory rsaKeys() {
            if (rsaKeys == null) {
                rsaKeys = keyFactory("RSA", SUN_RSA_SIGN);
            }
            return rsaKeys;
        }

        private static Cipher cipher(String transformation) {
            try {
                return Cipher.getInstance(transformation, SUN_JCE);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SunJCE lacks " + transformation, e);
            }
        }

        private static KeyFactory keyFactory(String alg, Provider p) {
            try {
                return KeyFactory.getInstance(alg, p);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(p.getName() + " lacks KeyFactory " + alg, e);
            }
        }
    }

    /**
     * A mutable AES {@link javax.crypto.SecretKey} of one thread, loaded with a KEK slice before each
     * {@code Cipher.init} and cleared after the batch. JCA ciphers copy the key bytes out of the
     * key object during {@code init} (SunJCE expands the schedule from {@code getEncoded()}'s copy
     * and zeroes that copy), so reloading the holder never affects an initialised cipher. Unlike
     * {@link javax.crypto.spec.SecretKeySpec} (whose {@code destroy()} is unsupported) it can be
     * zeroed. Never shared between threads, never serialised, never printed.
     */
    static final class KekKey implements javax.crypto.SecretKey {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes = new byte[32];
        private int length;

        /** Loads {@code src[off .. off+len)}, len 16, 24 or 32 (already validated). */
        KekKey set(byte[] src, int off, int len) {
            System.arraycopy(src, off, bytes, 0, len);
            if (len < length) {
                java.util.Arrays.fill(bytes, len, length, (byte) 0);
            }
            length = len;
            return this;
        }

        /** Zeroes the held key. */
        void clear() {
            java.util.Arrays.fill(bytes, (byte) 0);
            length = 0;
        }

        /** Whether every byte of the holder is zero (tests check the zeroing). */
        boolean allZero() {
            int acc = 0;
            for (byte b : bytes) {
                acc |= b;
            }
            return acc == 0;
        }

        @Override
        public String getAlgorithm() {
            return "AES";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return java.util.Arrays.copyOf(bytes, length);
        }

        @Override
        public void destroy() {
            clear();
        }

        @Override
        public boolean isDestroyed() {
            return length == 0;
        }

        @Override
        public String toString() {
            return "KekKey[AES, " + (8 * length) + " bits]";
        }

        private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
            throw new java.io.NotSerializableException("key material is not serialisable");
        }
    }
}
