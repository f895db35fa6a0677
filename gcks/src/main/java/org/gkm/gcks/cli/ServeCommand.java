package org.gkm.gcks.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.net.ServerConfig;
import org.gkm.gcks.server.GcksMetrics;
import org.gkm.gcks.server.GcksServer;
import org.gkm.gcks.server.ServerOptions;
import org.gkm.gcks.server.admin.AdminEndpoint;
import org.gkm.gcks.server.admin.AdminToken;
import org.gkm.gcks.server.admin.LocalAuthority;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.StoreException;
import org.gkm.store.sqlite.SqliteGroupStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gkm serve}: the GCKS process. Reads the configuration ({@link ServeConfig}), refuses to
 * start unless the master key file is owner-only and 32 bytes ({@link MasterKeyFile}), opens the
 * store in the data directory (SQLite under the sealed barrier), hosts the configured groups on
 * loopback and serves until it is stopped (SIGTERM/SIGINT close it cleanly).
 *
 * <p>Every group's state is durable ({@link ServeState}): its key server
 * ({@link org.gkm.gcks.server.DurableGroupBackend}), membership and GKMP log in the store, with the
 * process's security manager and controller keys, all sealed under the master key. The first start
 * creates the configured groups; a restart opens every group the store holds, including those the
 * owner created at run time ({@code gkm admin create-group} writes them into the same store). A store that cannot
 * be read (wrong master key, an edited or torn record, a damaged database) refuses the start with
 * the cause named, and nothing is written. Members' certificates come from the security manager
 * local to the process (its key persists; {@code securityManagerKeyFile} supplies it at the first
 * start). The owner issues member credentials and removes members through the admin endpoint
 * ({@link AdminEndpoint}, {@code gkm admin}).
 */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Run the GCKS: registration, rekey delivery and resync on loopback.")
final class ServeCommand implements Callable<Integer> {
    /** The local security manager's id (the trust anchor's name). */
    static final EntityId SECURITY_MANAGER = LocalAuthority.SECURITY_MANAGER;
    /** The GKMP controller's id: members address their join to it. */
    static final EntityId CONTROLLER = LocalAuthority.CONTROLLER;

    @Option(names = "--config", required = true, description = "the JSON configuration file")
    Path config;

    @Option(names = "--provider",
            description = "auto | openssl | java (default: the system property gkm.crypto.provider if set, else auto)")
    String provider;

