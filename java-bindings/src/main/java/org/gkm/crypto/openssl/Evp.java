package org.gkm.crypto.openssl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * OpenSSL algorithm objects fetched once (EVP_CIPHER_fetch / EVP_MD_fetch) and kept for the life of
 * the process. Fetched objects are immutable and reference counted; sharing them across threads is
 * what OpenSSL 3 recommends (implicit fetching through EVP_aes_128_gcm() etc. would look the
 * implementation up again on every init). They are never freed.
 */
final class Evp {
    private Evp() {}

    static final MemorySegment AES_128_WRAP = cipher("AES-128-WRAP");
    static final MemorySegment AES_192_WRAP = cipher("AES-192-WRAP");
    static final MemorySegment AES_256_WRAP = cipher("AES-256-WRAP");
    static final MemorySegment AES_128_WRAP_PAD = cipher("AES-128-WRAP-PAD");
    static final MemorySegment AES_192_WRAP_PAD = cipher("AES-192-WRAP-PAD");
    static final MemorySegment AES_256_WRAP_PAD = cipher("AES-256-WRAP-PAD");

    /** The C string "pub" (OSSL_PKEY_PARAM_PUB_KEY). */
    static final MemorySegment PARAM_PUB = Arena.global().allocateFrom("pub");

    static final MemorySegment NAME_EC = Arena.global().allocateFrom("EC");
    static final MemorySegment PARAM_GROUP = Arena.global().allocateFrom("group");
    static final MemorySegment PARAM_PRIV = Arena.global().allocateFrom("priv");
    static final MemorySegment GROUP_P256 = Arena.global().allocateFrom("prime256v1");

    /** Forces initialization (and thus every fetch) from {@link NativeLoader}. */
    static void init() {}

    static MemorySegment wrap(boolean pad, int kekLength) {
        return switch (kekLength) {
            case 16 -> pad ? AES_128_WRAP_PAD : AES_128_WRAP;
            case 24 -> pad ? AES_192_WRAP_PAD : AES_192_WRAP;
            case 32 -> pad ? AES_256_WRAP_PAD : AES_256_WRAP;
            default -> throw new IllegalArgumentException("AES KEK must be 16, 24 or 32 bytes, got " + kekLength);
        };
    }

    private static MemorySegment cipher(String name) {
        MemorySegment c;
        try (Arena a = Arena.ofConfined()) {
            c = LibCrypto.EVP_CIPHER_fetch(MemorySegment.NULL, a.allocateFrom(name), MemorySegment.NULL);
        }
        if (c.equals(MemorySegment.NULL)) {
            LibCrypto.ERR_clear_error();
            throw new UnsatisfiedLinkError("libcrypto: EVP_CIPHER_fetch(" + name + ") failed");
        }
        return c;
    }
}
