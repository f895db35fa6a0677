package org.gkm.gcks.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@code gkm serve} child JVM for tests: started with the test class path and the CLI's main
 * class on a configuration in a directory, its output lines collected. {@link #kill()} is SIGKILL
 * ({@code destroyForcibly}), {@link #stop()} SIGTERM; {@link #close()} kills it if still running and
 * waits for it. Shared through the test-jar (replication's process tests run replicas with it).
 */
public final class ServeProcess implements AutoCloseable {
    public final Process process;
    public final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ServeProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("serve-stdout").start(() -> {
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
    public static ServeProcess start(Path config, String provider, Path stderr) throws IOException {
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
        return new ServeProcess(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start());
    }

    /** Waits for a line containing {@code text}; false if the process ended or the time passed first. */
    public boolean awaitLine(String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (String l : lines) {
                if (l.contains(text)) {
                    return true;
                }
            }
            if (!process.isAlive() && !reader.isAlive()) {
                return lines.stream().anyMatch(l -> l.contains(text));
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** How many output lines contain {@code text}. */
    public long count(String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    /** SIGTERM (a clean stop: the process runs its shutdown hook), and waits for the process to end. */
    public void stop() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gkm serve did not stop on SIGTERM");
        }
        reader.join(5000);
    }

    /** Whether the process is running. */
    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL (by its pid), and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gkm serve did not die");
        }
        reader.join(5000);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        reader.join(5000);
    }

    /** Two free loopback ports (for a configuration a restart reuses). */
    public static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    /** Writes an owner-only file. */
    public static Path ownerOnly(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
