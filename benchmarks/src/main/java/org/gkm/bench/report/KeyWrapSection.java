package org.gkm.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The key wrap section of the report: JMH {@code KeyWrapBenchmark.wrap/unwrap} scores
 * (ns per wrapped key) per provider and batch size, the ratios of the openssl provider against
 * sunjce, bc and evp taken from the same JMH run, the native Google Benchmark figure for the same
 * configuration on the kernel path the provider ran ({@code BM_wrap/path:P/kek:K/key:B/distinct:D/batch:N},
 * ns per wrap = 1e9 / items_per_second) with the Java + FFM overhead, the kernel's performance targets checked
 * against those numbers, and one log-log SVG chart per operation.
 */
final class KeyWrapSection {
    static final String BENCH = "KeyWrapBenchmark";
    static final String SINGLE = "KeyWrapSingleBenchmark";
    static final String GKM = "openssl";
    static final List<String> PROVIDER_ORDER = List.of("sunjce", "bc", "evp", "java", "openssl");
    static final List<String> OPS = List.of("wrap", "unwrap");
    private static final Map<String, String> COLORS = Map.of(
            "sunjce", "#1f77b4", "bc", "#ff7f0e", "evp", "#2ca02c", "java", "#9467bd", "openssl", "#d62728",
            "native", "#111111");

    /** The configuration of one score, provider aside. */
    record Config(String op, int kekBits, int keyBytes, boolean distinct, int batch) implements Comparable<Config> {
        @Override
        public int compareTo(Config o) {
            int c = Integer.compare(OPS.indexOf(op), OPS.indexOf(o.op));
            if (c == 0) c = Integer.compare(kekBits, o.kekBits);
            if (c == 0) c = Integer.compare(keyBytes, o.keyBytes);
            if (c == 0) c = Boolean.compare(o.distinct, distinct); // distinct first
            if (c == 0) c = Integer.compare(batch, o.batch);
            return c;
        }

        Config withBatch(int b) {
            return new Config(op, kekBits, keyBytes, distinct, b);
        }

        Config withDistinct(boolean d) {
            return new Config(op, kekBits, keyBytes, d, batch);
        }
    }

    /** Markdown plus chart files (file name to SVG text) to write beside it. */
    record Rendered(String markdown, Map<String, String> files) {}

    /** JMH scores in ns per key: config to provider to score. */
    final Map<Config, Map<String, Double>> jmh = new TreeMap<>();
    /** JMH KeyWrapSingleBenchmark (single-key API, AES-256, 32-byte keys): op to provider to ns. */
    final Map<String, Map<String, Double>> single = new TreeMap<>();
    /** Native gkm_kw_wrap / gkm_kw_unwrap single-job ns (BM_wrap_single/kek:256/key:32): op to ns. */
    final Map<String, Double> nativeSingle = new TreeMap<>();
    /** Native ns per wrap: path to config to ns ("evp" is the per-call EVP baseline). */
    final Map<String, Map<Config, Double>> nat = new TreeMap<>();

