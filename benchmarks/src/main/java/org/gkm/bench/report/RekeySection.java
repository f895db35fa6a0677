package org.gkm.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rekey engine section of the report: JMH {@code RekeyBenchmark} scores (us per
 * operation) per operation, tree mode, degree and group size, the two providers side by side with
 * their ratio, each operation's growth from the smallest to the largest group measured, the
 * performance targets checked against the openssl figures at d = 4, and one log-log chart of the
 * openssl provider's cost against group size (d = 4).
 */
final class RekeySection {
    static final String BENCH = "RekeyBenchmark";
    static final List<String> OPS = List.of("ownerLeave", "ownerJoin", "batchLeave", "memberLeave", "memberProcessLeave");
    static final List<String> TREES = List.of("symmetric", "hybrid");
    private static final Map<String, String> OP_COLORS = Map.of("ownerLeave", "#d62728", "ownerJoin", "#1f77b4",
            "batchLeave", "#2ca02c", "memberLeave", "#9467bd", "memberProcessLeave", "#ff7f0e");

    /** One configuration, provider aside; memberLeave has no tree parameter (always hybrid). */
    record Config(String op, String tree, int degree, int members) implements Comparable<Config> {
        @Override
        public int compareTo(Config o) {
            int c = Integer.compare(OPS.indexOf(op), OPS.indexOf(o.op));
            if (c == 0) c = Integer.compare(TREES.indexOf(tree), TREES.indexOf(o.tree));
            if (c == 0) c = Integer.compare(degree, o.degree);
            if (c == 0) c = Integer.compare(members, o.members);
            return c;
        }
    }

    /** Config to provider to microseconds per operation. */
    final Map<Config, Map<String, Double>> us = new TreeMap<>();

    /** Configs taken from an earlier file than the first one given: config to that file's name. */
    final Map<Config, String> from = new TreeMap<>();

    RekeySection(JsonNode jmhResults) {
        add(jmhResults, null);
    }

    /**
     * This run's results, then, for the configurations it lacks (e.g. one that failed and was
     * rerun alone), each earlier file in turn (newest first); such rows name their file. A row's
     * two providers always come from one file, so the provider ratio is always taken within a run.
     */
    RekeySection(JsonNode jmhResults, Map<String, JsonNode> earlier) {
        add(jmhResults, null);
        for (Map.Entry<String, JsonNode> e : earlier.entrySet()) {
            add(e.getValue(), e.getKey());
        }
    }

    private void add(JsonNode jmhResults, String source) {
        if (jmhResults == null || !jmhResults.isArray()) {
            return;
        }
        Map<Config, Map<String, Double>> found = new TreeMap<>();
        for (JsonNode r : jmhResults) {
            String bench = r.path("benchmark").asText("");
            int dot = bench.lastIndexOf('.');
            if (dot < 0 || !bench.substring(0, dot).endsWith(BENCH)) {
                continue;
            }
            String op = bench.substring(dot + 1);
            if (!OPS.contains(op)) {
                continue;
            }
            JsonNode p = r.path("params");
            JsonNode pm = r.path("primaryMetric");
            double v = pm.path("score").asDouble(Double.NaN) * microsPerOp(pm.path("scoreUnit").asText("us/op"));
            try {
                String tree = op.equals("memberLeave") ? "hybrid" : p.path("tree").asText("");
                Config c = new Config(op, tree, Integer.parseInt(p.path("degree").asText()),
                        Integer.parseInt(p.path("members").asText()));
                found.computeIfAbsent(c, k -> new LinkedHashMap<>()).put(p.path("provider").asText("?"), v);
            } catch (NumberFormatException e) {
                // a result without the expected parameters is not ours to tabulate
            }
        }
        for (Map.Entry<Config, Map<String, Double>> e : found.entrySet()) {
            if (!us.containsKey(e.getKey())) {
                us.put(e.getKey(), e.getValue());
                if (source != null) {
                    from.put(e.getKey(), source);
                }
            }
        }
    }

    boolean isEmpty() {
        return us.isEmpty();
    }

    /** Markdown plus chart files to write beside it. */
    record Rendered(String markdown, Map<String, String> files) {}

