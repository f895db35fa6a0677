package org.gkm.replication;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gkm.gcks.cli.GkmCli;

/**
 * One replica of a replicated {@code gkm serve} as a child JVM for tests: started with the test
 * class path (gcks and replication) on a configuration file, its output lines collected.
 * {@link #kill()} is SIGKILL; {@link #close()} kills it if still running and waits for it.
 */
final class ServeReplicaProcess implements AutoCloseable {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ServeReplicaProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("replica-stdout").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("(stdout closed: " + e.getMessage() + ")");
            }
        });
    }

    /** Starts {@code gkm serve --config config --provider provider}; stderr goes to {@code stderr}. */
    static ServeReplicaProcess start(Path config, String provider, Path stderr) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(GkmCli.class.getName());
        cmd.add("serve");
        cmd.add("--config");
        cmd.add(config.toString());
        cmd.add("--provider");
        cmd.add(provider);
        return new ServeReplicaProcess(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start());
    }

    /** How many output lines contain {@code text}. */
    long count(String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    /** SIGKILL (by its pid), and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gkm serve did not die");
        }
        reader.join(5000);
    }

    /** SIGTERM (a clean stop: the process runs its shutdown hook), and waits for the process to end. */
    void stop() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gkm serve did not stop on SIGTERM");
        }
        reader.join(5000);
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        reader.join(5000);
    }
}
