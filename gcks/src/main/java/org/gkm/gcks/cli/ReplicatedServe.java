package org.gkm.gcks.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.server.GcksMetrics;
import org.gkm.gcks.server.GcksServer;
import org.gkm.gcks.server.ReplicaHosting;
import org.gkm.gcks.server.ReplicatedGroup;
import org.gkm.gcks.server.admin.AdminEndpoint;
import org.gkm.gcks.server.admin.AdminToken;
import org.gkm.gcks.server.admin.LocalAuthority;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.log.GroupStoreLog;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.StoreException;
import org.gkm.store.sqlite.SqliteGroupStore;

/**
 * {@code gkm serve} with a {@code replication} section: one replica of a replicated GCKS. The
 * configured groups' key servers and memberships live in the replicated log ({@link ReplicaHosting},
 * found on the class path), under {@code <dataDirectory>/raft}; the process's own store
 * ({@code <dataDirectory>/gkm.db}, sealed under the master key) keeps only what is this replica's:
 * the server keys (the security manager's from the shared key file) and each group's GKMP
 * controller log of the periods it led. The process hosts a group while its replica leads it and
 * sends members to the leader otherwise ({@link GcksServer#follow}). Groups cannot be created at
 * run time here: every replica must be configured with them.
 */
final class ReplicatedServe {
    private ReplicatedServe() {
    }

    /** Runs the replica until the process is stopped; returns the exit status. The master key is destroyed here. */
    static int run(CryptoProvider p, ServeConfig c, SecretBytes master, Path base, boolean stopAfterStart, PrintWriter out,
            PrintWriter err) {
        Optional<ReplicaHosting.Factory> factory = ReplicaHosting.find();
        if (factory.isEmpty()) {
            master.destroy();
            err.println("gkm serve: refusing to start: this build has no replication (the replication module is not on the class path)");
            return 1;
        }
        Path data = base.resolve(c.dataDirectory());
        ReplicaHosting.Settings settings;
        GroupStore store;
        ServerKeys keys;
        SecretBytes smSeed = null;
        try {
            settings = settings(c, data, base);
            smSeed = MasterKeyFile.read(base.resolve(c.securityManagerKeyFile()), "security manager key file");
            if (!Files.isDirectory(data)) {
                Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            store = SealedGroupStore.open(SqliteGroupStore.open(data.resolve("gkm.db")), p, master);
        } catch (StoreException e) {
            master.destroy();
            destroy(smSeed);
            err.println("gkm serve: refusing to start: data directory " + data + ": " + ServeState.cause(e) + " (" + e.failure()
                    + ": " + e.getMessage() + ")");
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            master.destroy();
            destroy(smSeed);
            err.println("gkm serve: refusing to start: " + e.getMessage());
            return 1;
        }
        ReplicaHosting hosting = null;
        GcksServer server = null;
        try {
            Optional<ServerKeys> loaded = ServerKeys.load(store, p);
            keys = loaded.isPresent() ? loaded.get() : ServerKeys.generate(p, smSeed);
            if (loaded.isEmpty()) {
                keys.write(store);
            }
            List<GkmpGroupId> ids = c.groups().stream().map(g -> new GkmpGroupId(g.id())).toList();
            hosting = factory.get().start(p, master, settings, ids);
            // the store and the replica host hold their own copies: neither key stays for the life of the process
            master.destroy();
            destroy(smSeed);
            server = start(p, c, keys, store, hosting, data, base, out);
            if (stopAfterStart) {
                return 0;
            }
            GcksServer running = server;
            ReplicaHosting host = hosting;
            // a leader hands its groups' lead over as the server closes, before the replica host stops
            ServeCommand.awaitShutdown(() -> {
                running.close();
                host.close();
                ServeCommand.closeStore(store, err);
            });
            return 0;
        } catch (StoreException e) {
            err.println("gkm serve: refusing to start: data directory " + data + ": " + ServeState.cause(e) + " (" + e.failure()
                    + ": " + e.getMessage() + ")");
            return 1;
        } catch (MalformedMessageException e) {
            err.println("gkm serve: refusing to start: data directory " + data + ": corrupted record (" + e.getMessage() + ")");
            return 1;
        } catch (IOException e) {
            err.println("gkm serve: cannot start the replica: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("gkm serve: cannot start the replica: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            master.destroy();
            destroy(smSeed);
            if (server == null || stopAfterStart) {
                if (server != null) {
                    server.close();
                }
                if (hosting != null) {
                    hosting.close();
                }
                ServeCommand.closeStore(store, err);
            }
        }
    }

    private static ReplicaHosting.Settings settings(ServeConfig c, Path data, Path base) {
        ServeConfig.ReplicationConfig r = c.replication();
        List<ReplicaHosting.Replica> replicas = new ArrayList<>();
        for (ServeConfig.ReplicaConfig rc : r.replicas()) {
            replicas.add(new ReplicaHosting.Replica(rc.id(), org.gkm.gcks.server.admin.MemberCredential.parseAddress(rc.raft()),
                    org.gkm.gcks.server.admin.MemberCredential.parseAddress(rc.frames())));
        }
        ReplicaHosting.Tls tls = null;
        if (r.tls() != null) {
            Path cert = readable(base.resolve(r.tls().certificateFile()), "replication TLS certificate file");
            Path key = base.resolve(r.tls().privateKeyFile());
            MasterKeyFile.checkOwnerOnly(key, "replication TLS private key file");
            Path trust = readable(base.resolve(r.tls().trustFile()), "replication TLS trust file");
            tls = new ReplicaHosting.Tls(cert, key, trust);
        }
        return new ReplicaHosting.Settings(r.self(), replicas, data.resolve("raft"),
                Duration.ofMillis(r.electionTimeoutMillis().get(0)), Duration.ofMillis(r.electionTimeoutMillis().get(1)), tls);
    }

    private static Path readable(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " is not a readable file");
        }
        return file;
    }