    KeyWrapSection(JsonNode jmhResults, JsonNode nativeResults) {
        if (jmhResults != null && jmhResults.isArray()) {
            for (JsonNode r : jmhResults) {
                String bench = r.path("benchmark").asText("");
                JsonNode p = r.path("params");
                JsonNode pm = r.path("primaryMetric");
                double ns = pm.path("score").asDouble(Double.NaN) * nanosPerOp(pm.path("scoreUnit").asText("ns/op"));
                String singleOp = bench.endsWith(SINGLE + ".wrapOne") ? "wrap" : bench.endsWith(SINGLE + ".unwrapOne") ? "unwrap" : null;
                if (singleOp != null) {
                    single.computeIfAbsent(singleOp, k -> new LinkedHashMap<>()).put(p.path("provider").asText("?"), ns);
                    continue;
                }
                String op = bench.endsWith(BENCH + ".wrap") ? "wrap" : bench.endsWith(BENCH + ".unwrap") ? "unwrap" : null;
                if (op == null) {
                    continue;
                }
                try {
                    Config c = new Config(op, Integer.parseInt(p.path("kekBits").asText()),
                            Integer.parseInt(p.path("keyBytes").asText()),
                            Boolean.parseBoolean(p.path("distinctKeks").asText()),
                            Integer.parseInt(p.path("batch").asText()));
                    jmh.computeIfAbsent(c, k -> new LinkedHashMap<>()).put(p.path("provider").asText("?"), ns);
                } catch (NumberFormatException e) {
                    // a KeyWrapBenchmark result without the expected params: not part of this section
                }
            }
        }
        JsonNode list = nativeResults == null ? null : nativeResults.get("benchmarks");
        if (list != null && list.isArray()) {
            for (JsonNode b : list) {
                String runType = b.path("run_type").asText("iteration");
                if ("aggregate".equals(runType) && !"mean".equals(b.path("aggregate_name").asText())) {
                    continue;
                }
                String name = b.path("name").asText("");
                if (name.startsWith("BM_wrap_single/kek:256/key:32") || name.startsWith("BM_unwrap_single/kek:256/key:32")) {
                    JsonNode sips = b.get("items_per_second");
                    double sns = sips != null && sips.asDouble() > 0 ? 1e9 / sips.asDouble()
                            : b.path("real_time").asDouble(Double.NaN) * ReportGenerator.nanosPer(b.path("time_unit").asText(null));
                    nativeSingle.put(name.startsWith("BM_wrap") ? "wrap" : "unwrap", sns);
                    continue;
                }
                NativeName n = NativeName.parse(name);
                if (n == null) {
                    continue;
                }
                double ns;
                JsonNode ips = b.get("items_per_second");
                if (ips != null && ips.asDouble() > 0) {
                    ns = 1e9 / ips.asDouble();
                } else {
                    ns = b.path("real_time").asDouble(Double.NaN) * ReportGenerator.nanosPer(b.path("time_unit").asText(null))
                            / n.config.batch();
                }
                nat.computeIfAbsent(n.path, k -> new TreeMap<>()).put(n.config, ns);
            }
        }
    }