    Rendered render() {
        if (us.isEmpty()) {
            return new Rendered("", Map.of());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("## Rekey engine\n\n");
        sb.append("JMH `RekeyBenchmark`: **microseconds per operation** on a GCKS of N members (the group keeps its ")
                .append("size: what an operation changes is undone outside the timed region). `ownerLeave` / `ownerJoin`: ")
                .append("the rekey built, not sealed (\"excluding the signature\"); `batchLeave`: N/100 members removed in ")
                .append("one batch rekey, **sealed** (encoded, HMAC-SHA256, one Ed25519 signature); `memberLeave` (hybrid ")
                .append("tree): a member-initiated removal built and sealed by the initiator (HPKE to copath public keys); ")
                .append("`memberProcessLeave`: one member opening a sealed owner-leave message (MAC, signature, decode, ")
                .append("unwraps). `java/openssl` = java score / openssl score, taken within this run; growth = score at ")
                .append("this N / score at the smallest N measured for the same operation, tree and degree.\n\n");
        String chart = chart();
        Map<String, String> files = new LinkedHashMap<>();
        if (chart != null) {
            files.put("rekey-growth.svg", chart);
            sb.append("![openssl: us per operation vs group size, d=4](rekey-growth.svg)\n\n");
        }
        for (String op : OPS) {
            MarkdownTable t = new MarkdownTable(List.of("tree", "d", "N", "openssl us", "java us", "java/openssl",
                    "openssl growth"));
            boolean any = false;
            for (Map.Entry<Config, Map<String, Double>> e : us.entrySet()) {
                Config c = e.getKey();
                if (!c.op().equals(op)) {
                    continue;
                }
                any = true;
                Double o = e.getValue().get("openssl");
                Double j = e.getValue().get("java");
                Double base = smallestN(c);
                String n = Integer.toString(c.members()) + (from.containsKey(c) ? " (from `" + from.get(c) + "`)" : "");
                t.row(List.of(c.tree(), Integer.toString(c.degree()), n, cell(o), cell(j),
                        o != null && j != null ? String.format(Locale.ROOT, "%.2f", j / o) : "n/a",
                        o != null && base != null ? String.format(Locale.ROOT, "%.2fx", o / base) : "n/a"));
            }
            if (any) {
                sb.append("### ").append(op).append(" (us per operation)\n\n");
                t.appendTo(sb);
                sb.append('\n');
            }
        }
        sb.append("### Targets (openssl, d = 4, N = 10^6)\n\n");
        MarkdownTable t = new MarkdownTable(List.of("target", "measured", "met"));
        target(t, "symmetric: owner leave <= 10 us (excluding the signature)", get("ownerLeave", "symmetric", 4, 1_000_000), 10, " us");
        Double g = growth("ownerLeave", "symmetric", 4, 1_000, 1_000_000);
        t.row(List.of("symmetric: single leave grows <= 2.5x from 10^3 to 10^6",
                g == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", g), g == null ? "not measured in one run" : g <= 2.5 ? "yes" : "**no**"));
        target(t, "symmetric: batch of 10^4 leaves <= 30 ms (including its signature)", get("batchLeave", "symmetric", 4, 1_000_000), 30_000, " us");
        // the native path's targets (they replace the first ones: 300 us, 1.5 s, 5 ms)
        target(t, "hybrid: owner leave <= 120 us", get("ownerLeave", "hybrid", 4, 1_000_000), 120, " us");
        target(t, "hybrid: batch of 10^4 leaves <= 0.4 s", get("batchLeave", "hybrid", 4, 1_000_000), 400_000, " us");
        target(t, "hybrid: member-initiated leave <= 1.5 ms", get("memberLeave", "hybrid", 4, 1_000_000), 1_500, " us");
        target(t, "a member opening an owner-leave message <= 40 us", get("memberProcessLeave", "symmetric", 4, 1_000_000), 40, " us");
        t.appendTo(sb);
        sb.append("\nTree memory per member (targets <= 64 B symmetric-only, <= 160 B hybrid at 10^6) is measured by ")
                .append("`./gkm simulate` (`tree_bytes_per_member`), not by JMH: see docs/rekey-engine.md.\n\n");
        return new Rendered(sb.toString(), files);
    }

    private Double get(String op, String tree, int d, int n) {
        Map<String, Double> m = us.get(new Config(op, tree, d, n));
        return m == null ? null : m.get("openssl");
    }

    /** Score at {@code to} over score at {@code from}, or null unless both come from one JMH run. */
    private Double growth(String op, String tree, int d, int from, int to) {
        Config small = new Config(op, tree, d, from);
        Config large = new Config(op, tree, d, to);
        Double a = get(op, tree, d, from);
        Double b = get(op, tree, d, to);
        if (a == null || b == null || !Objects.equals(this.from.get(small), this.from.get(large))) {
            return null; // a ratio across runs (machines, loads, builds) is no growth figure
        }
        return b / a;
    }

    /** openssl score at the smallest N measured for c's operation, tree and degree. */
    private Double smallestN(Config c) {
        for (Map.Entry<Config, Map<String, Double>> e : us.entrySet()) {
            Config k = e.getKey();
            if (k.op().equals(c.op()) && k.tree().equals(c.tree()) && k.degree() == c.degree()) {
                return e.getValue().get("openssl"); // TreeMap order: smallest N first
            }
        }
        return null;
    }

    private static void target(MarkdownTable t, String what, Double value, double bound, String unit) {
        t.row(List.of(what, value == null ? "n/a" : ReportGenerator.num(value) + unit,
                value == null ? "not measured" : value <= bound ? "yes" : "**no**"));
    }

    private static String cell(Double v) {
        return v == null ? "n/a" : ReportGenerator.num(v);
    }

    /** openssl, d = 4: one line per operation and tree mode, us against N. */
    private String chart() {
        LogLogChart chart = new LogLogChart("Rekey engine, openssl, d=4: us per operation", "members N", "us per operation");
        boolean any = false;
        for (String op : OPS) {
            for (String tree : TREES) {
                List<double[]> pts = new ArrayList<>();
                for (Map.Entry<Config, Map<String, Double>> e : us.entrySet()) {
                    Config c = e.getKey();
                    Double v = e.getValue().get("openssl");
                    if (v != null && c.op().equals(op) && c.tree().equals(tree) && c.degree() == 4) {
                        pts.add(new double[] {c.members(), v});
                    }
                }
                if (!pts.isEmpty()) {
                    any = true;
                    chart.add(new LogLogChart.Series(op + " (" + tree + ")", OP_COLORS.get(op), tree.equals("hybrid"), pts));
                }
            }
        }
        return any ? chart.svg() : null;
    }

    private static double microsPerOp(String unit) {
        return switch (unit) {
            case "ns/op" -> 1e-3;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> 1;
        };
    }
}
