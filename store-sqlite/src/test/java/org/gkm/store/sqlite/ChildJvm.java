package org.gkm.store.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The crash tests' child process: a separate JVM on the test class path running one writer main
 * class on a store file (small heap, quick start), its standard error to a file, and a reader of its
 * standard output lines. The child stops itself at the deadline it is given, so one the test fails to
 * kill still ends.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** Starts {@code main} with arguments (store file, deadline 60 s from now). */
    static Process start(Class<?> main, Path db, Path stderr) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.add(db.toString());
        cmd.add(String.valueOf(System.currentTimeMillis() + 60_000));
        return new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    }

    /** Reads the child's standard output into {@code lines} until it ends (a read failure becomes a line). */
    static void readLines(Process p, List<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("READ FAILED " + e);
        }
    }
}