    /** A parsed Google Benchmark name of native/bench/bench_kw.cc. */
    record NativeName(String path, Config config) {
        /**
         * {@code BM_wrap/path:aesni/kek:256/key:32/distinct:1/batch:4096} (also {@code BM_unwrap},
         * {@code BM_evp_wrap}, {@code BM_evp_unwrap}; the evp ones get path "evp"); null for
         * anything else. kek and key default to 256 and 32, distinct to 1, when absent.
         */
        static NativeName parse(String name) {
            String[] parts = name.split("/");
            String base = parts[0];
            String op;
            boolean evp;
            switch (base) {
                case "BM_wrap" -> { op = "wrap"; evp = false; }
                case "BM_unwrap" -> { op = "unwrap"; evp = false; }
                case "BM_evp_wrap" -> { op = "wrap"; evp = true; }
                case "BM_evp_unwrap" -> { op = "unwrap"; evp = true; }
                default -> { return null; }
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int c = parts[i].indexOf(':');
                if (c > 0) {
                    kv.put(parts[i].substring(0, c), parts[i].substring(c + 1));
                }
            }
            try {
                int batch = Integer.parseInt(kv.getOrDefault("batch", "-1"));
                if (batch <= 0) {
                    return null;
                }
                Config cfg = new Config(op, Integer.parseInt(kv.getOrDefault("kek", "256")),
                        Integer.parseInt(kv.getOrDefault("key", "32")), !"0".equals(kv.getOrDefault("distinct", "1")), batch);
                return new NativeName(evp ? "evp" : kv.getOrDefault("path", "auto"), cfg);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    boolean isEmpty() {
        return jmh.isEmpty() && single.isEmpty();
    }

    /**
     * The native path to compare the openssl provider with: the one it reported (SystemInfo), else
     * the best one the native bench ran.
     */
    String comparisonPath(String reported) {
        if (reported != null && nat.containsKey(reported)) {
            return reported;
        }
        for (String p : List.of("vaes", "aesni", "scalar", "auto")) {
            if (nat.containsKey(p)) {
                return p;
            }
        }
        return reported;
    }

    Rendered render(SystemInfo sys) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> files = new LinkedHashMap<>();
        sb.append("## Key wrap\n\n");
        if (isEmpty()) {
            sb.append("No KeyWrapBenchmark results in this run.\n\n");
            return new Rendered(sb.toString(), files);
        }
        String path = comparisonPath(sys.kwPath());
        sb.append("AES-KW (RFC 3394), JMH `KeyWrapBenchmark`: **ns per wrapped key** (each invocation handles 4096 keys "
                + "in calls of `batch` jobs, `@OperationsPerInvocation`), lower is better. `KEKs`: distinct = every job its "
                + "own KEK (the rekey case), one = one KEK per batch. Ratios are taken within this one run. "
                + "The openssl provider ran libgkm_native's kernel path **").append(sys.kwPath() == null ? "unknown" : sys.kwPath())
                .append("**; `native` is the Google Benchmark figure (ns per wrap = 1e9 / items_per_second) of the same "
                        + "configuration on path `").append(path == null ? "?" : path)
                .append("`, and `FFM overhead` = openssl / native - 1 (Java, validation and the downcall). ")
                .append("CPU flags: ").append(sys.cpuFlags().isEmpty() ? "none relevant" : String.join(", ", sys.cpuFlags()))
                .append(".\n\n");
        for (String op : OPS) {
            String svg = chart(op, path);
            if (svg != null) {
                String file = "keywrap-" + op + ".svg";
                files.put(file, svg);
                sb.append("![ns per ").append(op).append(" vs batch size](").append(file).append(")\n\n");
            }
        }
        for (String op : OPS) {
            table(sb, op, path);
        }
        singleTable(sb);
        targets(sb, path);
        return new Rendered(sb.toString(), files);
    }

    private List<String> providers() {
        TreeSet<String> seen = new TreeSet<>();
        for (Map<String, Double> m : jmh.values()) {
            seen.addAll(m.keySet());
        }
        List<String> out = new ArrayList<>();
        for (String p : PROVIDER_ORDER) {
            if (seen.remove(p)) {
                out.add(p);
            }
        }
        out.addAll(seen);
        return out;
    }

    private void table(StringBuilder sb, String op, String path) {
        List<String> provs = providers();
        List<String> header = new ArrayList<>(List.of("kek bits", "key bytes", "KEKs", "batch"));
        for (String p : provs) {
            header.add(p + " ns");
        }
        List<String> baselines = new ArrayList<>();
        for (String b : List.of("sunjce", "bc", "evp")) {
            if (provs.contains(b) && provs.contains(GKM)) {
                baselines.add(b);
                header.add(GKM + " x vs " + b);
            }
        }
        header.add("native " + (path == null ? "?" : path) + " ns");
        header.add("FFM overhead");
        MarkdownTable t = new MarkdownTable(header);
        boolean any = false;
        for (Map.Entry<Config, Map<String, Double>> e : jmh.entrySet()) {
            Config c = e.getKey();
            if (!c.op().equals(op)) {
                continue;
            }
            any = true;
            Map<String, Double> s = e.getValue();
            List<String> row = new ArrayList<>(List.of(Integer.toString(c.kekBits()), Integer.toString(c.keyBytes()),
                    c.distinct() ? "distinct" : "one", Integer.toString(c.batch())));
            for (String p : provs) {
                Double v = s.get(p);
                row.add(v == null ? "" : ReportGenerator.num(v));
            }
            for (String b : baselines) {
                row.add(ReportGenerator.ratio(s.get(b), s.get(GKM), false));
            }
            Double n = nativeNs(path, c);
            row.add(n == null ? "" : ReportGenerator.num(n));
            row.add(overhead(s.get(GKM), n));
            t.row(row);
        }
        if (!any) {
            return;
        }
        sb.append("### ").append(op).append(" (ns per key)\n\n");
        t.appendTo(sb);
        sb.append('\n');
    }

    /** The single-key API (KeyWrapSingleBenchmark) beside the native single-job call. */
    private void singleTable(StringBuilder sb) {
        if (single.isEmpty()) {
            return;
        }
        TreeSet<String> seen = new TreeSet<>();
        single.values().forEach(m -> seen.addAll(m.keySet()));
        List<String> provs = new ArrayList<>();
        for (String p : PROVIDER_ORDER) {
            if (seen.remove(p)) {
                provs.add(p);
            }
        }
        provs.addAll(seen);
        List<String> header = new ArrayList<>(List.of("op"));
        for (String p : provs) {
            header.add(p + " ns");
        }
        header.add(GKM + " x vs sunjce");
        header.add("native gkm_kw_(un)wrap ns");
        header.add("FFM overhead");
        MarkdownTable t = new MarkdownTable(header);
        for (String op : OPS) {
            Map<String, Double> s = single.get(op);
            if (s == null) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(op));
            for (String p : provs) {
                Double v = s.get(p);
                row.add(v == null ? "" : ReportGenerator.num(v));
            }
            row.add(ReportGenerator.ratio(s.get("sunjce"), s.get(GKM), false));
            Double n = nativeSingle.get(op);
            row.add(n == null ? "" : ReportGenerator.num(n));
            row.add(overhead(s.get(GKM), n));
            t.row(row);
        }
        sb.append("### Single-key API (ns per key, AES-256 KEK, 32-byte key, a different KEK every call)\n\n"
                + "JMH `KeyWrapSingleBenchmark`: `keyWrap().wrap/unwrap` of the public API (validation and output "
                + "allocation included) against a cached SunJCE Cipher (init + doFinal), BC `AESWrapEngine` and "
                + "EVP per call; native: `BM_wrap_single` / `BM_unwrap_single`.\n\n");
        t.appendTo(sb);
        sb.append('\n');
    }