    private static GcksServer start(CryptoProvider p, ServeConfig c, ServerKeys keys, GroupStore store, ReplicaHosting hosting,
            Path data, Path base, PrintWriter out) throws IOException, StoreException, MalformedMessageException {
        GcksServer server = GcksServer.start(p, ServeCommand.serverOptions(c), new GcksMetrics());
        server.advertiseReplicas(c.replication().replicas().stream()
                .map(r -> org.gkm.gcks.server.admin.MemberCredential.parseAddress(r.frames())).toList());
        server.onLeadership((g, leads, sequence) -> {
            out.printf("gkm serve: group %d: %s at sequence %d%n", g.value(),
                    leads ? "this replica leads, registering members" : "this replica no longer leads", sequence);
            out.flush();
        });
        try {
            LocalAuthority authority = LocalAuthority.fromKeys(p, keys.securityManager(), keys.controller(), System.currentTimeMillis());
            for (ServeConfig.GroupConfig g : c.groups()) {
                GkmpGroupId id = new GkmpGroupId(g.id());
                GroupPolicy policy = GroupPolicy.defaults().withDegree(g.degree())
                        .withTreeMode(g.tree().equals("hybrid") ? GroupPolicy.TreeMode.HYBRID : GroupPolicy.TreeMode.SYMMETRIC_ONLY);
                GroupStoreLog log = GroupStoreLog.open(store, ServeState.logId(g.id()));
                ReplicatedGroup replica = hosting.open(id, policy, g.retainedMessages());
                try {
                    ServeDelegation.apply(server, g, base);
                    server.follow(replica, () -> authority.setup(id, g.maxMembers()), log, g.timing());
                } catch (RuntimeException e) {
                    replica.backend().close();
                    throw e;
                }
                out.printf("gkm serve: group %d replicated over %d replica(s), this one %s%n", g.id(), c.replication().replicas().size(),
                        c.replication().self());
            }
            server.closeWith(AdminEndpoint.start(p, server, authority, (id, policy, maxMembers, retained, timing) -> {
                throw new IllegalStateException("groups of a replicated GCKS are configured on every replica, not created at run time");
            }, data, 0));
            out.printf("gkm serve: frames on %s, HTTP (resync, /metrics) on %s, %d group(s), provider %s, replica %s (Raft on %s)%n",
                    server.address(), server.httpAddress(), c.groups().size(), p.name(), c.replication().self(),
                    c.replication().replicas().stream().filter(r -> r.id().equals(c.replication().self())).findFirst().orElseThrow()
                            .raft());
            out.println("gkm serve: admin endpoint on loopback, token in " + data.resolve(AdminToken.FILE_NAME));
            out.println("gkm serve: replicated state in " + data.resolve("raft") + " (Raft log and snapshots, sealed under the master key)");
            out.flush();
            return server;
        } catch (IOException | StoreException | MalformedMessageException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static void destroy(SecretBytes s) {
        if (s != null) {
            s.destroy();
        }
    }

}
