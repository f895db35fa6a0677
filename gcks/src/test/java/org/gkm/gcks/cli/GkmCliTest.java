package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code gkm --version} and every subcommand's {@code --help}. */
class GkmCliTest {
    @Test
    void versionIsTheProjectVersion() {
        // Set by gcks/pom.xml's surefire configuration from ${project.version}.
        String project = System.getProperty("gkm.project.version");
        assertNotNull(project, "gkm.project.version not set (run through Maven)");
        StringWriter out = new StringWriter();
        CommandLine cl = GkmCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("--version"));
        assertEquals("gkm " + project, out.toString().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulate", "selftest", "serve", "admin", "member"})
    void everySubcommandHasHelp(String sub) {
        CliRun r = CliRun.of(sub, "--help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Usage: gkm " + sub), r.out());
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"groups", "create-group", "issue", "remove", "status", "audit-export", "audit-verify"})
    void everyAdminSubcommandHasHelp(String sub) {
        CliRun r = CliRun.of("admin", sub, "--help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Usage: gkm admin " + sub), r.out());
        assertEquals("", r.err());
    }

    @Test
    void adminWithoutARunningServerSaysWhereItLooked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CliRun r = CliRun.of("admin", "groups", "--data", dir.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("admin-token.json does not exist (is gkm serve running"), r.err());
    }
}