    Double nativeNs(String path, Config c) {
        Map<Config, Double> m = path == null ? null : nat.get(path);
        return m == null ? null : m.get(c);
    }

    static String overhead(Double java, Double nativeNs) {
        if (java == null || nativeNs == null || nativeNs <= 0 || java.isNaN() || nativeNs.isNaN()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.0f%%", 100 * (java / nativeNs - 1));
    }

    /** The kernel's performance targets for the openssl provider, AES-256 KEKs, 32-byte keys. */
    private void targets(StringBuilder sb, String path) {
        MarkdownTable t = new MarkdownTable(List.of("target (openssl, AES-256 KEK, 32-byte keys)", "measured", "met"));
        for (String op : OPS) {
            Config big = new Config(op, 256, 32, true, 4096);
            Double v = score(big, GKM);
            bound(t, op + ", distinct KEKs, batch 4096: <= 120 ns", v, v == null ? null : v <= 120, " ns");
            for (String[] b : new String[][] {{"sunjce", "9"}, {"bc", "50"}, {"evp", "50"}}) {
                Double r = ratioOf(score(big, b[0]), v);
                bound(t, op + ", distinct KEKs, batch 4096: >= " + b[1] + "x " + b[0], r,
                        r == null ? null : r >= Double.parseDouble(b[1]), "x");
            }
            Double n = nativeNs(path, big);
            Double ov = v == null || n == null ? null : 100 * (v / n - 1);
            bound(t, op + ", distinct KEKs, batch 4096: Java + FFM overhead <= 20% over native " + path, ov,
                    ov == null ? null : ov <= 20, "%");
            Config one = big.withDistinct(false);
            Double o = score(one, GKM);
            if (op.equals("wrap")) {
                bound(t, op + ", one KEK, batch 4096: <= 60 ns", o, o == null ? null : o <= 60, " ns");
            }
            Config single = big.withBatch(1);
            Double r1 = ratioOf(score(single, "sunjce"), score(single, GKM));
            bound(t, op + ", batch 1: >= 1.5x sunjce", r1, r1 == null ? null : r1 >= 1.5, "x");
        }
        for (String op : OPS) {
            Map<String, Double> s = single.get(op);
            Double r = s == null ? null : ratioOf(s.get("sunjce"), s.get(GKM));
            if (r != null) {
                bound(t, op + ", single-key API: faster than sunjce", r, r > 1, "x");
            }
        }
        sb.append("### Targets\n\n");
        t.appendTo(sb);
        sb.append('\n');
    }

    private Double score(Config c, String provider) {
        Map<String, Double> m = jmh.get(c);
        return m == null ? null : m.get(provider);
    }

    private static Double ratioOf(Double baseline, Double score) {
        return baseline == null || score == null || score <= 0 ? null : baseline / score;
    }

    private static void bound(MarkdownTable t, String what, Double value, Boolean met, String unit) {
        String v = value == null ? "n/a"
                : unit.equals("x") ? String.format(Locale.ROOT, "%.1fx", value)
                : unit.equals("%") ? String.format(Locale.ROOT, "%+.0f%%", value)
                : ReportGenerator.num(value) + unit;
        t.row(List.of(what, v, met == null ? "not measured" : met ? "yes" : "**no**"));
    }

    /**
     * ns per key against batch size for one operation: each provider at (256-bit KEK, 32-byte key)
     * if measured, else the first configuration present; distinct KEKs solid, one KEK dashed; the
     * native kernel figures as black lines.
     */
    private String chart(String op, String path) {
        Config probe = null;
        for (Config c : jmh.keySet()) {
            if (c.op().equals(op) && (probe == null || (c.kekBits() == 256 && c.keyBytes() == 32))) {
                probe = c;
            }
        }
        if (probe == null) {
            return null;
        }
        int kek = probe.kekBits();
        int key = probe.keyBytes();
        LogLogChart chart = new LogLogChart("AES-" + kek + " KW " + op + " of " + key + "-byte keys: ns per key",
                "batch size", "ns per key");
        for (boolean distinct : new boolean[] {true, false}) {
            for (String p : providers()) {
                List<double[]> pts = new ArrayList<>();
                for (Map.Entry<Config, Map<String, Double>> e : jmh.entrySet()) {
                    Config c = e.getKey();
                    Double v = e.getValue().get(p);
                    if (v != null && c.op().equals(op) && c.kekBits() == kek && c.keyBytes() == key && c.distinct() == distinct) {
                        pts.add(new double[] {c.batch(), v});
                    }
                }
                if (!pts.isEmpty()) {
                    chart.add(new LogLogChart.Series(p + (distinct ? "" : " (one KEK)"),
                            COLORS.getOrDefault(p, "#7f7f7f"), !distinct, pts));
                }
            }
            Map<Config, Double> n = path == null ? null : nat.get(path);
            if (n != null) {
                List<double[]> pts = new ArrayList<>();
                for (Map.Entry<Config, Double> e : n.entrySet()) {
                    Config c = e.getKey();
                    if (c.op().equals(op) && c.kekBits() == kek && c.keyBytes() == key && c.distinct() == distinct) {
                        pts.add(new double[] {c.batch(), e.getValue()});
                    }
                }
                if (!pts.isEmpty()) {
                    chart.add(new LogLogChart.Series("native " + path + (distinct ? "" : " (one KEK)"),
                            COLORS.get("native"), !distinct, pts));
                }
            }
        }
        return chart.svg();
    }

    private static double nanosPerOp(String unit) {
        return switch (unit) {
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> 1;
        };
    }
}
