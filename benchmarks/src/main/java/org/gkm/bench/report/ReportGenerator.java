package org.gkm.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes benchmarks/REPORT.md from a JMH JSON result file and (optionally) a Google Benchmark JSON
 * file.
 *
 * <pre>
 * java -cp benchmarks.jar org.gkm.bench.report.ReportGenerator JMH_JSON (NATIVE_JSON[:NATIVE_JSON...]|-) OUT_MD "COMMAND" [EARLIER_JMH_JSON...]
 * </pre>
 *
 * Several Google Benchmark files (one per native bench binary of the run, joined by the path
 * separator) are read as one: their benchmarks listed together, the first file's context.
 *
 * A run filtered by a regex (e.g. {@code ci/bench.sh KeyWrap}) holds only some benchmarks; the
 * earlier JMH files given (newest first) fill in the benchmark methods this run lacks, each group
 * labelled with the file it came from. A group is always taken whole from one file, so every
 * ratio compares figures of the same run. Charts (SVG) are written beside OUT_MD.
 *
 * JMH results are grouped by benchmark method; within a group there is one row per combination of
 * parameters other than {@code provider}, one column per provider (score ± error, unit) and, for
 * every provider, a ratio column {@code x vs sunjce}: how many times faster than SunJCE (for
 * average-time modes sunjce score / provider score; for throughput modes provider / sunjce).
 * For the gkm providers ({@link #GKM_PROVIDERS}) two more ratios, the same way round: {@code x vs
 * accp} where the group has an ACCP column, and {@code x vs C} against the bare libcrypto call
 * ({@link CReference}, column {@code C}) where the Google Benchmark results hold it. The C column
 * is shown only for groups of this run's JMH file (the native results are this run's), so every
 * ratio still compares figures of one run.
 */
public final class ReportGenerator {

