package org.gkm.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
