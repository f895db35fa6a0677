package org.gkm.bench.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Facts about the machine for the report header: CPU model and crypto flags, OpenSSL version, and
 * the libgkm_native key wrap kernel path the openssl provider runs on here (null if unknown).
 */
public record SystemInfo(String cpuModel, List<String> cpuFlags, String openSslVersion, String kwPath) {

    public SystemInfo(String cpuModel, List<String> cpuFlags, String openSslVersion) {
        this(cpuModel, cpuFlags, openSslVersion, null);
    }

    /** The CPU flags the report cares about, in report order. */
    public static final List<String> RELEVANT_FLAGS =
            List.of("aes", "pclmulqdq", "vaes", "vpclmulqdq", "avx2", "avx512f", "sha_ni");

    public static SystemInfo detect() {
        String model = "unknown";
        List<String> flags = List.of();
        try {
            CpuInfo cpu = CpuInfo.parse(Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8));
            model = cpu.model();
            flags = cpu.flags();
        } catch (IOException | RuntimeException e) {
            // not Linux or not readable: leave unknown
        }
        return new SystemInfo(model, flags, detectOpenSslVersion(), detectKwPath());
    }

    /**
     * The key wrap path of the openssl provider in this JVM (same machine and environment as the
     * benchmark forks: GKM_KW_PATH and -Dgkm.kw.path apply alike), e.g. "vaes"; null if the
     * provider cannot load.
     */
    static String detectKwPath() {
        try {
            String p = org.gkm.crypto.CryptoProviders.get("openssl").details().get("kw.path");
            if (p == null) {
                return null;
            }
            int sp = p.indexOf(' ');
            return sp < 0 ? p : p.substring(0, sp);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** {@code openssl version} output, or null if the command is unavailable. */
    static String detectOpenSslVersion() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(4096);
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String s = new String(out, StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && !s.isEmpty() ? s : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Parsed /proc/cpuinfo: first {@code model name} and the relevant flags present. */
    public record CpuInfo(String model, List<String> flags) {
        public static CpuInfo parse(String cpuinfo) {
            String model = "unknown";
            Set<String> present = new HashSet<>();
            boolean haveModel = false;
            boolean haveFlags = false;
            for (String line : cpuinfo.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (!haveModel && key.equals("model name")) {
                    model = value;
                    haveModel = true;
                } else if (!haveFlags && key.equals("flags")) {
                    present.addAll(Arrays.asList(value.split("\\s+")));
                    haveFlags = true;
                }
            }
            List<String> flags = new ArrayList<>();
            for (String f : RELEVANT_FLAGS) {
                if (present.contains(f)) {
                    flags.add(f);
                }
            }
            return new CpuInfo(model, List.copyOf(flags));
        }
    }
}
