package org.gkm.crypto.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.gkm.crypto.CryptoProvider;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every test vector file ({@link VectorSources}: the vendored set and an optional extra
 * directory) against one provider: one DynamicTest per test case, then per file one summary test that prints
 *
 * <pre>CONFORMANCE provider=&lt;name&gt; suite=&lt;file&gt; total=&lt;n&gt; passed=&lt;n&gt; failed=&lt;n&gt;</pre>
 *
 * and checks that the number of cases run equals the file's {@code numberOfTests} (Wycheproof) or
 * the count computed from the file (RFC files); and at the end a grand total line. Subclasses name
 * the provider. Cross-provider agreement on every case, {@code acceptable} ones included, is
 * checked by comparing {@link #outcomes} of two providers in one JVM (java-bindings'
 * DifferentialTest).
 */
public abstract class ConformanceSuite {

    /** The provider under test. */
    protected abstract CryptoProvider provider();

    /**
     * Runs every case of every supported vector file ({@link Vectors#load(CryptoProvider)}) against
     * {@code p} (no JUnit) and returns file#tcId -> outcome: "accepted", "accepted:mismatch:..." (wrong output),
     * "rejected:step:ExceptionClass" or "error:step:ExceptionClass" (untyped failure). Failures are
     * not asserted here; compare the maps of two providers.
     */
    public static Map<String, String> outcomes(CryptoProvider p) {
        Vectors.Loaded loaded = Vectors.load(p);
        Map<String, String> out = new LinkedHashMap<>();
        for (Vectors.VectorFile f : loaded.runnable()) {
            for (Vectors.Case c : f.cases) {
                out.put(c.key(), c.run().outcome);
            }
        }
        return out;
    }

    /** Like {@link #outcomes} but with the expectation: file#tcId -> "valid|invalid|acceptable". */
    public static Map<String, Vectors.Expect> expectations(CryptoProvider p) {
        Map<String, Vectors.Expect> out = new LinkedHashMap<>();
        for (Vectors.VectorFile f : Vectors.load(p).runnable()) {
            for (Vectors.Case c : f.cases) {
                out.put(c.key(), c.expect);
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicNode> vectors() {
        CryptoProvider p = provider();
        String providerName = p.name();
        Vectors.Loaded loaded = Vectors.load(p);
        System.out.println("CONFORMANCE-INFO provider=" + providerName + " vectors=" + loaded.sources + " files="
                + loaded.files.size() + " ignored-non-vector-json=" + loaded.ignored.size()
                + " extra-same-as-vendored=" + loaded.duplicates.size());
        if (loaded.runnable().isEmpty()) {
            fail("no runnable test vector files in " + loaded.sources);
        }
        AtomicInteger grandTotal = new AtomicInteger();
        AtomicInteger grandPassed = new AtomicInteger();
        AtomicInteger grandFailed = new AtomicInteger();
        List<String> countErrors = Collections.synchronizedList(new ArrayList<>());
        List<DynamicNode> nodes = new ArrayList<>();
        for (Vectors.VectorFile f : loaded.files) {
            if (f.skipReason != null) {
                System.out.println("CONFORMANCE-SKIPPED provider=" + providerName + " suite=" + f.name + " ("
                        + f.kind + "): " + f.skipReason);
                continue;
            }
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger passed = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            List<DynamicNode> tests = new ArrayList<>();
            for (Vectors.Case c : f.cases) {
                tests.add(DynamicTest.dynamicTest(c.label, () -> {
                    ran.incrementAndGet();
                    Vectors.Result r = c.run();
                    if (r.passed) {
                        passed.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        AssertionError e = new AssertionError("provider=" + providerName + " " + f.name + " "
                                + c.label + ": " + r.detail, r.error);
                        throw e;
                    }
                }));
            }
            tests.add(DynamicTest.dynamicTest("summary " + f.name, () -> {
                String skipped = f.unsupportedCases == 0 ? "" : " skipped-unsupported=" + f.unsupportedCases;
                System.out.println("CONFORMANCE provider=" + providerName + " suite=" + f.name + " total=" + ran.get()
                        + " passed=" + passed.get() + " failed=" + failed.get() + skipped);
                grandTotal.addAndGet(ran.get());
                grandPassed.addAndGet(passed.get());
                grandFailed.addAndGet(failed.get());
                String countError = null;
                if (ran.get() + f.unsupportedCases != f.declared) {
                    countError = f.name + ": ran " + ran.get() + " cases (+" + f.unsupportedCases
                            + " unsupported) but the file declares " + f.declared;
                } else if (ran.get() != f.cases.size()) {
                    countError = f.name + ": ran " + ran.get() + " of " + f.cases.size()
                            + " cases (test filter active?)";
                }
                if (countError != null) {
                    countErrors.add(countError);
                    fail(countError);
                }
            }));
            nodes.add(DynamicContainer.dynamicContainer(f.name + " [" + f.kind + "]", tests));
        }
        nodes.add(DynamicTest.dynamicTest("grand total", () -> {
            System.out.println("CONFORMANCE-TOTAL provider=" + providerName + " total=" + grandTotal.get()
                    + " passed=" + grandPassed.get() + " failed=" + grandFailed.get());
            assertFalse(grandTotal.get() == 0, "no conformance cases ran");
            assertEquals(List.of(), countErrors, "case counts differ from the files' declared counts");
        }));
        return nodes.stream();
    }
}
