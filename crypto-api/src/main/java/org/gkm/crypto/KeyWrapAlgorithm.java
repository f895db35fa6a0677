package org.gkm.crypto;

/**
 * AES key wrap algorithms. The KEK size (16, 24 or 32 bytes) is given by the KEK itself.
 *
 * <p>Length rules (identical in every provider, checked in Java before any provider call):
 * AES-KW (RFC 3394) wraps key data whose length is a multiple of 8 and at least 16 bytes, giving
 * length + 8; AES-KWP (RFC 5649) wraps 1 or more bytes, giving the length rounded up to 8, plus 8.
 * Both are capped at {@link #MAX_KEY_DATA} bytes.
 */
public enum KeyWrapAlgorithm {
    /** RFC 3394, default IV A6A6A6A6A6A6A6A6. */
    AES_KW(1),
    /** RFC 5649, alternative IV A65959A6 || 32-bit length. */
    AES_KWP(2);

    /** Largest key data accepted by wrap (and, plus the padding and 8, by unwrap): 64 KiB. */
    public static final int MAX_KEY_DATA = 1 << 16;

    private final int code;

    KeyWrapAlgorithm(int code) {
        this.code = code;
    }

    /** Wire code point. */
    public int code() {
        return code;
    }

    public static KeyWrapAlgorithm fromCode(int code) throws UnsupportedAlgorithmException {
        for (KeyWrapAlgorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new UnsupportedAlgorithmException("unknown key wrap algorithm code " + code);
    }

    /** Length of the wrapped output for key data of {@code keyLength} bytes (which must be valid). */
    public int wrappedLength(int keyLength) {
        return this == AES_KW ? keyLength + 8 : ((keyLength + 7) & ~7) + 8;
    }

    /** Returns null when key data of this length may be wrapped, else what is wrong. */
    public String checkKeyDataLength(int length) {
        if (length > MAX_KEY_DATA) {
            return "key data longer than " + MAX_KEY_DATA + " bytes";
        }
        if (this == AES_KW) {
            if (length < 16 || length % 8 != 0) {
                return "AES-KW key data must be a multiple of 8 bytes and at least 16, got " + length;
            }
        } else if (length < 1) {
            return "AES-KWP key data must not be empty";
        }
        return null;
    }

    /** Returns null when a wrapped key of this length may be unwrapped, else what is wrong. */
    public String checkWrappedLength(int length) {
        int min = this == AES_KW ? 24 : 16;
        if (length < min || length % 8 != 0) {
            return name() + " wrapped key must be a multiple of 8 bytes and at least " + min + ", got " + length;
        }
        if (length > MAX_KEY_DATA + 8) {
            return "wrapped key longer than " + (MAX_KEY_DATA + 8) + " bytes";
        }
        return null;
    }

    /** Returns null for a valid KEK length (16, 24, 32), else what is wrong. */
    public static String checkKekLength(int length) {
        return length == 16 || length == 24 || length == 32
                ? null
                : "AES KEK must be 16, 24 or 32 bytes, got " + length;
    }
}
