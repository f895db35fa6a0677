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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GkmCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(sub, "--help"), err.toString());
        assertTrue(out.toString().startsWith("Usage: gkm " + sub), out.toString());
        assertEquals("", err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"groups", "create-group", "issue", "remove", "status", "audit-export", "audit-verify"})
    void everyAdminSubcommandHasHelp(String sub) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GkmCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("admin", sub, "--help"), err.toString());
        assertTrue(out.toString().startsWith("Usage: gkm admin " + sub), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void adminWithoutARunningServerSaysWhereItLooked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cl = GkmCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(1, cl.execute("admin", "groups", "--data", dir.toString()));
        assertTrue(err.toString().contains("admin-token.json does not exist (is gkm serve running"), err.toString());
    }
}
