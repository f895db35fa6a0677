package org.gkm.gcks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.internal.InsecureNonceAesGcm;
import org.gkm.crypto.spi.CryptoSpi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module boundaries hold in what the build produced: the module descriptors of gkm's shipped
 * modules (their {@code target/classes} or jars, found on this test's class path) export
 * {@code internal} and {@code spi} packages only to gkm modules, the crypto module exports the facade
 * alone to applications, and an application module compiled against them can use the facade but
 * reaches neither the SPI nor the caller-nonce AES-GCM. The providers are found with
 * {@link java.util.ServiceLoader} on the module path ({@code uses} / {@code provides}) as they are on
 * the class path ({@code META-INF/services}, which every other test uses).
 */
class ModuleBoundaryTest {
    /** Every module that ships (benchmarks stays on the class path: JMH, and it measures internals). */
    private static final Set<String> SHIPPED = Set.of("org.gkm.wire", "org.gkm.crypto", "org.gkm.crypto.java",
            "org.gkm.crypto.openssl", "org.gkm.rekey", "org.gkm.gkmp", "org.gkm.store.sqlite", "org.gkm.simulator",
            "org.gkm.gcks");

    /** A package segment that marks a package as not for applications. */
    private static final Pattern NOT_API = Pattern.compile("(^|\\.)(internal|spi)(\\.|$)");

    /** Every explicit module on the class path (gkm's and the libraries'), by name. */
    private static Map<String, ModuleReference> modules;

    @BeforeAll
    static void findModules() throws IOException {
        modules = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry);
            if (hasModuleInfo(p)) {
                for (ModuleReference ref : ModuleFinder.of(p).findAll()) {
                    ModuleReference before = modules.put(ref.descriptor().name(), ref);
                    assertNull(before, () -> ref.descriptor().name() + " twice on the class path");
                }
            }
        }
        Set<String> gkm = gkmModules().keySet();
        assertTrue(gkm.containsAll(SHIPPED), "shipped modules missing from the test class path: found " + gkm);
    }

    private static boolean hasModuleInfo(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            return Files.isRegularFile(p.resolve("module-info.class"));
        }
        if (!Files.isRegularFile(p) || !p.toString().endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(p.toFile(), false, ZipFile.OPEN_READ, Runtime.version())) {
            return jar.getJarEntry("module-info.class") != null;
        }
    }

    private static Map<String, ModuleReference> gkmModules() {
        Map<String, ModuleReference> out = new TreeMap<>();
        modules.forEach((name, ref) -> {
            if (name.startsWith("org.gkm.")) {
                out.put(name, ref);
            }
        });
        return out;
    }

    private static Set<String> unqualifiedExports(ModuleDescriptor d) {
        return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void internalAndSpiPackagesAreExportedAndOpenedOnlyToGkmModules() {
        List<String> violations = new ArrayList<>();
        for (ModuleReference ref : gkmModules().values()) {
            ModuleDescriptor d = ref.descriptor();
            if (d.isOpen()) {
                violations.add(d.name() + " is an open module");
            }
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (NOT_API.matcher(e.source()).find() && !(e.isQualified() && SHIPPED.containsAll(e.targets()))) {
                    violations.add(d.name() + ": " + e);
                }
            }
            for (ModuleDescriptor.Opens o : d.opens()) {
                if (NOT_API.matcher(o.source()).find() && !(o.isQualified() && SHIPPED.containsAll(o.targets()))) {
                    violations.add(d.name() + ": opens " + o);
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theCryptoModuleExportsOnlyTheFacadeToApplications() {
        ModuleDescriptor crypto = modules.get("org.gkm.crypto").descriptor();
        String facade = CryptoProvider.class.getPackageName();
        assertEquals(Set.of(facade), unqualifiedExports(crypto));
        // The caller-nonce AES-GCM and the raw SPI (whose gcmSeal takes a nonce) live outside it.
        assertNotEquals(facade, InsecureNonceAesGcm.class.getPackageName());
        assertNotEquals(facade, CryptoSpi.class.getPackageName());
        assertTrue(crypto.packages().contains(InsecureNonceAesGcm.class.getPackageName()), "scan read the wrong module");
        for (ModuleReference ref : gkmModules().values()) {
            Set<String> open = unqualifiedExports(ref.descriptor());
            assertTrue(!open.contains(InsecureNonceAesGcm.class.getPackageName()) && !open.contains(CryptoSpi.class.getPackageName()),
                    ref.descriptor().name() + " exports " + open);
        }
    }

    @Test
    void theProviderModulesExportNothing() {
        for (String provider : List.of("org.gkm.crypto.java", "org.gkm.crypto.openssl")) {
            assertEquals(Set.of(), modules.get(provider).descriptor().exports(), provider);
        }
    }

    @Test
    void theEvpKeyWrapBaselineIsNotInTheOpenSslProvidersModule() throws IOException {
        try (ModuleReader r = modules.get("org.gkm.crypto.openssl").open()) {
            assertTrue(r.find("org/gkm/crypto/openssl/OpenSslProvider.class").isPresent(), "scan read the wrong module");
            assertEquals(List.of(), r.list().filter(n -> n.contains("EvpKeyWrap")).toList());
        }
    }

    @Test
    void anApplicationModuleReachesTheFacadeButNotTheSpiOrTheCallerNonceGcm(@TempDir Path dir) throws IOException {
        String ok = "static int providers() { return org.gkm.crypto.CryptoProviders.discover().size(); }";
        assertEquals(List.of(), compileApplication(dir.resolve("ok"), "", ok), "the facade must stay usable");

        assertEquals(List.of("compiler.err.package.not.visible"),
                compileApplication(dir.resolve("internal"), "import org.gkm.crypto.internal.InsecureNonceAesGcm;", ""));
        assertEquals(List.of("compiler.err.package.not.visible"),
                compileApplication(dir.resolve("spi"), "import org.gkm.crypto.spi.CryptoSpi;", ""));
        // A provider instance the facade lists is still no way to a caller-chosen nonce.
        String viaDiscover = "static byte[] seal() throws Exception { return org.gkm.crypto.CryptoProviders.discover().get(0)"
                + ".gcmSeal(new byte[16], new byte[12], new byte[0], new byte[0]); }";
        // gcmSeal is overloaded (raw key, key value), so javac reports that no candidate applies; the
        // raw-key one, which the arguments fit, for the one reason that CryptoSpi is not exported
        List<Diagnostic<? extends JavaFileObject>> errors = compileErrors(dir.resolve("discover"), "", viaDiscover);
        assertEquals(List.of("compiler.err.cant.apply.symbols"), errors.stream().map(Diagnostic::getCode).toList());
        String why = errors.get(0).getMessage(Locale.ROOT);
        assertTrue(why.contains("CryptoSpi.gcmSeal(byte[],byte[],byte[],byte[]) in package org.gkm.crypto.spi is not accessible"),
                why);
    }

    /**
     * Compiles module {@code app} ({@code requires org.gkm.rekey}, which reads the crypto module
     * transitively, as a GCKS application would) with one class holding {@code imports} and
     * {@code body}, against gkm's modules on the module path; returns the error codes.
     */
    private static List<String> compileApplication(Path dir, String imports, String body) throws IOException {
        return compileErrors(dir, imports, body).stream().map(Diagnostic::getCode).toList();
    }

    /** As {@link #compileApplication}, the error diagnostics themselves. */
    private static List<Diagnostic<? extends JavaFileObject>> compileErrors(Path dir, String imports, String body)
            throws IOException {
        Path src = dir.resolve("src/app");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("module-info.java"), "module app { requires org.gkm.rekey; }\n");
        Files.writeString(src.resolve("app/App.java"), "package app;\n" + imports + "\nclass App {\n" + body + "\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<Path> modulePath = gkmModules().values().stream().map(r -> Path.of(r.location().orElseThrow())).toList();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(
                    List.of(src.resolve("module-info.java"), src.resolve("app/App.java")));
            List<String> options = List.of("--module-path", modulePath.stream().map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator)), "-d", dir.resolve("out").toString(), "-proc:none");
            StringWriter out = new StringWriter();
            boolean compiled = javac.getTask(out, files, diagnostics, options, null, units).call();
            List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
            assertEquals(compiled, errors.isEmpty(), () -> out + " " + diagnostics.getDiagnostics());
            return errors;
        }
    }

    @Test
    void providersAreFoundOnTheModulePath() throws Exception {
        ModuleFinder finder = ModuleFinder.of(modules.values().stream().map(r -> Path.of(r.location().orElseThrow()))
                .toArray(Path[]::new));
        // Service binding: resolving the facade alone pulls in every module that provides CryptoSpi.
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of("org.gkm.crypto"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Class<?> providers = layer.findLoader("org.gkm.crypto").loadClass("org.gkm.crypto.CryptoProviders");
        assertEquals("org.gkm.crypto", providers.getModule().getName(), "loaded from the class path, not the layer");
        Map<String, String> found = new TreeMap<>();
        for (Object spi : (List<?>) providers.getMethod("discover").invoke(null)) {
            found.put(spi.getClass().getName(), spi.getClass().getModule().getName());
        }
        assertEquals(Map.of("org.gkm.crypto.java.PureJavaProvider", "org.gkm.crypto.java",
                "org.gkm.crypto.openssl.OpenSslProvider", "org.gkm.crypto.openssl"), found);
    }
}
