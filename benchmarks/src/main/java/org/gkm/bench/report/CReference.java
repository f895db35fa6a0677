package org.gkm.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bare-C reference figures of the JMH primitive benchmarks: the Google Benchmark results of
 * {@code native/bench/bench_libcrypto.cc}, named {@code BM_c/<JMH class>.<method>/<param>=<value>...}
 * (e.g. {@code BM_c/KeyAgreementBenchmark.P256.agree/curve=P-256/real_time}), keyed the way the
 * report keys JMH rows: by the JMH benchmark method and its parameters other than {@code provider}.
 *
 * <p>Times are wall-clock ({@code real_time}) nanoseconds per operation. With repetitions the
 * {@code mean} aggregate is used, else the mean of the runs; runs that reported an error are left
 * out, so an operation that failed its setup check has no figure.
 */
final class CReference {
    static final String PREFIX = "BM_c/";
    private static final List<String> TIME_UNITS = List.of("ns", "us", "ms", "s");

    /** method ("KeyAgreementBenchmark.P256.agree") to row key ("curve=P-256") to ns per op. */
    private final Map<String, Map<String, Double>> nanos;

    private CReference(Map<String, Map<String, Double>> nanos) {
        this.nanos = nanos;
    }

    /** The references in a Google Benchmark JSON document (none if it is null or has none). */
    static CReference of(JsonNode nativeResults) {
        JsonNode list = nativeResults == null ? null : nativeResults.get("benchmarks");
        Map<String, Map<String, double[]>> runs = new LinkedHashMap<>(); // sum, count
        Map<String, Map<String, Double>> means = new LinkedHashMap<>();
        if (list != null && list.isArray()) {
            for (JsonNode b : list) {
                if (b.path("error_occurred").asBoolean(false)) {
                    continue;
                }
                String runName = b.hasNonNull("run_name") ? b.get("run_name").asText() : b.path("name").asText("");
                Name n = Name.parse(runName);
                double ns = b.path("real_time").asDouble(Double.NaN) * ReportGenerator.nanosPer(b.path("time_unit").asText(null));
                if (n == null || !(ns > 0)) {
                    continue;
                }
                if ("aggregate".equals(b.path("run_type").asText())) {
                    if ("mean".equals(b.path("aggregate_name").asText())) {
                        means.computeIfAbsent(n.method(), k -> new HashMap<>()).put(n.rowKey(), ns);
                    }
                    continue;
                }
                double[] acc = runs.computeIfAbsent(n.method(), k -> new HashMap<>())
                        .computeIfAbsent(n.rowKey(), k -> new double[2]);
                acc[0] += ns;
                acc[1]++;
            }
        }
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        runs.forEach((method, rows) -> rows.forEach((row, acc) ->
                out.computeIfAbsent(method, k -> new HashMap<>()).put(row, acc[0] / acc[1])));
        means.forEach((method, rows) -> out.computeIfAbsent(method, k -> new HashMap<>()).putAll(rows));
        return new CReference(out);
    }

    boolean isEmpty() {
        return nanos.isEmpty();
    }

    /**
     * Nanoseconds per operation of the C reference of JMH benchmark {@code benchmark} (its full
     * name, e.g. {@code org.gkm.bench.KeyAgreementBenchmark.P256.agree}) at the row {@code rowKey},
     * or null if there is none.
     */
    Double nanos(String benchmark, String rowKey) {
        for (Map.Entry<String, Map<String, Double>> e : nanos.entrySet()) {
            String m = e.getKey();
            if (benchmark.equals(m) || benchmark.endsWith("." + m)) {
                Double v = e.getValue().get(rowKey);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    /**
     * The C figure in a JMH score unit, so it compares with JMH scores directly: time per
     * operation ({@code ns/op}, {@code us/op}, {@code ms/op}, {@code s/op}) or operations per time
     * ({@code ops/ns} ... {@code ops/s}); null for any other unit.
     */
    static Double inUnit(double nanos, String unit) {
        if (unit == null) {
            return null;
        }
        String[] parts = unit.split("/");
        if (parts.length != 2) {
            return null;
        }
        if (parts[1].equals("op") && TIME_UNITS.contains(parts[0])) {
            return nanos / ReportGenerator.nanosPer(parts[0]);
        }
        if (parts[0].equals("ops") && TIME_UNITS.contains(parts[1])) {
            return ReportGenerator.nanosPer(parts[1]) / nanos;
        }
        return null;
    }

    /** A parsed {@code BM_c/} name: the JMH method and the row key of its parameters. */
    record Name(String method, String rowKey) {
        /** Null unless {@code name} is {@code BM_c/<method>[/<param>=<value>...]}; other segments are ignored. */
        static Name parse(String name) {
            if (!name.startsWith(PREFIX)) {
                return null;
            }
            String[] seg = name.substring(PREFIX.length()).split("/");
            if (seg[0].isEmpty()) {
                return null;
            }
            Map<String, String> params = new TreeMap<>();
            for (int i = 1; i < seg.length; i++) {
                int eq = seg[i].indexOf('=');
                if (eq > 0) {
                    params.put(seg[i].substring(0, eq), seg[i].substring(eq + 1));
                }
            }
            return new Name(seg[0], ReportGenerator.rowKey(params));
        }
    }
}