    @Option(names = "--stop-after-start", description = "start, print the addresses, stop (for scripted checks)")
    boolean stopAfterStart;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServeConfig c;
        SecretBytes master;
        SecretBytes smSeed = null;
        CryptoProvider p;
        Path base = config.toAbsolutePath().getParent();
        try {
            p = CryptoProviders.select(ProviderChoice.of(provider).mode()).provider();
            c = ServeConfig.read(config);
            ServeDelegation.checkLinkKeyFiles(c, base);
            master = MasterKeyFile.read(base.resolve(c.masterKeyFile()));
        } catch (IllegalArgumentException e) {
            err.println("gkm serve: refusing to start: " + e.getMessage());
            return 1;
        }
        if (c.replication() != null) {
            return ReplicatedServe.run(p, c, master, base, stopAfterStart, out, err);
        }
        GroupStore store;
        ServeState state;
        Path data = base.resolve(c.dataDirectory());
        try {
            if (c.securityManagerKeyFile() != null) {
                smSeed = MasterKeyFile.read(base.resolve(c.securityManagerKeyFile()), "security manager key file");
            }
            if (!Files.isDirectory(data)) {
                Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            store = SealedGroupStore.open(SqliteGroupStore.open(data.resolve("gkm.db")), p, master);
        } catch (StoreException e) {
            err.println("gkm serve: refusing to start: data directory " + data + ": " + ServeState.cause(e) + " (" + e.failure()
                    + ": " + e.getMessage() + ")");
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("gkm serve: refusing to start: data directory " + data + ": " + e.getMessage());
            return 1;
        } finally {
            master.destroy();
        }
        try {
            state = ServeState.open(store, p, c, smSeed);
        } catch (ServeState.RefusedException | IllegalArgumentException e) {
            err.println("gkm serve: refusing to start: data directory " + data + ": " + e.getMessage());
            closeStore(store, err);
            return 1;
        } finally {
            if (smSeed != null) {
                smSeed.destroy();
            }
        }
        GcksServer server = null;
        try {
            server = start(p, c, state, data, base, out);
            if (stopAfterStart) {
                return 0;
            }
            GcksServer running = server;
            // the store is closed by the hook, not below
            awaitShutdown(() -> {
                running.close();
                closeStore(store, err);
            });
            return 0;
        } catch (IOException e) {
            err.println("gkm serve: cannot listen: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            // a group's delegation the server refuses (start closed what it opened; the store is closed below)
            err.println("gkm serve: refusing to start: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (server == null || stopAfterStart) {
                if (server != null) {
                    server.close();
                }
                closeStore(store, err);
            }
        }
    }

    /**
     * Blocks until the process is stopped (SIGTERM, SIGINT): the JVM then runs {@code stop} in a
     * shutdown hook, which closes what runs, and halts once it returns.
     */
    static void awaitShutdown(Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                stopped.countDown();
            }
        }, "gkm-serve-shutdown"));
        stopped.await();
    }

    static void closeStore(GroupStore store, PrintWriter err) {
        try {
            store.close();
        } catch (StoreException e) {
            err.println("gkm serve: closing the store: " + e.getMessage());
            err.flush();
        }
    }

    /** The server's options from the configuration (transport, HTTP endpoint, acknowledgements, TEK lifetime, batch window). */
    static ServerOptions serverOptions(ServeConfig c) throws IOException {
        InetAddress bind = InetAddress.getByName(c.bind());
        return ServerOptions.defaults()
                .withNet(ServerConfig.defaults().withBind(new InetSocketAddress(bind, c.port())))
                .withHttp(new InetSocketAddress(bind, c.httpPort())).withUnacked(c.unackedLimit(), c.ejectUnacked())
                .withTekLifetime(java.time.Duration.ofSeconds(c.tekLifetimeSeconds()))
                .withBatch(java.time.Duration.ofMillis(c.batchWindowMillis()), c.batchMax());
    }

    private static GcksServer start(CryptoProvider p, ServeConfig c, ServeState state, Path data, Path base, PrintWriter out)
            throws IOException {
        ServerOptions options = serverOptions(c);
        GcksServer server;
        try {
            server = GcksServer.start(p, options, new GcksMetrics());
        } catch (IOException | RuntimeException e) {
            state.groups.forEach(h -> h.backend().close());
            throw e;
        }
        int next = 0;
        try {
            LocalAuthority authority = LocalAuthority.fromKeys(p, state.keys.securityManager(), state.keys.controller(),
                    System.currentTimeMillis());
            for (ServeState.Hosted h : state.groups) {
                ServeConfig.GroupConfig g = h.config();
                ServeDelegation.apply(server, g, base);
                server.host(authority.setup(new GkmpGroupId(g.id()), g.maxMembers()), h.backend(), h.persistence(), g.timing());
                next++;
                out.printf("gkm serve: group %d %s at sequence %d, %d member(s)%n", g.id(), h.created() ? "created" : "opened",
                        h.backend().sequence(), server.treeMembers(new GkmpGroupId(g.id())));
            }
            // groups the owner creates at run time (gkm admin create-group) go into the store like configured ones
            server.closeWith(AdminEndpoint.start(p, server, authority, state.factory, data, 0));
            out.printf("gkm serve: frames on %s, HTTP (resync, /metrics) on %s, %d group(s), provider %s%n", server.address(),
                    server.httpAddress(), state.groups.size(), p.name());
            out.println("gkm serve: admin endpoint on loopback, token in " + data.resolve(AdminToken.FILE_NAME));
            out.println("gkm serve: state is durable in " + c.dataDirectory() + " (SQLite, sealed under the master key)");
            out.flush();
            return server;
        } catch (RuntimeException e) {
            // backends not yet handed to the server are closed here; hosted ones by the server
            for (int i = next; i < state.groups.size(); i++) {
                state.groups.get(i).backend().close();
            }
            server.close();
            throw e;
        }
    }
}
