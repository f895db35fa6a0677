package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loader behaviour that needs a fresh JVM (the loader runs once per class loader): each case starts
 * a child JVM with this test classpath and {@link Probe} as main class.
 */
class NativeLoaderTest {

    /** Prints the provider's availability in a child JVM. */
    public static final class Probe {
        public static void main(String[] args) {
            OpenSslProvider p = new OpenSslProvider(); // must not throw
            var a = p.availability();
            System.out.println("AVAILABLE=" + a.available());
            System.out.println("REASON=" + a.reason());
            System.out.println("CAUSE=" + (a.cause() == null ? "" : a.cause().getClass().getName()));
            System.out.println("DETAILS=" + p.details());
            if (!a.available()) {
                try {
                    p.hmacSha256(new byte[1], new byte[1]);
                    System.out.println("USE=accepted");
                } catch (IllegalStateException e) {
                    System.out.println("USE=IllegalStateException");
                }
            }
        }
    }

    record Run(int exit, String out) {
        String line(String key) {
            return out.lines().filter(l -> l.startsWith(key + "=")).findFirst()
                    .map(l -> l.substring(key.length() + 1)).orElse(null);
        }
    }

    static Run child(String... props) throws Exception {
        return child(Probe.class, props);
    }

    /** Runs {@code main} in a child JVM with this test classpath and the given system properties. */
    static Run child(Class<?> main, String... props) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        for (String p : props) {
            cmd.add("-D" + p);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = pr.getInputStream().readAllBytes();
        assertTrue(pr.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        String s = new String(out, StandardCharsets.UTF_8);
        System.out.println("child " + String.join(" ", props) + ":\n" + s.indent(2));
        return new Run(pr.exitValue(), s);
    }

    @Test
    void missingExplicitPathIsReportedNotReplaced(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-dir").resolve("libgkm_native.so");
        Run r = child(NativeLoader.PATH_PROPERTY + "=" + missing);
        assertEquals(0, r.exit());
        assertEquals("false", r.line("AVAILABLE"));
        assertTrue(r.line("REASON").contains(missing.toString()), r.line("REASON"));
        assertTrue(r.line("REASON").contains(NativeLoader.PATH_PROPERTY), r.line("REASON"));
        assertEquals("java.lang.UnsatisfiedLinkError", r.line("CAUSE"));
        assertEquals("IllegalStateException", r.line("USE"));
    }

    @Test
    void explicitPathToNonLibraryIsReported(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("libgkm_native.so");
        Files.writeString(junk, "not an ELF file");
        Run r = child(NativeLoader.PATH_PROPERTY + "=" + junk);
        assertEquals("false", r.line("AVAILABLE"));
        assertTrue(r.line("REASON").contains(junk.toString()), r.line("REASON"));
    }

    @Test
    void wrongLibraryIsReported() throws Exception {
        // A real shared library that is not libgkm_native: no gkm_native_version symbol.
        Path libz = Path.of("/lib/x86_64-linux-gnu/libz.so.1");
        if (!Files.exists(libz)) {
            libz = Path.of("/usr/lib/x86_64-linux-gnu/libz.so.1");
        }
        if (!Files.exists(libz)) {
            return;
        }
        Run r = child(NativeLoader.PATH_PROPERTY + "=" + libz);
        assertEquals("false", r.line("AVAILABLE"));
        assertTrue(r.line("REASON").contains("gkm_native_version"), r.line("REASON"));
    }

    @Test
    void defaultSearchFindsALibrary() throws Exception {
        // Without the property: the copy bundled in the jar / target/classes (Maven) is used.
        boolean bundled = NativeLoader.class.getResource(NativeLoader.RESOURCE) != null;
        Run r = child();
        if (bundled) {
            assertEquals("true", r.line("AVAILABLE"), r.out());
            assertTrue(r.line("REASON").contains("bundled"), r.line("REASON"));
        } else {
            assertTrue(r.line("REASON") != null);
        }
        // Extraction leaves nothing behind in the temp dir.
        File[] left = new File(System.getProperty("java.io.tmpdir")).listFiles(
                f -> f.getName().startsWith("gkm-native-") && f.lastModified() > System.currentTimeMillis() - 60_000);
        assertEquals(0, left == null ? 0 : left.length, "extracted library directories left behind");
    }

    @Test
    void thisJvmLoaded() {
        assertTrue(NativeLoader.AVAILABLE, NativeLoader.REASON);
        assertEquals(NativeLoader.EXPECTED_NATIVE_VERSION, NativeLoader.NATIVE_VERSION);
        assertEquals(NativeLoader.EXPECTED_ABI_VERSION, NativeLoader.NATIVE_ABI_VERSION);
        assertTrue(NativeLoader.REASON.contains("ABI " + NativeLoader.EXPECTED_ABI_VERSION), NativeLoader.REASON);
    }

    @Test
    void buildVersionIsTheMavenProjectVersion() {
        // gkm-build.properties is filtered from ${project.version}; CMake reads the same root pom.
        assertNotNull(NativeLoader.EXPECTED_NATIVE_VERSION);
        assertTrue(NativeLoader.EXPECTED_NATIVE_VERSION.matches("[0-9]+(\\.[0-9]+)*(-[A-Za-z0-9.]+)?"),
                NativeLoader.EXPECTED_NATIVE_VERSION);
    }

    /** A stand-in library: upcall stubs for gkm_native_version and (if abi != null) gkm_abi_version. */
    private static SymbolLookup fakeLibrary(Arena arena, String version, Integer abi) {
        Linker linker = Linker.nativeLinker();
        MemorySegment v = linker.upcallStub(MethodHandles.constant(MemorySegment.class, arena.allocateFrom(version)),
                FunctionDescriptor.of(ValueLayout.ADDRESS), arena);
        MemorySegment a = abi == null ? null
                : linker.upcallStub(MethodHandles.constant(int.class, abi), FunctionDescriptor.of(ValueLayout.JAVA_INT),
                        arena);
        return name -> switch (name) {
            case "gkm_native_version" -> Optional.of(v);
            case "gkm_abi_version" -> Optional.ofNullable(a);
            default -> Optional.empty();
        };
    }

    @Test
    void matchingLibraryPassesTheCheck() {
        try (Arena arena = Arena.ofConfined()) {
            var found = NativeLoader.check(
                    fakeLibrary(arena, NativeLoader.EXPECTED_NATIVE_VERSION, NativeLoader.EXPECTED_ABI_VERSION), "fake");
            assertEquals(NativeLoader.EXPECTED_ABI_VERSION, found.abi());
            assertEquals(NativeLoader.EXPECTED_NATIVE_VERSION, found.version());
        }
    }

    @Test
    void otherAbiVersionIsRefusedWithATypedError() {
        try (Arena arena = Arena.ofConfined()) {
            int other = NativeLoader.EXPECTED_ABI_VERSION + 1;
            IncompatibleNativeLibraryError e = assertThrows(IncompatibleNativeLibraryError.class,
                    () -> NativeLoader.check(fakeLibrary(arena, NativeLoader.EXPECTED_NATIVE_VERSION, other), "fake"));
            assertEquals(NativeLoader.EXPECTED_ABI_VERSION, e.expectedAbi());
            assertEquals(other, e.actualAbi());
            assertTrue(e.getMessage().startsWith("fake: "), e.getMessage());
            assertTrue(e.getMessage().contains("ABI " + other), e.getMessage());
        }
    }

    @Test
    void libraryWithoutAbiVersionIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            IncompatibleNativeLibraryError e = assertThrows(IncompatibleNativeLibraryError.class,
                    () -> NativeLoader.check(fakeLibrary(arena, NativeLoader.EXPECTED_NATIVE_VERSION, null), "fake"));
            assertEquals(IncompatibleNativeLibraryError.NO_ABI_VERSION, e.actualAbi());
            assertTrue(e.getMessage().contains("no ABI version"), e.getMessage());
        }
    }

    @Test
    void otherReleaseVersionIsRefusedWithATypedError() {
        try (Arena arena = Arena.ofConfined()) {
            IncompatibleNativeLibraryError e = assertThrows(IncompatibleNativeLibraryError.class,
                    () -> NativeLoader.check(fakeLibrary(arena, "0.0.0-other", NativeLoader.EXPECTED_ABI_VERSION), "fake"));
            assertEquals("0.0.0-other", e.actualVersion());
            assertEquals(NativeLoader.EXPECTED_NATIVE_VERSION, e.expectedVersion());
            assertEquals(e.expectedAbi(), e.actualAbi());
        }
    }
}
