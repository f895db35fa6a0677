package org.gkm.rekey.message;

import java.util.Objects;

/**
 * The group key management algorithm a message belongs to (RFC 4046 sec. 5.8: "GKMA name and
 * version"), plus the tree degree d the member needs to find its path. Name: 1..32 US-ASCII
 * letters, digits, '-', '_' or '.', e.g. {@code "LKH"}; version 0..65535; degree 2..1024.
 */
public record Gkma(String name, int version, int degree) {
    /** LKH (RFC 2627), version 1, degree 4: the engine's default. */
    public static Gkma lkh(int degree) {
        return new Gkma("LKH", 1, degree);
    }

    public Gkma {
        Objects.requireNonNull(name, "name");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("GKMA name must be 1..32 chars of [A-Za-z0-9._-]");
        }
        if (version < 0 || version > RekeyLimits.MAX_GKMA_VERSION) {
            throw new IllegalArgumentException("GKMA version must be 0..65535, got " + version);
        }
        if (degree < RekeyLimits.MIN_DEGREE || degree > RekeyLimits.MAX_DEGREE) {
            throw new IllegalArgumentException("degree must be " + RekeyLimits.MIN_DEGREE + ".." + RekeyLimits.MAX_DEGREE + ", got " + degree);
        }
    }

    /** Whether {@code name} is a valid GKMA name (also used by the decoder). */
    static boolean isValidName(CharSequence name) {
        if (name.length() < RekeyLimits.MIN_GKMA_NAME_BYTES || name.length() > RekeyLimits.MAX_GKMA_NAME_BYTES) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isNameChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    }
}
