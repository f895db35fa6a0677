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
import org.gkm.gcks.server.InMemoryGroupBackend;
import org.gkm.gcks.server.ServerOptions;
import org.gkm.gcks.server.admin.AdminEndpoint;
import org.gkm.gcks.server.admin.AdminToken;
import org.gkm.gcks.server.admin.LocalAuthority;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;
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
 * <p>Until the durable group server is wired in, each group's key state is held in memory
 * ({@link InMemoryGroupBackend}) and a restart starts it afresh; the store is opened (so its lock,
 * permissions and master key are checked) but not yet written. Members' certificates come from a
 * security manager local to the process ({@link LocalAuthority}), which issues them on the owner's
 * request through the admin endpoint ({@link AdminEndpoint}, {@code gkm admin}).
 */
@Command(name = "serve", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Run the GCKS: registration, rekey delivery and resync on loopback.")
final class ServeCommand implements Callable<Integer> {
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
        CryptoProvider p;
        Path base = config.toAbsolutePath().getParent();
        try {
            p = CryptoProviders.select(ProviderChoice.of(provider).mode()).provider();
            c = ServeConfig.read(config);
            master = MasterKeyFile.read(base.resolve(c.masterKeyFile()));
        } catch (IllegalArgumentException e) {
            err.println("gkm serve: refusing to start: " + e.getMessage());
            return 1;
        }
        GroupStore store;
        Path data = base.resolve(c.dataDirectory());
        try {
            if (!Files.isDirectory(data)) {
                Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            store = SealedGroupStore.open(SqliteGroupStore.open(data.resolve("gkm.db")), p, master);
        } catch (StoreException | IOException e) {
            err.println("gkm serve: refusing to start: data directory " + data + ": " + e.getMessage());
            return 1;
        } finally {
            master.destroy();
        }
        GcksServer server = null;
        try {
            server = start(p, c, data, out);
            if (stopAfterStart) {
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            GcksServer running = server;
            // SIGTERM/SIGINT: the JVM runs this hook and halts; the store is closed here, not below
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                running.close();
                closeStore(store, err);
                stopped.countDown();
            }, "gkm-serve-shutdown"));
            stopped.await();
            return 0;
        } catch (IOException e) {
            err.println("gkm serve: cannot listen: " + e.getMessage());
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

    private static void closeStore(GroupStore store, PrintWriter err) {
        try {
            store.close();
        } catch (StoreException e) {
            err.println("gkm serve: closing the store: " + e.getMessage());
            err.flush();
        }
    }

    private static GcksServer start(CryptoProvider p, ServeConfig c, Path data, PrintWriter out) throws IOException {
        InetAddress bind = InetAddress.getByName(c.bind());
        ServerOptions options = ServerOptions.defaults()
                .withNet(ServerConfig.defaults().withBind(new InetSocketAddress(bind, c.port())))
                .withHttp(new InetSocketAddress(bind, c.httpPort())).withUnacked(c.unackedLimit(), c.ejectUnacked())
                .withTekLifetime(java.time.Duration.ofSeconds(c.tekLifetimeSeconds()));
        GcksServer server = GcksServer.start(p, options, new GcksMetrics());
        try {
            LocalAuthority authority = LocalAuthority.create(p, System.currentTimeMillis());
            for (ServeConfig.GroupConfig g : c.groups()) {
                GroupPolicy policy = GroupPolicy.defaults().withDegree(g.degree())
                        .withTreeMode(g.tree().equals("hybrid") ? GroupPolicy.TreeMode.HYBRID : GroupPolicy.TreeMode.SYMMETRIC_ONLY);
                GkmpGroupId id = new GkmpGroupId(g.id());
                server.host(authority.setup(id, g.maxMembers()), InMemoryGroupBackend.create(p, policy, GroupId.of("gkmp-" + g.id()), 1,
                        g.retainedMessages()));
            }
            server.closeWith(AdminEndpoint.start(p, server, authority,
                    (id, policy, retained) -> InMemoryGroupBackend.create(p, policy, GroupId.of("gkmp-" + id.value()), 1, retained),
                    data, 0));
            out.printf("gkm serve: frames on %s, HTTP (resync, /metrics) on %s, %d group(s), provider %s%n", server.address(),
                    server.httpAddress(), c.groups().size(), p.name());
            out.println("gkm serve: admin endpoint on loopback, token in " + data.resolve(AdminToken.FILE_NAME));
            out.println("gkm serve: group state is held in memory (the durable backend is not wired yet); a restart starts afresh");
            out.flush();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
