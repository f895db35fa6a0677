package org.gkm.crypto.openssl;

/**
 * A libgkm_native was found and loaded but is not the one these bindings were built for: its C ABI
 * version ({@code gkm_abi_version()}) differs from the one the bindings' call signatures were
 * written against, or its release version ({@code gkm_native_version()}) differs from this jar's.
 * Calling into such a library could pass arguments it reads differently, so the OpenSSL provider
 * reports itself unavailable with this error as the cause.
 *
 * <p>Invariant: at least one of the two pairs differs. {@link #actualAbi()} is
 * {@link #NO_ABI_VERSION} for a library that predates ABI versioning (no {@code gkm_abi_version}).
 */
public final class IncompatibleNativeLibraryError extends UnsatisfiedLinkError {
    private static final long serialVersionUID = 1L;

    /** {@link #actualAbi()} of a library without {@code gkm_abi_version}. */
    public static final int NO_ABI_VERSION = -1;

    private final int expectedAbi;
    private final int actualAbi;
    private final String expectedVersion;
    private final String actualVersion;

    IncompatibleNativeLibraryError(String where, int expectedAbi, int actualAbi, String expectedVersion,
            String actualVersion) {
        super(where + ": libgkm_native " + describe(actualVersion, actualAbi) + " is not the one this jar was built for ("
                + describe(expectedVersion, expectedAbi) + ")");
        this.expectedAbi = expectedAbi;
        this.actualAbi = actualAbi;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    private static String describe(String version, int abi) {
        return "version " + version + ", " + (abi == NO_ABI_VERSION ? "no ABI version" : "ABI " + abi);
    }

    /** The C ABI version the bindings were written against. */
    public int expectedAbi() {
        return expectedAbi;
    }

    /** The loaded library's C ABI version, or {@link #NO_ABI_VERSION}. */
    public int actualAbi() {
        return actualAbi;
    }

    /** The release version this jar was built as. */
    public String expectedVersion() {
        return expectedVersion;
    }

    /** The loaded library's release version. */
    public String actualVersion() {
        return actualVersion;
    }
}
