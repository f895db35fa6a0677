package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Finds and checks libcrypto and libgkm_native once, ACCP style: the static initializer catches
 * every {@link Throwable} and records the outcome in final fields, so initializing this class never
 * throws and a missing library only makes the provider unavailable.
 *
 * <p>libgkm_native is looked for, in order:
 * <ol>
 *   <li>the file named by the system property {@value #PATH_PROPERTY}; when that property is set it
 *       is the only candidate (a misconfigured explicit path is reported, not silently replaced);
 *   <li>the copy bundled in this jar ({@value #RESOURCE}), extracted into a fresh owner-only
 *       temporary directory, loaded, and deleted again;
 *   <li>the system library path ({@code libgkm_native.so} by name, i.e. dlopen's search).
 * </ol>
 * The first candidate that loads and reports C ABI version {@value #EXPECTED_ABI_VERSION}
 * ({@code gkm_abi_version()}, what {@link GkmNative}'s call signatures are written for) and this
 * jar's release version ({@code gkm_native_version()}; both come from the root pom.xml's version)
 * wins; a library that loads but differs is refused with {@link IncompatibleNativeLibraryError}.
 * Failures of later candidates are attached as suppressed exceptions to the first failure.
 * libcrypto.so.3 must be at least 3.0.0.
 */
final class NativeLoader {
    private NativeLoader() {}

    /** GKM_ABI_VERSION of the native/include/gkm_native.h that {@link GkmNative} binds. */
    static final int EXPECTED_ABI_VERSION = 5;
    /** Where Maven put this jar's version ({@code gkm-build.properties}, filtered). */
    static final String BUILD_PROPERTIES = "gkm-build.properties";
    /** This jar's release version, which libgkm_native must report too; null if unreadable. */
    static final String EXPECTED_NATIVE_VERSION = buildVersion();
    static final String PATH_PROPERTY = "gkm.native.path";
    static final String RESOURCE = "/org/gkm/nativelib/linux-x86_64/libgkm_native.so";
    static final long MIN_OPENSSL_VERSION = 0x30000000L;

    /** Whether both libraries loaded and passed the version checks. */
    static final boolean AVAILABLE;
    /** One line: what loaded from where, or why not. */
    static final String REASON;
    /** The failure behind an unavailable provider, or null. */
    static final Throwable ERROR;
    /** Where libgkm_native came from (path and source), or null. */
    static final String NATIVE_SOURCE;
    /** The loaded libgkm_native's version string, or null. */
    static final String NATIVE_VERSION;
    /** The loaded libgkm_native's C ABI version, or 0. */
    static final int NATIVE_ABI_VERSION;
    /** OpenSSL_version(OPENSSL_VERSION), or null. */
    static final String OPENSSL_VERSION_TEXT;
    /** OpenSSL_version_num(), or 0. */
    static final long OPENSSL_VERSION_NUM;

    private static final SymbolLookup NATIVE_LOOKUP;

    static {
        boolean available = false;
        String reason;
        Throwable error = null;
        String source = null;
        String nativeVersion = null;
        int nativeAbi = 0;
        String osslText = null;
        long osslNum = 0;
        SymbolLookup lookup = null;
        try {
            // libcrypto first: without it nothing works.
            osslNum = LibCrypto.OpenSSL_version_num();
            osslText = cString(LibCrypto.OpenSSL_version(LibCrypto.OPENSSL_VERSION));
            if (Long.compareUnsigned(osslNum, MIN_OPENSSL_VERSION) < 0) {
                throw new UnsatisfiedLinkError("libcrypto.so.3 is " + osslText + " (0x" + Long.toHexString(osslNum)
                        + "); OpenSSL 3.0.0 or newer is required");
            }
            Found found = findNative();
            lookup = found.lookup;
            source = found.source;
            nativeVersion = found.version;
            nativeAbi = found.abi;
            Evp.init(); // fetch the algorithm objects once, so a broken OpenSSL shows up here
            available = true;
            reason = "OpenSSL " + cString(LibCrypto.OpenSSL_version(LibCrypto.OPENSSL_VERSION_STRING))
                    + " and libgkm_native " + nativeVersion + " (ABI " + nativeAbi + ") loaded from " + source;
        } catch (Throwable t) {
            error = t;
            reason = "OpenSSL provider unavailable: " + t;
            lookup = null;
        }
        AVAILABLE = available;
        REASON = reason;
        ERROR = error;
        NATIVE_SOURCE = source;
        NATIVE_VERSION = nativeVersion;
        NATIVE_ABI_VERSION = nativeAbi;
        OPENSSL_VERSION_TEXT = osslText;
        OPENSSL_VERSION_NUM = osslNum;
        NATIVE_LOOKUP = lookup;
    }

    /** The loaded libgkm_native; throws if the loader failed. */
    static SymbolLookup nativeLookup() {
        if (NATIVE_LOOKUP == null) {
            throw new IllegalStateException(REASON, ERROR);
        }
        return NATIVE_LOOKUP;
    }

    record Found(SymbolLookup lookup, String source, String version, int abi) {}

    /** The version in this jar's gkm-build.properties, or null (never throws: see the class doc). */
    private static String buildVersion() {
        try (InputStream in = NativeLoader.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            return v == null || v.isBlank() || v.contains("${") ? null : v.trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Found findNative() {
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null) {
            return tryPath(Path.of(explicit), PATH_PROPERTY + "=" + explicit);
        }
        UnsatisfiedLinkError first = null;
        try {
            return tryBundled();
        } catch (Throwable t) {
            first = asLinkError("bundled " + RESOURCE, t);
        }
        String name = System.mapLibraryName("gkm_native");
        try {
            SymbolLookup lookup = SymbolLookup.libraryLookup(name, Arena.global());
            return check(lookup, "system library path (" + name + ")");
        } catch (Throwable t) {
            first.addSuppressed(asLinkError("system library path (" + name + ")", t));
        }
        throw first;
    }

    private static UnsatisfiedLinkError asLinkError(String where, Throwable t) {
        if (t instanceof UnsatisfiedLinkError u && u.getMessage() != null && u.getMessage().startsWith(where)) {
            return u;
        }
        UnsatisfiedLinkError e = new UnsatisfiedLinkError(where + ": " + t);
        e.initCause(t);
        return e;
    }

    private static Found tryPath(Path path, String where) {
        if (!Files.isRegularFile(path)) {
            throw new UnsatisfiedLinkError(where + ": no such file " + path.toAbsolutePath());
        }
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalArgumentException e) {
            throw asLinkError(where + ": cannot load " + path.toAbsolutePath(), e);
        }
        return check(lookup, where + " (" + path.toAbsolutePath() + ")");
    }

    private static Found tryBundled() throws IOException {
        Path dir = null;
        Path file = null;
        try (InputStream in = NativeLoader.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("bundled " + RESOURCE + ": not in the jar");
            }
            dir = Files.createTempDirectory("gkm-native-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            file = dir.resolve("libgkm_native.so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            SymbolLookup lookup = SymbolLookup.libraryLookup(file, Arena.global());
            return check(lookup, "bundled " + RESOURCE);
        } finally {
            // The mapping stays valid after unlink; nothing is left in /tmp.
            if (file != null) {
                Files.deleteIfExists(file);
            }
            if (dir != null) {
                Files.deleteIfExists(dir);
            }
        }
    }

    /**
     * Checks the ABI and release versions of a loaded libgkm_native without initializing
     * {@link GkmNative}: {@link IncompatibleNativeLibraryError} if either differs.
     */
    static Found check(SymbolLookup lookup, String where) {
        if (EXPECTED_NATIVE_VERSION == null) {
            throw new UnsatisfiedLinkError(where + ": this jar's " + BUILD_PROPERTIES + " is missing or unfiltered");
        }
        MemorySegment sym = lookup.find("gkm_native_version")
                .orElseThrow(() -> new UnsatisfiedLinkError(where + ": symbol gkm_native_version not found"));
        MethodHandle mh = Linker.nativeLinker().downcallHandle(sym, FunctionDescriptor.of(ADDRESS));
        String version;
        try {
            version = cString((MemorySegment) mh.invokeExact());
        } catch (Throwable t) {
            throw asLinkError(where + ": gkm_native_version failed", t);
        }
        int abi = IncompatibleNativeLibraryError.NO_ABI_VERSION; // libraries before ABI versioning lack the symbol
        MemorySegment abiSym = lookup.find("gkm_abi_version").orElse(null);
        if (abiSym != null) {
            MethodHandle abiMh = Linker.nativeLinker().downcallHandle(abiSym, FunctionDescriptor.of(JAVA_INT));
            try {
                abi = (int) abiMh.invokeExact();
            } catch (Throwable t) {
                throw asLinkError(where + ": gkm_abi_version failed", t);
            }
        }
        if (abi != EXPECTED_ABI_VERSION || !EXPECTED_NATIVE_VERSION.equals(version)) {
            throw new IncompatibleNativeLibraryError(where, EXPECTED_ABI_VERSION, abi, EXPECTED_NATIVE_VERSION, version);
        }
        return new Found(lookup, where, version, abi);
    }

    /** A NUL-terminated C string of static storage (at most 4 KiB read). */
    static String cString(MemorySegment p) {
        if (p == null || p.equals(MemorySegment.NULL)) {
            return null;
        }
        return p.reinterpret(4096).getString(0);
    }
}