    static final String PROVIDER_PARAM = "provider";
    static final String BASELINE = "sunjce";
    static final String ACCP = "accp";
    /** The providers that get the ratio columns to ACCP and to C, in column order. */
    static final List<String> GKM_PROVIDERS = List.of("openssl", "java");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: ReportGenerator JMH_JSON (NATIVE_JSON[" + java.io.File.pathSeparator
                    + "NATIVE_JSON...]|-) OUT_MD \"COMMAND\" [EARLIER_JMH_JSON...]");
            System.exit(2);
        }
        JsonNode jmh = JSON.readTree(Path.of(args[0]).toFile());
        JsonNode nat = null;
        if (!"-".equals(args[1])) {
            List<JsonNode> natives = new ArrayList<>();
            for (String f : args[1].split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
                if (!f.isEmpty()) {
                    natives.add(JSON.readTree(Path.of(f).toFile()));
                }
            }
            nat = mergeNative(natives);
        }
        Map<String, JsonNode> earlier = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            Path p = Path.of(args[i]);
            if (Files.isRegularFile(p) && !p.toAbsolutePath().equals(Path.of(args[0]).toAbsolutePath())) {
                earlier.put(String.valueOf(p.getFileName()), JSON.readTree(p.toFile()));
            }
        }
        Report r = renderReport(jmh, earlier, nat, args[3], SystemInfo.detect(),
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        Path out = Path.of(args[2]);
        if (Files.isRegularFile(out)) {
            r = new Report(keepSections(r.markdown(), Files.readString(out, StandardCharsets.UTF_8)), r.files());
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, r.markdown(), StandardCharsets.UTF_8);
        System.out.println("gkm: wrote " + out);
        for (Map.Entry<String, String> f : r.files().entrySet()) {
            Path fp = parent == null ? Path.of(f.getKey()) : parent.resolve(f.getKey());
            Files.writeString(fp, f.getValue(), StandardCharsets.UTF_8);
            System.out.println("gkm: wrote " + fp);
        }
    }

    /**
     * Sections of the report written by hand from measurements JMH does not produce (their own
     * runners, each section quoting its command): a regenerated report keeps them as they were.
     */
    static final List<String> KEPT_SECTIONS = List.of("## GCKS store", "## GCKS server", "## Replicated GCKS");

    /**
     * {@code rendered} with every {@link #KEPT_SECTIONS} section of {@code previous} (from its
     * heading to the next {@code ## } heading) inserted before the JMH results, or at the end.
     */
    static String keepSections(String rendered, String previous) {
        StringBuilder kept = new StringBuilder();
        for (String heading : KEPT_SECTIONS) {
            int start = previous.startsWith(heading + "\n") ? 0 : previous.indexOf("\n" + heading + "\n");
            if (start < 0 || rendered.contains("\n" + heading + "\n")) {
                continue;
            }
            start = start == 0 ? 0 : start + 1;
            int end = previous.indexOf("\n## ", start + heading.length());
            kept.append(previous, start, end < 0 ? previous.length() : end + 1);
            if (kept.charAt(kept.length() - 1) != '\n') {
                kept.append('\n');
            }
        }
        if (kept.isEmpty()) {
            return rendered;
        }
        int at = rendered.indexOf("\n## JMH results\n");
        return at < 0 ? rendered + kept : rendered.substring(0, at + 1) + kept + rendered.substring(at + 1);
    }

    /** The report's markdown and the chart files (name to content) that go beside it. */
    public record Report(String markdown, Map<String, String> files) {}

    /** Renders the whole report's markdown (charts dropped). {@code nativeResults} may be null. */
    public static String render(JsonNode jmh, JsonNode nativeResults, String command, SystemInfo sys, String date) {
        return renderReport(jmh, Map.of(), nativeResults, command, sys, date).markdown();
    }

    /**
     * Renders the report from this run's JMH results, earlier JMH results (file name to JSON, newest
     * first) for the benchmark methods this run lacks, and the native results (may be null).
     */
    public static Report renderReport(JsonNode jmh, Map<String, JsonNode> earlier, JsonNode nativeResults,
            String command, SystemInfo sys, String date) {
        Map<String, String> sources = new LinkedHashMap<>();
        JsonNode merged = merge(jmh, earlier, sources);
        StringBuilder sb = new StringBuilder();
        sb.append("# gkm benchmark report\n\n");
        sb.append("- Date: ").append(date).append('\n');
        sb.append("- JVM: ").append(jvmDescription(jmh)).append('\n');
        sb.append("- CPU: ").append(sys.cpuModel()).append('\n');
        sb.append("- CPU flags: ").append(sys.cpuFlags().isEmpty() ? "none of " + SystemInfo.RELEVANT_FLAGS
                : String.join(", ", sys.cpuFlags())).append('\n');
        if (sys.openSslVersion() != null) {
            sb.append("- OpenSSL: ").append(sys.openSslVersion()).append('\n');
        }
        sb.append("- Command: `").append(command.replace("`", "'")).append("`\n\n");

        // The key wrap section compares providers, so all its JMH figures come from one run: this
        // one if it ran KeyWrapBenchmark, else the newest earlier file that did (said so).
        KeyWrapSection kwSection = new KeyWrapSection(jmh, nativeResults);
        String kwSource = null;
        for (Map.Entry<String, JsonNode> e : earlier.entrySet()) {
            if (!kwSection.isEmpty()) {
                break;
            }
            kwSection = new KeyWrapSection(e.getValue(), nativeResults);
            kwSource = e.getKey();
        }
        KeyWrapSection.Rendered kw = kwSection.render(sys);
        String kwMd = kw.markdown();
        if (kwSource != null && !kwSection.isEmpty()) {
            kwMd = kwMd.replaceFirst("\n\n", "\n\n_JMH figures not in this run: from the earlier run `"
                    + kwSource.replace("$", "") + "`; native figures from the Google Benchmark file this report was given (see Command)._\n\n");
        }
        sb.append(kwMd);

        // The rekey section: this run's RekeyBenchmark figures, configurations it lacks from the
        // newest earlier file that has them (those rows name it; both providers of a row from one run).
        RekeySection.Rendered rk = new RekeySection(jmh, earlier).render();
        sb.append(rk.markdown());
        Map<String, String> files = new LinkedHashMap<>(kw.files());
        files.putAll(rk.files());

        sb.append("## JMH results\n\n");
        appendJmh(sb, merged, sources, CReference.of(nativeResults));

        sb.append("## Native (Google Benchmark)\n\n");
        appendNative(sb, nativeResults);
        return new Report(sb.toString(), files);
    }

    /**
     * One Google Benchmark document from several: every file's benchmarks in order, the first
     * file's context; null if there are none.
     */
    static JsonNode mergeNative(List<JsonNode> files) {
        com.fasterxml.jackson.databind.node.ObjectNode out = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode benchmarks = out.putArray("benchmarks");
        boolean any = false;
        for (JsonNode f : files) {
            if (f == null || !f.isObject()) { // an empty file reads as a missing node
                continue;
            }
            any = true;
            if (!out.has("context") && f.has("context")) {
                out.set("context", f.get("context"));
            }
            JsonNode list = f.get("benchmarks");
            if (list != null && list.isArray()) {
                list.forEach(benchmarks::add);
            }
        }
        return any ? out : null;
    }

    /**
     * This run's results plus, for every benchmark method it lacks, that method's results from the
     * newest earlier file that has it; {@code sources} gets group key to file name for those.
     */
    static JsonNode merge(JsonNode jmh, Map<String, JsonNode> earlier, Map<String, String> sources) {
        com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
        java.util.Set<String> have = new java.util.HashSet<>();
        if (jmh != null && jmh.isArray()) {
            for (JsonNode r : jmh) {
                out.add(r);
                have.add(text(r, "benchmark") + "|" + text(r, "mode"));
            }
        }
        for (Map.Entry<String, JsonNode> e : earlier.entrySet()) {
            if (e.getValue() == null || !e.getValue().isArray()) {
                continue;
            }
            java.util.Set<String> fromThis = new java.util.HashSet<>();
            for (JsonNode r : e.getValue()) {
                String id = text(r, "benchmark") + "|" + text(r, "mode");
                if (text(r, "benchmark") == null || (have.contains(id) && !fromThis.contains(id))) {
                    continue;
                }
                out.add(r);
                fromThis.add(id);
                String mode = text(r, "mode");
                sources.put(shortName(text(r, "benchmark")) + (mode != null ? " (" + mode + ")" : ""), e.getKey());
            }
            have.addAll(fromThis);
        }
        return out;
    }

    private static String jvmDescription(JsonNode jmh) {
        if (jmh != null && jmh.isArray() && !jmh.isEmpty()) {
            JsonNode first = jmh.get(0);
            String vm = text(first, "vmName");
            String version = text(first, "jdkVersion");
            String vmVersion = text(first, "vmVersion");
            if (vm != null || version != null) {
                return (vm != null ? vm : "JVM") + " " + (version != null ? version : "")
                        + (vmVersion != null ? " (" + vmVersion + ")" : "");
            }
        }
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    }

    /**
     * One JMH benchmark method ({@code benchmark} its full name): rows keyed by non-provider params,
     * cells per provider.
     */
    record Group(String name, String benchmark, String mode, List<String> paramNames,
                 Map<String, Map<String, JsonNode>> rows, TreeSet<String> providers) {}

    static Map<String, Group> group(JsonNode jmh) {
        Map<String, Group> groups = new LinkedHashMap<>();
        if (jmh == null || !jmh.isArray()) {
            return groups;
        }
        for (JsonNode r : jmh) {
            String bench = text(r, "benchmark");
            if (bench == null) {
                continue;
            }
            String mode = text(r, "mode");
            String key = shortName(bench) + (mode != null ? " (" + mode + ")" : "");
            Map<String, String> params = new TreeMap<>();
            JsonNode p = r.get("params");
            if (p != null && p.isObject()) {
                for (Map.Entry<String, JsonNode> e : p.properties()) {
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            String provider = params.remove(PROVIDER_PARAM);
            if (provider == null) {
                provider = "-";
            }
            Group g = groups.computeIfAbsent(key, k -> new Group(k, bench, mode, new ArrayList<>(params.keySet()),
                    new LinkedHashMap<>(), new TreeSet<>()));
            for (String name : params.keySet()) {
                if (!g.paramNames().contains(name)) {
                    g.paramNames().add(name);
                }
            }
            g.rows().computeIfAbsent(rowKey(params), k -> new LinkedHashMap<>()).put(provider, r);
            g.providers().add(provider);
        }
        return groups;
    }

    /** "a=1, b=2" from parameters in name order (a TreeMap's); "-" if there are none. */
    static String rowKey(Map<String, String> params) {
        StringBuilder rowKey = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!rowKey.isEmpty()) {
                rowKey.append(", ");
            }
            rowKey.append(e.getKey()).append('=').append(e.getValue());
        }
        return rowKey.isEmpty() ? "-" : rowKey.toString();
    }

    private static void appendJmh(StringBuilder sb, JsonNode jmh, Map<String, String> sources, CReference c) {
        Map<String, Group> groups = group(jmh);
        if (groups.isEmpty()) {
            sb.append("No JMH results.\n\n");
            return;
        }
        for (Group g : groups.values()) {
            sb.append("### ").append(g.name()).append("\n\n");
            String source = sources.get(g.name());
            if (source != null) {
                sb.append("_Not in this run: from the earlier run `").append(source).append("`._\n\n");
            }
            List<String> providers = orderedProviders(g);
            boolean hasProviders = !(providers.size() == 1 && providers.get(0).equals("-"));
            boolean throughput = "thrpt".equals(g.mode());
            List<String> gkm = GKM_PROVIDERS.stream().filter(providers::contains).toList();
            boolean vsAccp = hasProviders && providers.contains(ACCP) && !gkm.isEmpty();
            // C figures in the JMH unit of each row (the provider rows of one group share a unit).
            Map<String, Double> cRow = new LinkedHashMap<>();
            if (hasProviders && source == null) {
                for (Map.Entry<String, Map<String, JsonNode>> row : g.rows().entrySet()) {
                    Double ns = c.nanos(g.benchmark(), row.getKey());
                    Double v = ns == null ? null : CReference.inUnit(ns, rowUnit(row.getValue()));
                    if (v != null) {
                        cRow.put(row.getKey(), v);
                    }
                }
            }
            boolean hasC = !cRow.isEmpty();
            List<String> header = new ArrayList<>();
            header.add("params");
            for (String prov : providers) {
                header.add(hasProviders ? prov : "score");
            }
            if (hasC) {
                header.add("C");
            }
            if (hasProviders) {
                for (String prov : providers) {
                    header.add(prov + " x vs " + BASELINE);
                }
            }
            if (vsAccp) {
                for (String prov : gkm) {
                    header.add(prov + " x vs " + ACCP);
                }
            }
            if (hasC) {
                for (String prov : gkm) {
                    header.add(prov + " x vs C");
                }
            }
            MarkdownTable t = new MarkdownTable(header);
            for (Map.Entry<String, Map<String, JsonNode>> row : g.rows().entrySet()) {
                List<String> cells = new ArrayList<>();
                cells.add(row.getKey());
                for (String prov : providers) {
                    JsonNode r = row.getValue().get(prov);
                    cells.add(r == null ? "" : scoreCell(r));
                }
                Double cScore = cRow.get(row.getKey());
                if (hasC) {
                    cells.add(cScore == null ? "" : num(cScore) + " " + rowUnit(row.getValue()));
                }
                if (hasProviders) {
                    Double base = score(row.getValue().get(BASELINE));
                    for (String prov : providers) {
                        Double s = score(row.getValue().get(prov));
                        cells.add(ratio(base, s, throughput));
                    }
                }
                if (vsAccp) {
                    Double accp = score(row.getValue().get(ACCP));
                    for (String prov : gkm) {
                        cells.add(ratio(accp, score(row.getValue().get(prov)), throughput));
                    }
                }
                if (hasC) {
                    for (String prov : gkm) {
                        cells.add(ratio(cScore, score(row.getValue().get(prov)), throughput));
                    }
                }
                t.row(cells);
            }
            t.appendTo(sb);
            sb.append('\n');
            if (hasProviders) {
                sb.append(throughput
                        ? "Ratio = provider score / sunjce score (higher is faster).\n\n"
                        : "Ratio = sunjce score / provider score (higher is faster).\n\n");
            }
            if (vsAccp || hasC) {
                sb.append(vsAccp ? "x vs accp: the same against ACCP's score. " : "")
                        .append(hasC ? "C: the bare libcrypto call in C (Google Benchmark, native/bench/bench_libcrypto.cc, "
                                + "wall-clock) of this run; x vs C: the same ratio against it. " : "")
                        .append("Above 1.00x the provider is faster.\n\n");
            }
        }
    }

    /** Baseline first, then the rest alphabetically. */
    private static List<String> orderedProviders(Group g) {
        List<String> out = new ArrayList<>();
        if (g.providers().contains(BASELINE)) {
            out.add(BASELINE);
        }
        for (String p : g.providers()) {
            if (!p.equals(BASELINE)) {
                out.add(p);
            }
        }
        return out;
    }

    static String ratio(Double baseline, Double score, boolean throughput) {
        if (baseline == null || score == null || baseline <= 0 || score <= 0
                || baseline.isNaN() || score.isNaN()) {
            return "n/a";
        }
        double r = throughput ? score / baseline : baseline / score;
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    /** The score unit of a row's results (one JMH method reports one unit), or null. */
    private static String rowUnit(Map<String, JsonNode> row) {
        for (JsonNode r : row.values()) {
            JsonNode pm = r.get("primaryMetric");
            if (pm != null && pm.hasNonNull("scoreUnit")) {
                return pm.get("scoreUnit").asText();
            }
        }
        return null;
    }

    private static Double score(JsonNode r) {
        if (r == null) {
            return null;
        }
        JsonNode pm = r.get("primaryMetric");
        if (pm == null || !pm.has("score")) {
            return null;
        }
        return pm.get("score").asDouble();
    }

    static String scoreCell(JsonNode r) {
        JsonNode pm = r.get("primaryMetric");
        if (pm == null) {
            return "";
        }
        double score = pm.path("score").asDouble(Double.NaN);
        JsonNode errNode = pm.get("scoreError");
        double err = errNode == null || !errNode.isNumber() ? Double.NaN : errNode.asDouble();
        String unit = pm.path("scoreUnit").asText("");
        StringBuilder c = new StringBuilder(num(score));
        if (!Double.isNaN(err)) {
            c.append(" ± ").append(num(err));
        }
        if (!unit.isEmpty()) {
            c.append(' ').append(unit);
        }
        return c.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a >= 100 || a == 0) {
            return String.format(Locale.ROOT, "%.0f", v);
        } else if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** "org.gkm.bench.KeyWrapBench.wrapBatch" -> "KeyWrapBench.wrapBatch". */
    static String shortName(String benchmark) {
        int last = benchmark.lastIndexOf('.');
        if (last <= 0) {
            return benchmark;
        }
        int prev = benchmark.lastIndexOf('.', last - 1);
        return benchmark.substring(prev + 1);
    }

    private static void appendNative(StringBuilder sb, JsonNode nat) {
        JsonNode list = nat == null ? null : nat.get("benchmarks");
        if (list == null || !list.isArray() || list.isEmpty()) {
            sb.append("No native results (Google Benchmark not built or not run).\n");
            return;
        }
        JsonNode ctx = nat.get("context");
        if (ctx != null) {
            String build = text(ctx, "library_build_type");
            int cpus = ctx.path("num_cpus").asInt(0);
            double mhz = ctx.path("mhz_per_cpu").asDouble(0);
            List<String> facts = new ArrayList<>();
            if (cpus > 0) {
                facts.add(cpus + " CPUs");
            }
            if (mhz > 0) {
                facts.add(num(mhz) + " MHz");
            }
            if (build != null) {
                facts.add("benchmark library build: " + build);
            }
            if (!facts.isEmpty()) {
                sb.append(String.join(", ", facts)).append("\n\n");
            }
        }
        MarkdownTable t = new MarkdownTable(List.of("name", "ns per iteration", "items_per_second"));
        for (JsonNode b : list) {
            if ("aggregate".equals(text(b, "run_type")) && !"mean".equals(text(b, "aggregate_name"))) {
                continue;
            }
            String name = text(b, "name");
            if (b.path("error_occurred").asBoolean(false)) {
                t.row(List.of(name == null ? "?" : name, "error: " + b.path("error_message").asText(""), ""));
                continue;
            }
            double time = b.path("real_time").asDouble(Double.NaN);
            double ns = time * nanosPer(text(b, "time_unit"));
            JsonNode ips = b.get("items_per_second");
            t.row(List.of(name == null ? "?" : name, num(ns),
                    ips == null ? "" : num(ips.asDouble())));
        }
        t.appendTo(sb);
    }

    static double nanosPer(String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (unit) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            default -> 1;
        };
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
