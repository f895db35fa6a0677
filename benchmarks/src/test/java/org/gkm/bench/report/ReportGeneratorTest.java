package org.gkm.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SystemInfo SYS =
            new SystemInfo("Test CPU @ 3.0GHz", List.of("aes", "pclmulqdq", "avx2"), "OpenSSL 3.0.19 test");

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = ReportGeneratorTest.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        }
    }

    private static String render() throws IOException {
        return ReportGenerator.render(resource("jmh-sample.json"), resource("native-sample.json"),
                "ci/bench.sh KeyWrap", SYS, "2026-01-01T00:00:00Z");
    }

    @Test
    void headerHasEnvironment() throws IOException {
        String md = render();
        assertTrue(md.startsWith("# gkm benchmark report\n"), md);
        assertTrue(md.contains("- Date: 2026-01-01T00:00:00Z"), md);
        assertTrue(md.contains("- JVM: OpenJDK 64-Bit Server VM 25.0.3 (25.0.3+9-LTS)"), md);
        assertTrue(md.contains("- CPU: Test CPU @ 3.0GHz"), md);
        assertTrue(md.contains("- CPU flags: aes, pclmulqdq, avx2"), md);
        assertTrue(md.contains("- OpenSSL: OpenSSL 3.0.19 test"), md);
        assertTrue(md.contains("- Command: `ci/bench.sh KeyWrap`"), md);
    }

    @Test
    void groupsByBenchmarkWithProviderColumnsAndRatios() throws IOException {
        String md = render();
        assertTrue(md.contains("### KeyWrapBench.wrapBatch (avgt)"), md);
        assertTrue(md.contains("| params | sunjce | openssl | sunjce x vs sunjce | openssl x vs sunjce |"), md);
        // 2000 / 500 = 4x faster
        assertTrue(md.contains("| batch=64 | 2000 ± 20.00 ns/op | 500 ± 5.00 ns/op | 1.00x | 4.00x |"), md);
        // sunjce absent for batch=1; NaN error is omitted
        assertTrue(md.contains("| batch=1 |  | 80.00 ns/op | n/a | n/a |"), md);
        // throughput: provider / sunjce
        assertTrue(md.contains("### HkdfBench.derive (thrpt)"), md);
        assertTrue(md.contains("| - | 1000 ± 10.00 ops/s | 1500 ± 15.00 ops/s | 1.00x | 1.50x |"), md);
        // no provider param: single score column, no ratios
        assertTrue(md.contains("| params | score |"), md);
        assertTrue(md.contains("| - | 12.50 ± 0.500 us/op |"), md);
    }

    @Test
    void nativeSection() throws IOException {
        String md = render();
        assertTrue(md.contains("## Native (Google Benchmark)"), md);
        assertTrue(md.contains("| BM_gkm_wrap_batch/batch:64 | 461285 | 138727 |"), md);
        assertTrue(md.contains("| BM_evp_wrap_per_call/batch:1 | 8259 |  |"), md);
    }

    @Test
    void noNativeResults() throws IOException {
        String md = ReportGenerator.render(resource("jmh-sample.json"), null, "x", SYS, "d");
        assertTrue(md.contains("No native results"), md);
    }

    @Test
    void cpuInfoParsing() {
        SystemInfo.CpuInfo c = SystemInfo.CpuInfo.parse(
                "processor\t: 0\nmodel name\t: Intel(R) Xeon(R)\nflags\t\t: fpu sse2 aes avx2 sha_ni vaes\n"
                        + "processor\t: 1\nmodel name\t: other\n");
        assertEquals("Intel(R) Xeon(R)", c.model());
        assertEquals(List.of("aes", "vaes", "avx2", "sha_ni"), c.flags());
    }

    @Test
    void mainWritesFile(@TempDir Path dir) throws IOException {
        Path jmh = dir.resolve("jmh.json");
        try (InputStream in = ReportGeneratorTest.class.getResourceAsStream("jmh-sample.json")) {
            Files.copy(in, jmh);
        }
        Path out = dir.resolve("sub/REPORT.md");
        ReportGenerator.main(new String[] {jmh.toString(), "-", out.toString(), "cmd"});
        String md = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(md.contains("KeyWrapBench.wrapBatch"), md);
    }

    @Test
    void ratioAndNumbers() {
        assertEquals("n/a", ReportGenerator.ratio(null, 1.0, false));
        assertEquals("2.00x", ReportGenerator.ratio(10.0, 5.0, false));
        assertEquals("0.50x", ReportGenerator.ratio(10.0, 5.0, true));
        assertEquals("KeyWrapBench.wrapBatch", ReportGenerator.shortName("org.gkm.bench.KeyWrapBench.wrapBatch"));
    }

    // ---- key wrap section ----

    private static final SystemInfo SYS_VAES =
            new SystemInfo("Test CPU", List.of("aes", "vaes", "avx512f"), "OpenSSL 3.0.19 test", "vaes");

    private static ReportGenerator.Report kwReport(SystemInfo sys) throws IOException {
        return ReportGenerator.renderReport(resource("jmh-sample.json"), Map.of(), resource("native-sample.json"),
                "ci/bench.sh KeyWrap", sys, "d");
    }

    @Test
    void keyWrapTableHasRatiosNativeFigureAndOverhead() throws IOException {
        String md = kwReport(SYS_VAES).markdown();
        assertTrue(md.contains("## Key wrap"), md);
        assertTrue(md.contains("kernel path **vaes**"), md);
        assertTrue(md.contains("CPU flags: aes, vaes, avx512f"), md);
        assertTrue(md.contains("| kek bits | key bytes | KEKs | batch | sunjce ns | bc ns | evp ns | java ns | openssl ns "
                + "| openssl x vs sunjce | openssl x vs bc | openssl x vs evp | native vaes ns | FFM overhead |"), md);
        // 1000/100, 6000/100, 7000/100; native 1e9 / 1.25e7 = 80 ns, 100 / 80 - 1 = +25%
        assertTrue(md.contains("| 256 | 32 | distinct | 4096 | 1000 | 6000 | 7000 | 1100 | 100 | 10.00x | 60.00x | 70.00x "
                + "| 80.00 | +25% |"), md);
        // batch 1: no native figure for it
        assertTrue(md.contains("| 256 | 32 | distinct | 1 | 1200 | 6500 | 7200 | 1300 | 600 | 2.00x | 10.83x | 12.00x |  | n/a |"), md);
        // one KEK: bc, evp, java not measured
        assertTrue(md.contains("| 256 | 32 | one | 4096 | 900 |  |  |  | 50.00 | 18.00x | n/a | n/a |  | n/a |"), md);
        // unwrap: native from real_time (409.6 us / 4096 = 100 ns) when items_per_second is absent
        assertTrue(md.contains("| 256 | 32 | distinct | 4096 | 1000 |  |  |  | 125 | 8.00x | n/a | n/a | 100 | +25% |"), md);
        assertTrue(md.indexOf("### wrap (ns per key)") < md.indexOf("### unwrap (ns per key)"), md);
    }

    @Test
    void keyWrapTargetsAreCheckedAgainstTheSameRun() throws IOException {
        String md = kwReport(SYS_VAES).markdown();
        assertTrue(md.contains("| wrap, distinct KEKs, batch 4096: <= 120 ns | 100 ns | yes |"), md);
        assertTrue(md.contains("| wrap, distinct KEKs, batch 4096: >= 9x sunjce | 10.0x | yes |"), md);
        assertTrue(md.contains("| wrap, distinct KEKs, batch 4096: >= 50x bc | 60.0x | yes |"), md);
        assertTrue(md.contains("| wrap, distinct KEKs, batch 4096: Java + FFM overhead <= 20% over native vaes | +25% | **no** |"), md);
        assertTrue(md.contains("| wrap, one KEK, batch 4096: <= 60 ns | 50.00 ns | yes |"), md);
        assertTrue(md.contains("| wrap, batch 1: >= 1.5x sunjce | 2.0x | yes |"), md);
        assertTrue(md.contains("| unwrap, distinct KEKs, batch 4096: <= 120 ns | 125 ns | **no** |"), md);
        assertTrue(md.contains("| unwrap, distinct KEKs, batch 4096: >= 9x sunjce | 8.0x | **no** |"), md);
        assertTrue(md.contains("| unwrap, distinct KEKs, batch 4096: >= 50x evp | n/a | not measured |"), md);
    }

    @Test
    void singleKeyApiTableAndTarget() throws IOException {
        String md = kwReport(SYS_VAES).markdown();
        assertTrue(md.contains("### Single-key API"), md);
        assertTrue(md.contains("| op | sunjce ns | openssl ns | openssl x vs sunjce | native gkm_kw_(un)wrap ns | FFM overhead |"), md);
        // 1000 / 400 = 2.5x; native 1e9 / 3.125e6 = 320 ns, 400 / 320 - 1 = +25%
        assertTrue(md.contains("| wrap | 1000 | 400 | 2.50x | 320 | +25% |"), md);
        assertTrue(md.contains("| unwrap | 1100 |  | n/a |  | n/a |"), md);
        assertTrue(md.contains("| wrap, single-key API: faster than sunjce | 2.5x | yes |"), md);
        assertFalse(md.contains("unwrap, single-key API"), md); // openssl unwrapOne not measured: no target row
    }

    @Test
    void keyWrapNativePathFallsBackToTheBestMeasured() throws IOException {
        // provider path unknown: compare with the best path the native bench ran (vaes over aesni)
        String md = kwReport(SYS).markdown();
        assertTrue(md.contains("kernel path **unknown**"), md);
        assertTrue(md.contains("native vaes ns"), md);
        // a reported path the native bench ran is used as is
        String aesni = kwReport(new SystemInfo("c", List.of(), null, "aesni")).markdown();
        assertTrue(aesni.contains("| 256 | 32 | distinct | 4096 | 1000 | 6000 | 7000 | 1100 | 100 | 10.00x | 60.00x | 70.00x "
                + "| 100 | +0% |"), aesni);
    }

    @Test
    void nativeNames() {
        KeyWrapSection.NativeName n = KeyWrapSection.NativeName.parse("BM_unwrap/path:aesni/kek:128/key:16/distinct:0/batch:64");
        assertEquals("aesni", n.path());
        assertEquals(new KeyWrapSection.Config("unwrap", 128, 16, false, 64), n.config());
        KeyWrapSection.NativeName e = KeyWrapSection.NativeName.parse("BM_evp_wrap/kek:256/key:32/distinct:1/batch:1");
        assertEquals("evp", e.path());
        assertEquals(new KeyWrapSection.Config("wrap", 256, 32, true, 1), e.config());
        assertNull(KeyWrapSection.NativeName.parse("BM_gkm_wrap_batch/batch:64"));
        assertNull(KeyWrapSection.NativeName.parse("BM_wrap/path:vaes"));
        assertNull(KeyWrapSection.NativeName.parse("BM_wrap/path:vaes/batch:x"));
    }

    @Test
    void keyWrapChartsAreLogLogSvg() throws IOException {
        ReportGenerator.Report r = kwReport(SYS_VAES);
        assertEquals(List.of("keywrap-wrap.svg", "keywrap-unwrap.svg"), List.copyOf(r.files().keySet()));
        assertTrue(r.markdown().contains("![ns per wrap vs batch size](keywrap-wrap.svg)"), r.markdown());
        String svg = r.files().get("keywrap-wrap.svg");
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains("AES-256 KW wrap of 32-byte keys: ns per key"), svg);
        // y decades span 50 .. 7200 ns: 10 .. 10000; x ticks at the batch sizes
        assertTrue(svg.contains(">10</text>") && svg.contains(">10000</text>"), svg);
        assertFalse(svg.contains(">100000</text>"), svg);
        assertTrue(svg.contains(">1</text>") && svg.contains(">4096</text>"), svg);
        for (String legend : List.of(">sunjce</text>", ">openssl</text>", ">native vaes</text>", ">openssl (one KEK)</text>")) {
            assertTrue(svg.contains(legend), legend);
        }
        assertTrue(svg.contains("stroke-dasharray"), "one-KEK series dashed");
    }

    @Test
    void chartPlacesLowerValuesLower() {
        String svg = new LogLogChart("t", "x", "y")
                .add(new LogLogChart.Series("fast", "#000", false, List.of(new double[] {1, 10}, new double[] {4, 10})))
                .add(new LogLogChart.Series("slow", "#111", false, List.of(new double[] {1, 1000}, new double[] {4, 1000})))
                .svg();
        // y axis 10..1000 spans the plot: the slow line sits at the top (TOP = 40), the fast at the bottom
        assertTrue(svg.contains("points=\"70.0,390.0 560.0,390.0\""), svg);
        assertTrue(svg.contains("points=\"70.0,40.0 560.0,40.0\""), svg);
        assertTrue(new LogLogChart("t", "x", "y").svg().contains("no data"));
    }

    @Test
    void earlierRunsFillInMissingBenchmarksOnly() throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode old = m.readTree("""
                [{"benchmark":"org.gkm.bench.AeadBenchmark.seal","mode":"avgt","params":{"provider":"sunjce"},
                  "primaryMetric":{"score":777.0,"scoreUnit":"ns/op"}},
                 {"benchmark":"org.gkm.bench.KeyWrapBench.wrapBatch","mode":"avgt","params":{"batch":"64","provider":"sunjce"},
                  "primaryMetric":{"score":123456.0,"scoreUnit":"ns/op"}}]""");
        JsonNode older = m.readTree("""
                [{"benchmark":"org.gkm.bench.AeadBenchmark.seal","mode":"avgt","params":{"provider":"sunjce"},
                  "primaryMetric":{"score":888.0,"scoreUnit":"ns/op"}}]""");
        Map<String, JsonNode> earlier = new LinkedHashMap<>();
        earlier.put("jmh-new.json", old);
        earlier.put("jmh-old.json", older);
        String md = ReportGenerator.renderReport(resource("jmh-sample.json"), earlier, null, "c", SYS, "d").markdown();
        assertTrue(md.contains("### AeadBenchmark.seal (avgt)\n\n_Not in this run: from the earlier run `jmh-new.json`._"), md);
        assertTrue(md.contains("| - | 777 ns/op |"), md);
        assertFalse(md.contains("888"), md);       // only the newest earlier file that has the method
        assertFalse(md.contains("123456"), md);    // this run has KeyWrapBench.wrapBatch: the old one is not mixed in
        assertTrue(md.contains("| batch=64 | 2000 ± 20.00 ns/op | 500 ± 5.00 ns/op | 1.00x | 4.00x |"), md);
    }

    @Test
    void keyWrapSectionFromAnEarlierRunWhenThisRunHasNone() throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode thisRun = m.readTree("""
                [{"benchmark":"org.gkm.bench.AeadBenchmark.seal","mode":"avgt","params":{"provider":"sunjce"},
                  "primaryMetric":{"score":777.0,"scoreUnit":"ns/op"}}]""");
        String md = ReportGenerator.renderReport(thisRun, Map.of("jmh-kw.json", resource("jmh-sample.json")),
                resource("native-sample.json"), "c", SYS_VAES, "d").markdown();
        assertTrue(md.contains("_JMH figures not in this run: from the earlier run `jmh-kw.json`; native figures from the Google Benchmark file this report was given (see Command)._"), md);
        assertTrue(md.contains("| 256 | 32 | distinct | 4096 | 1000 | 6000 | 7000 | 1100 | 100 |"), md);
        String none = ReportGenerator.renderReport(thisRun, Map.of(), null, "c", SYS_VAES, "d").markdown();
        assertTrue(none.contains("No KeyWrapBenchmark results in this run."), none);
    }

    private static String rekeyResult(String op, String provider, String tree, int d, int n, double score, String unit) {
        String treeParam = tree == null ? "" : ",\"tree\":\"" + tree + "\"";
        return "{\"benchmark\":\"org.gkm.bench.RekeyBenchmark." + op + "\",\"mode\":\"avgt\",\"params\":{\"degree\":\"" + d
                + "\",\"members\":\"" + n + "\",\"provider\":\"" + provider + "\"" + treeParam
                + "},\"primaryMetric\":{\"score\":" + score + ",\"scoreUnit\":\"" + unit + "\"}}";
    }

    @Test
    void rekeySectionTabulatesGrowthRatiosAndTargets() throws IOException {
        String json = "[" + String.join(",",
                rekeyResult("ownerLeave", "openssl", "symmetric", 4, 1000, 4.0, "us/op"),
                rekeyResult("ownerLeave", "java", "symmetric", 4, 1000, 8.0, "us/op"),
                rekeyResult("ownerLeave", "openssl", "symmetric", 4, 1000000, 12.0, "us/op"),
                rekeyResult("ownerLeave", "java", "symmetric", 4, 1000000, 30.0, "us/op"),
                rekeyResult("batchLeave", "openssl", "symmetric", 4, 1000000, 25.0, "ms/op"),
                rekeyResult("memberLeave", "openssl", null, 4, 1000000, 4000.0, "us/op"),
                rekeyResult("ownerLeave", "openssl", "hybrid", 4, 1000000, 250000.0, "ns/op")) + "]";
        JsonNode run = new ObjectMapper().readTree(json);
        ReportGenerator.Report r = ReportGenerator.renderReport(run, Map.of(), null, "c", SYS, "d");
        String md = r.markdown();
        assertTrue(md.contains("## Rekey engine"), md);
        // java/openssl 8/4 = 2.00; growth is relative to the smallest N of the same op, tree and degree
        assertTrue(md.contains("| symmetric | 4 | 1000 | 4.00 | 8.00 | 2.00 | 1.00x |"), md);
        assertTrue(md.contains("| symmetric | 4 | 1000000 | 12.00 | 30.00 | 2.50 | 3.00x |"), md);
        // units are normalised to us: 25 ms = 25000 us, 250000 ns = 250 us; memberLeave is filed under hybrid
        assertTrue(md.contains("| symmetric: owner leave <= 10 us (excluding the signature) | 12.00 us | **no** |"), md);
        assertTrue(md.contains("| symmetric: single leave grows <= 2.5x from 10^3 to 10^6 | 3.00x | **no** |"), md);
        assertTrue(md.contains("| symmetric: batch of 10^4 leaves <= 30 ms (including its signature) | 25000 us | yes |"), md);
        assertTrue(md.contains("| hybrid: owner leave <= 120 us | 250 us | **no** |"), md);
        assertTrue(md.contains("| hybrid: member-initiated leave <= 1.5 ms | 4000 us | **no** |"), md);
        assertTrue(md.contains("| hybrid: batch of 10^4 leaves <= 0.4 s | n/a | not measured |"), md);
        assertTrue(md.contains("| a member opening an owner-leave message <= 40 us | n/a | not measured |"), md);
        assertTrue(r.files().containsKey("rekey-growth.svg"), r.files().keySet().toString());
        assertTrue(r.files().get("rekey-growth.svg").contains("ownerLeave (symmetric)"));
    }

    @Test
    void leaveGrowthIsTakenWithinOneRunOnly() throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode thisRun = m.readTree("[" + rekeyResult("ownerLeave", "openssl", "symmetric", 4, 1000000, 12.0, "us/op") + "]");
        JsonNode older = m.readTree("[" + rekeyResult("ownerLeave", "openssl", "symmetric", 4, 1000, 2.0, "us/op") + "]");
        String across = ReportGenerator.renderReport(thisRun, Map.of("jmh-older.json", older), null, "c", SYS, "d").markdown();
        assertTrue(across.contains("| symmetric: single leave grows <= 2.5x from 10^3 to 10^6 | n/a | not measured in one run |"),
                across);
        JsonNode both = m.readTree("[" + String.join(",",
                rekeyResult("ownerLeave", "openssl", "symmetric", 4, 1000, 6.0, "us/op"),
                rekeyResult("ownerLeave", "openssl", "symmetric", 4, 1000000, 12.0, "us/op")) + "]");
        String within = ReportGenerator.renderReport(m.readTree("[]"), Map.of("jmh-both.json", both), null, "c", SYS, "d")
                .markdown();
        assertTrue(within.contains("| symmetric: single leave grows <= 2.5x from 10^3 to 10^6 | 2.00x | yes |"), within);
    }

    @Test
    void noRekeySectionWithoutRekeyResults() throws IOException {
        String md = render();
        assertFalse(md.contains("## Rekey engine"), md);
    }

    @Test
    void rekeyConfigurationsThisRunLacksComeFromTheNewestEarlierFileAndSaySo() throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode thisRun = m.readTree("[" + String.join(",",
                rekeyResult("batchLeave", "openssl", "hybrid", 4, 1000, 900.0, "us/op"),
                rekeyResult("batchLeave", "java", "hybrid", 4, 1000, 800.0, "us/op")) + "]");
        JsonNode rerun = m.readTree("[" + String.join(",",
                rekeyResult("batchLeave", "openssl", "hybrid", 2, 1000000, 2000000.0, "us/op"),
                rekeyResult("batchLeave", "java", "hybrid", 2, 1000000, 1600000.0, "us/op"),
                rekeyResult("batchLeave", "openssl", "hybrid", 4, 1000, 1.0, "us/op")) + "]");
        JsonNode older = m.readTree("[" + rekeyResult("batchLeave", "openssl", "hybrid", 2, 1000000, 5.0, "us/op") + "]");
        Map<String, JsonNode> earlier = new LinkedHashMap<>();
        earlier.put("jmh-rerun.json", rerun);
        earlier.put("jmh-older.json", older);
        String md = ReportGenerator.renderReport(thisRun, earlier, null, "c", SYS, "d").markdown();
        // this run's row is kept (not the rerun's 1.0), the missing one comes from the newest file that has it
        assertTrue(md.contains("| hybrid | 4 | 1000 | 900 | 800 | 0.89 | 1.00x |"), md);
        assertTrue(md.contains("| hybrid | 2 | 1000000 (from `jmh-rerun.json`) | 2000000 | 1600000 | 0.80 | 1.00x |"), md);
        assertFalse(md.contains("| 5.000 |"), md);
    }

    @Test
    void regeneratedReportKeepsHandWrittenSections() {
        String previous = "# gkm benchmark report\n\n## Rekey engine\n\nold\n\n## GCKS store\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                + "## JMH results\n\nold jmh\n";
        String rendered = "# gkm benchmark report\n\n## Rekey engine\n\nnew\n\n## JMH results\n\nnew jmh\n";
        String out = ReportGenerator.keepSections(rendered, previous);
        assertEquals("# gkm benchmark report\n\n## Rekey engine\n\nnew\n\n## GCKS store\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                + "## JMH results\n\nnew jmh\n", out);
        // nothing to keep, or the section rendered anew: unchanged
        assertEquals(rendered, ReportGenerator.keepSections(rendered, "# old\n\n## JMH results\n"));
        assertEquals(out, ReportGenerator.keepSections(out, previous));
        // the kept section last in the old report, and no JMH heading in the new one
        assertEquals("# r\n## GCKS store\nx\n", ReportGenerator.keepSections("# r\n", "# old\n## GCKS store\nx"));
    }

    @Test
    void theGcksServerSectionIsKeptBesideTheStoreSection() {
        String previous = "# old\n\n## GCKS store\n\nstore\n\n## GCKS server\n\nserver\n\n## JMH results\n\nold jmh\n";
        String rendered = "# new\n\n## JMH results\n\nnew jmh\n";
        assertEquals("# new\n\n## GCKS store\n\nstore\n\n## GCKS server\n\nserver\n\n## JMH results\n\nnew jmh\n",
                ReportGenerator.keepSections(rendered, previous));
    }

    // ---- bare-C reference and ACCP ratios in the primitive tables ----

    private static String jmhResult(String bench, String mode, String params, double score, String unit) {
        return "{\"benchmark\":\"org.gkm.bench." + bench + "\",\"mode\":\"" + mode + "\",\"params\":{" + params
                + "},\"primaryMetric\":{\"score\":" + score + ",\"scoreUnit\":\"" + unit + "\"}}";
    }

    private static JsonNode primitivesRun() throws IOException {
        String sig = "SignatureBenchmark.sign";
        return JSON.readTree("[" + String.join(",",
                jmhResult(sig, "avgt", "\"alg\":\"Ed25519\",\"provider\":\"sunjce\"", 1000, "ns/op"),
                jmhResult(sig, "avgt", "\"alg\":\"Ed25519\",\"provider\":\"accp\"", 100, "ns/op"),
                jmhResult(sig, "avgt", "\"alg\":\"Ed25519\",\"provider\":\"bc\"", 400, "ns/op"),
                jmhResult(sig, "avgt", "\"alg\":\"Ed25519\",\"provider\":\"java\"", 500, "ns/op"),
                jmhResult(sig, "avgt", "\"alg\":\"Ed25519\",\"provider\":\"openssl\"", 250, "ns/op"),
                jmhResult(sig, "avgt", "\"alg\":\"ECDSA-P256\",\"provider\":\"sunjce\"", 900, "ns/op"),
                jmhResult(sig, "avgt", "\"alg\":\"ECDSA-P256\",\"provider\":\"openssl\"", 300, "ns/op"),
                jmhResult("KeyAgreementBenchmark.X25519.agree", "avgt", "\"curve\":\"X25519\",\"provider\":\"sunjce\"", 120, "us/op"),
                jmhResult("KeyAgreementBenchmark.X25519.agree", "avgt", "\"curve\":\"X25519\",\"provider\":\"openssl\"", 100, "us/op"),
                jmhResult("KeyAgreementBenchmark.P256.agree", "avgt", "\"curve\":\"P-256\",\"provider\":\"accp\"", 80, "us/op"),
                jmhResult("KeyAgreementBenchmark.P256.agree", "avgt", "\"curve\":\"P-256\",\"provider\":\"openssl\"", 100, "us/op"),
                jmhResult("MacKdfBenchmark.hmac", "thrpt", "\"provider\":\"sunjce\",\"size\":\"64\"", 2, "ops/us"),
                jmhResult("MacKdfBenchmark.hmac", "thrpt", "\"provider\":\"openssl\",\"size\":\"64\"", 4, "ops/us"))
                + "]");
    }

    private static String cResult(String name, String runType, double realTime, String unit) {
        return "{\"name\":\"" + name + "\",\"run_name\":\"" + name + "\",\"run_type\":\"" + runType
                + "\",\"iterations\":10,\"real_time\":" + realTime + ",\"cpu_time\":" + realTime + ",\"time_unit\":\"" + unit + "\"}";
    }

    private static JsonNode cRun() throws IOException {
        return JSON.readTree("{\"context\":{\"num_cpus\":2},\"benchmarks\":[" + String.join(",",
                cResult("BM_c/SignatureBenchmark.sign/alg=Ed25519/real_time", "iteration", 0.2, "us"),
                // repetitions: the mean aggregate (50 us) wins over the runs' own mean (15 us)
                cResult("BM_c/KeyAgreementBenchmark.X25519.agree/curve=X25519/real_time", "iteration", 10000, "ns"),
                cResult("BM_c/KeyAgreementBenchmark.X25519.agree/curve=X25519/real_time", "iteration", 20000, "ns"),
                "{\"name\":\"BM_c/KeyAgreementBenchmark.X25519.agree/curve=X25519/real_time_mean\","
                        + "\"run_name\":\"BM_c/KeyAgreementBenchmark.X25519.agree/curve=X25519/real_time\","
                        + "\"run_type\":\"aggregate\",\"aggregate_name\":\"mean\",\"real_time\":50000,\"time_unit\":\"ns\"}",
                "{\"name\":\"BM_c/KeyAgreementBenchmark.X25519.agree/curve=X25519/real_time_median\","
                        + "\"run_name\":\"BM_c/KeyAgreementBenchmark.X25519.agree/curve=X25519/real_time\","
                        + "\"run_type\":\"aggregate\",\"aggregate_name\":\"median\",\"real_time\":1,\"time_unit\":\"ns\"}",
                // a reference that failed its setup check: no figure
                "{\"name\":\"BM_c/KeyAgreementBenchmark.P256.agree/curve=P-256/real_time\",\"run_type\":\"iteration\","
                        + "\"error_occurred\":true,\"error_message\":\"derive setup\",\"real_time\":0,\"time_unit\":\"ns\"}",
                cResult("BM_c/MacKdfBenchmark.hmac/size=64/real_time", "iteration", 200, "ns"))
                + "]}");
    }

    @Test
    void primitiveTablesHaveTheCColumnAndRatiosToAccpAndC() throws IOException {
        String md = ReportGenerator.renderReport(primitivesRun(), Map.of(), cRun(), "c", SYS, "d").markdown();
        assertTrue(md.contains("| params | sunjce | accp | bc | java | openssl | C | sunjce x vs sunjce | accp x vs sunjce "
                + "| bc x vs sunjce | java x vs sunjce | openssl x vs sunjce | openssl x vs accp | java x vs accp "
                + "| openssl x vs C | java x vs C |"), md);
        // C 0.2 us = 200 ns; accp/openssl 100/250, accp/java 100/500, C/openssl 200/250, C/java 200/500
        assertTrue(md.contains("| alg=Ed25519 | 1000 ns/op | 100 ns/op | 400 ns/op | 500 ns/op | 250 ns/op | 200 ns/op "
                + "| 1.00x | 10.00x | 2.50x | 2.00x | 4.00x | 0.40x | 0.20x | 0.80x | 0.40x |"), md);
        // a row without accp, java or C figures
        assertTrue(md.contains("| alg=ECDSA-P256 | 900 ns/op |  |  |  | 300 ns/op |  | 1.00x | n/a | n/a | n/a | 3.00x "
                + "| n/a | n/a | n/a | n/a |"), md);
        assertTrue(md.contains("C: the bare libcrypto call in C"), md);
    }

    @Test
    void theCFigureIsInTheJmhUnitAndTakenFromTheMeanAggregate() throws IOException {
        String md = ReportGenerator.renderReport(primitivesRun(), Map.of(), cRun(), "c", SYS, "d").markdown();
        // no accp in the X25519 group: no accp ratio; 50000 ns = 50.00 us/op, 50 / 100 = 0.50x
        assertTrue(md.contains("| params | sunjce | openssl | C | sunjce x vs sunjce | openssl x vs sunjce | openssl x vs C |"), md);
        assertTrue(md.contains("| curve=X25519 | 120 us/op | 100 us/op | 50.00 us/op | 1.00x | 1.20x | 0.50x |"), md);
        // throughput: 200 ns = 5 ops/us; openssl 4 / 5
        assertTrue(md.contains("| size=64 | 2.00 ops/us | 4.00 ops/us | 5.00 ops/us | 1.00x | 2.00x | 0.80x |"), md);
        // the errored reference gives no C column; the accp ratio stays
        assertTrue(md.contains("| params | accp | openssl | accp x vs sunjce | openssl x vs sunjce | openssl x vs accp |"), md);
        assertTrue(md.contains("| curve=P-256 | 80.00 us/op | 100 us/op | n/a | n/a | 0.80x |"), md);
        assertTrue(md.contains("| BM_c/KeyAgreementBenchmark.P256.agree/curve=P-256/real_time | error: derive setup |  |"), md);
    }

    @Test
    void noCColumnForAGroupFromAnEarlierRunOrWithoutNativeResults() throws IOException {
        JsonNode thisRun = JSON.readTree("[" + jmhResult("AeadBenchmark.seal", "avgt", "\"provider\":\"sunjce\"", 7, "ns/op") + "]");
        String md = ReportGenerator.renderReport(thisRun, Map.of("jmh-old.json", primitivesRun()), cRun(), "c", SYS, "d")
                .markdown();
        assertTrue(md.contains("| params | sunjce | accp | bc | java | openssl | sunjce x vs sunjce | accp x vs sunjce "
                + "| bc x vs sunjce | java x vs sunjce | openssl x vs sunjce | openssl x vs accp | java x vs accp |"), md);
        assertFalse(md.contains("x vs C"), md);
        String none = ReportGenerator.renderReport(primitivesRun(), Map.of(), null, "c", SYS, "d").markdown();
        assertFalse(none.contains("x vs C"), none);
        assertTrue(none.contains("| curve=X25519 | 120 us/op | 100 us/op | 1.00x | 1.20x |"), none);
    }

    @Test
    void cReferenceNames() {
        CReference.Name n = CReference.Name.parse("BM_c/RsaOaepBenchmark.decrypt/bits=2048/real_time");
        assertEquals(new CReference.Name("RsaOaepBenchmark.decrypt", "bits=2048"), n);
        assertEquals("a=1, b=2", CReference.Name.parse("BM_c/X.m/b=2/a=1").rowKey());
        assertEquals("-", CReference.Name.parse("BM_c/RandomBenchmark.bytes").rowKey());
        assertNull(CReference.Name.parse("BM_wrap/path:vaes/kek:256/key:32/distinct:1/batch:64"));
        assertNull(CReference.Name.parse("BM_c/"));
        CReference c = CReference.of(JSON.createObjectNode().set("benchmarks", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("name", "BM_c/RsaOaepBenchmark.decrypt/bits=2048/real_time")
                        .put("run_type", "iteration").put("real_time", 3.0).put("time_unit", "ms"))));
        assertEquals(3e6, c.nanos("org.gkm.bench.RsaOaepBenchmark.decrypt", "bits=2048"));
        assertNull(c.nanos("org.gkm.bench.RsaOaepBenchmark.decrypt", "bits=3072"));
        assertNull(c.nanos("org.gkm.bench.OtherRsaOaepBenchmark.decryptAll", "bits=2048"));
        assertEquals(3.0, CReference.inUnit(3000, "us/op"));
        assertEquals(0.5, CReference.inUnit(2000, "ops/us"));
        assertNull(CReference.inUnit(2000, "B/op"));
    }

    @Test
    void mainReadsSeveralNativeFiles(@TempDir Path dir) throws IOException {
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, primitivesRun().toString());
        Path kw = dir.resolve("native-kw.json");
        try (InputStream in = ReportGeneratorTest.class.getResourceAsStream("native-sample.json")) {
            Files.copy(in, kw);
        }
        Path c = dir.resolve("native-libcrypto.json");
        Files.writeString(c, cRun().toString());
        Path empty = Files.createFile(dir.resolve("native-filtered-out.json")); // a filter that matched nothing
        Path out = dir.resolve("REPORT.md");
        String sep = java.io.File.pathSeparator;
        ReportGenerator.main(new String[] {jmh.toString(), kw + sep + empty + sep + c, out.toString(), "cmd"});
        String md = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(md.contains("| BM_gkm_wrap_batch/batch:64 | 461285 | 138727 |"), md);
        assertTrue(md.contains("| alg=Ed25519 | 1000 ns/op | 100 ns/op | 400 ns/op | 500 ns/op | 250 ns/op | 200 ns/op "), md);
        assertTrue(md.contains("2600 MHz"), md); // the first file's context
    }
}
