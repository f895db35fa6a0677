package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gkm --version}. */
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
}
