package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gkm.crypto.CryptoProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Runs {@code gkm simulate} in-process on small groups, both providers, and reads its JSON line. */
class SimulateCommandTest {
    private static final List<String> JSON_KEYS = List.of("provider", "tree", "members", "degree", "events", "rekeys", "tek_changes",
            "member_rekeys", "wraps", "hpke_ops", "multicast_bytes", "rekeys_per_s", "ns_per_wrap", "tree_bytes_per_member",
            "verified_members", "forward_violations", "backward_violations", "converged", "elapsed_s");

    record Run(int exit, String stdout, String stderr) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = GkmCli.commandLine();
            cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
            exit = cl.execute(args);
        } finally {
            System.setOut(oldOut);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode lastJsonLine(String stdout) throws Exception {
        List<String> lines = stdout.strip().lines().toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "openssl"})
    void symmetricOwnerChurnConvergesAndReportsEveryField(String provider) throws Exception {
        Run r = run("simulate", "--members", "300", "--events", "120", "--mix", "1:1", "--batch", "4",
                "--degree", "4", "--tree", "symmetric", "--initiator", "owner", "--provider", provider,
                "--seed", "7", "--json");
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        JsonNode j = lastJsonLine(r.stdout());
        for (String k : JSON_KEYS) {
            assertTrue(j.has(k), "missing JSON key " + k);
        }
        assertEquals(provider, j.get("provider").asText());
        assertEquals(4, j.get("degree").asInt());
        assertEquals(120, j.get("events").asInt());
        assertTrue(j.get("converged").asBoolean());
        assertEquals(0, j.get("forward_violations").asLong());
        assertEquals(0, j.get("backward_violations").asLong());
        // 120 events in batches of 4 are 30 membership rekeys; after every 7 of them (rekeys 8, 16, 24,
        // 32) the GCKS runs a scheduled TEK change, which is a rekey message of its own.
        assertEquals(4, j.get("tek_changes").asLong(), "scheduled TEK changes");
        assertEquals(30 + 4, j.get("rekeys").asLong(), "membership rekeys plus TEK changes");
        assertEquals(0, j.get("member_rekeys").asLong(), "owner-initiated only");
        assertTrue(j.get("wraps").asLong() > 0);
        assertTrue(j.get("multicast_bytes").asLong() > 0);
        assertTrue(j.get("verified_members").asInt() > 0);
        assertFalse(r.stdout().contains("\r"), "no progress bar when stdout is not a terminal");
    }

    @Test
    void hybridMixedInitiatorsConverge() throws Exception {
        Run r = run("simulate", "--members", "200", "--events", "40", "--batch", "1", "--tree", "hybrid",
                "--initiator", "mixed", "--provider", "java", "--seed", "3", "--json");
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        JsonNode j = lastJsonLine(r.stdout());
        assertEquals("hybrid", j.get("tree").asText());
        assertTrue(j.get("hpke_ops").asLong() > 0, "member-initiated operations use HPKE");
        assertTrue(j.get("member_rekeys").asLong() > 0);
        assertTrue(j.get("converged").asBoolean());
    }

    @Test
    void mixedInitiatorsWithBatchesRunMemberInitiatedRekeysBetweenBatches() throws Exception {
        Run r = run("simulate", "--members", "200", "--events", "64", "--batch", "8", "--tree", "hybrid",
                "--initiator", "mixed", "--provider", "java", "--seed", "5", "--json");
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        JsonNode j = lastJsonLine(r.stdout());
        long member = j.get("member_rekeys").asLong();
        assertTrue(member > 0 && member < 64, "some events member-initiated, the rest batched: " + j);
        assertTrue(j.get("hpke_ops").asLong() > 0, "member-initiated operations use HPKE: " + j);
        long ownerRekeys = j.get("rekeys").asLong() - j.get("tek_changes").asLong() - member;
        assertTrue(ownerRekeys < 64 - member, "the owner's events are batched: " + j);
        assertTrue(j.get("converged").asBoolean());
    }

    /** Runs {@code args} with the system property gkm.crypto.provider set to {@code property}. */
    private static Run runWithProviderProperty(String property, String... args) {
        String old = System.getProperty(CryptoProviders.PROPERTY);
        System.setProperty(CryptoProviders.PROPERTY, property);
        try {
            return run(args);
        } finally {
            if (old == null) {
                System.clearProperty(CryptoProviders.PROPERTY);
            } else {
                System.setProperty(CryptoProviders.PROPERTY, old);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "openssl"})
    void providerPropertyIsHonouredUnlessTheOptionIsGiven(String property) throws Exception {
        String other = property.equals("java") ? "openssl" : "java";
        Run byProperty = runWithProviderProperty(property, "simulate", "--members", "20", "--events", "4", "--json");
        assertEquals(0, byProperty.exit(), byProperty.stderr() + byProperty.stdout());
        assertEquals(property, lastJsonLine(byProperty.stdout()).get("provider").asText());

        Run byOption = runWithProviderProperty(property, "simulate", "--members", "20", "--events", "4",
                "--provider", other, "--json");
        assertEquals(0, byOption.exit(), byOption.stderr() + byOption.stdout());
        assertEquals(other, lastJsonLine(byOption.stdout()).get("provider").asText(), "--provider wins");

        Run human = runWithProviderProperty(property, "simulate", "--members", "20", "--events", "4");
        assertTrue(human.stdout().contains("provider: " + property + " (-Dgkm.crypto.provider=" + property + ";"),
                human.stdout());
    }

    @Test
    void providerPrecedence() {
        assertEquals(new ProviderChoice("auto", "default"), ProviderChoice.of(null, null));
        assertEquals(new ProviderChoice("auto", "default"), ProviderChoice.of(null, " "));
        assertEquals(new ProviderChoice("java", "-Dgkm.crypto.provider"), ProviderChoice.of(null, "java"));
        assertEquals(new ProviderChoice("openssl", "--provider"), ProviderChoice.of("OpenSSL", "java"));
        assertEquals(new ProviderChoice("auto", "--provider"), ProviderChoice.of("auto", "java"));
        assertEquals("--provider openssl", ProviderChoice.of("openssl", "java").describe());
        assertEquals("-Dgkm.crypto.provider=java", ProviderChoice.of(null, "java").describe());
        assertEquals("default auto", ProviderChoice.of(null, null).describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProviderChoice.of(null, "bogus"));
        assertTrue(e.getMessage().contains("-Dgkm.crypto.provider"), e.getMessage());
    }

    @Test
    void humanSummaryWithoutJson() {
        Run r = run("simulate", "--members", "50", "--events", "10", "--batch", "1", "--provider", "java");
        assertEquals(0, r.exit(), r.stderr() + r.stdout());
        assertTrue(r.stdout().contains("converged"), r.stdout());
        assertTrue(r.stdout().contains("OK: converged"), r.stdout());
    }

    @Test
    void badArgumentsAreRefusedWithUsage() {
        assertRefused(run("simulate", "--mix", "3-1"), "expected join:leave");
        assertRefused(run("simulate", "--mix", "0:0"), "join:leave weights must be >= 0 and not both 0");
        assertRefused(run("simulate", "--tree", "oak"), "expected symmetric or hybrid");
        assertRefused(run("simulate", "--members", "0"), "--members must be >= 1");
        assertRefused(run("simulate", "--events", "-1"), "--events must be >= 0");
        assertRefused(run("simulate", "--batch", "0"), "--batch must be >= 1");
        assertRefused(run("simulate", "--degree", "1"), "--degree must be in 2..64");
        assertRefused(run("simulate", "--degree", "65"), "--degree must be in 2..64");
        assertRefused(run("simulate", "--initiator", "nobody"), "expected owner, member or mixed");
        assertRefused(run("simulate", "--provider", "bogus"), "bogus");
        assertRefused(runWithProviderProperty("bogus", "simulate"), "-Dgkm.crypto.provider");
    }

    /** Options valid one by one but not together get the same one-line refusal, not a stack trace. */
    @ParameterizedTest
    @ValueSource(strings = {"member", "mixed"})
    void memberInitiatorsWithoutAHybridTreeAreRefused(String initiator) {
        String message = "--initiator " + initiator
                + " needs --tree hybrid (member-initiated operations use the members' public keys)";
        assertRefused(run("simulate", "--initiator", initiator), message);
        assertRefused(run("simulate", "--initiator", initiator, "--tree", "symmetric", "--batch", "4"), message);
        assertRefused(run("simulate", "--tree", "symmetric", "--initiator", initiator, "--batch", "1", "--json"),
                message);
    }

    /**
     * A refusal: exit status 2, nothing on stdout, and on stderr first a line containing
     * {@code message}, then the usage; no exception or stack trace.
     */
    private static void assertRefused(Run r, String message) {
        assertEquals(2, r.exit(), r.stderr());
        assertEquals("", r.stdout(), "nothing simulated");
        String first = r.stderr().lines().findFirst().orElse("");
        assertTrue(first.contains(message), "first line of stderr: " + first);
        assertTrue(r.stderr().contains("Usage: gkm simulate"), r.stderr());
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), "stack trace: " + r.stderr());
    }

    @Test
    void progressBarRendering() {
        assertEquals("[" + " ".repeat(40) + "]   0% 0/10 events", ProgressBar.render(0, 10));
        assertEquals("[" + "#".repeat(20) + " ".repeat(20) + "]  50% 5/10 events", ProgressBar.render(5, 10));
        assertEquals("[" + "#".repeat(40) + "] 100% 10/10 events", ProgressBar.render(10, 10));
    }
}
