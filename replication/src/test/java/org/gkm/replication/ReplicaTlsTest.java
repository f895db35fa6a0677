package org.gkm.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.gcks.server.ReplicaHosting;
import org.gkm.gcks.server.ReplicatedGroup;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS between replicas ({@link ReplicaHosting.Tls}): three replicas whose certificates one
 * CA signed form the Raft group and commit; a replica restarted with a certificate of another CA is
 * shut out (the other two keep committing, it gets nothing), and restarted with its own
 * certificate it catches up to the same state.
 */
class ReplicaTlsTest {
    private static final GkmpGroupId G = new GkmpGroupId(3);
    private static final GroupPolicy POLICY = GroupPolicy.defaults();

    @TempDir
    Path dir;

    private final ReplicaHosting[] hostings = new ReplicaHosting[3];
    private final ReplicatedGroup[] replicas = new ReplicatedGroup[3];
    private final List<ReplicaHosting.Replica> peers = new ArrayList<>();
    private CryptoProvider p;

    @AfterEach
    void stop() {
        for (ReplicaHosting h : hostings) {
            if (h != null) {
                h.close();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void start(int i, ReplicaHosting.Tls tls) throws Exception {
        hostings[i] = new RatisReplicaHosting.Factory().start(p, ReplicaCluster.MASTER, new ReplicaHosting.Settings("r" + i, peers,
                dir.resolve("r" + i), Duration.ofMillis(400), Duration.ofMillis(800), tls), List.of(G));
        replicas[i] = hostings[i].open(G, POLICY, 100);
    }

    private void stopReplica(int i) {
        hostings[i].close();
        hostings[i] = null;
        replicas[i] = null;
    }

    private ReplicatedGroup leader() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            for (ReplicatedGroup r : replicas) {
                if (r != null && r.readyToLead()) {
                    return r;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no replica came to lead");
    }

    private static void await(String what, Duration d, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private void join(ReplicatedGroup leader) throws Exception {
        ClientKeys k = ClientKeys.generate(EngineRandom.of(p), POLICY.hybrid());
        try {
            leader.backend().join(k);
        } finally {
            k.destroy();
        }
    }

    @Test
    void onlyReplicasOfTheClusterCaTakePart() throws Exception {
        p = CryptoProviders.get("openssl");
        TestCertificates cluster = new TestCertificates("gkm replicas");
        TestCertificates rogue = new TestCertificates("someone else");
        Path pki = Files.createDirectories(dir.resolve("pki"));
        Path trust = cluster.writeTrust(pki.resolve("ca.crt"));
        ReplicaHosting.Tls[] tls = new ReplicaHosting.Tls[3];
        for (int i = 0; i < 3; i++) {
            Path[] ck = cluster.issue("r" + i, pki);
            tls[i] = new ReplicaHosting.Tls(ck[0], ck[1], trust);
            peers.add(new ReplicaHosting.Replica("r" + i, new InetSocketAddress("127.0.0.1", freePort()),
                    new InetSocketAddress("127.0.0.1", freePort())));
        }
        for (int i = 0; i < 3; i++) {
            start(i, tls[i]);
        }
        ReplicatedGroup leader = leader();
        leader.backend().changeTek(); // the first leader's genesis is in; one more change
        join(leader);
        long seq = leader.backend().sequence();
        await("every replica applied the changes over TLS", Duration.ofSeconds(20), () -> {
            for (ReplicatedGroup r : replicas) {
                if (r.backend().sequence() != seq) {
                    return false;
                }
            }
            return true;
        });

        // a replica with a certificate the cluster's CA did not sign gets nothing, and changes nothing
        int out = leader == replicas[2] ? 1 : 2;
        stopReplica(out);
        Path[] rk = rogue.issue("r" + out + "-rogue", pki);
        start(out, new ReplicaHosting.Tls(rk[0], rk[1], rogue.writeTrust(pki.resolve("rogue-ca.crt"))));
        ReplicatedGroup shutOut = replicas[out];
        long before = shutOut.backend().sequence();
        join(leader);
        join(leader);
        long after = leader.backend().sequence();
        Thread.sleep(2_000);
        assertEquals(before, shutOut.backend().sequence(), "the replica with a foreign certificate received nothing");
        assertTrue(leader.leads(), "the two replicas of the cluster CA keep their leader");

        // with its own certificate again it catches up
        stopReplica(out);
        start(out, tls[out]);
        ReplicatedGroup back = replicas[out];
        await("the replica back with its own certificate caught up", Duration.ofSeconds(20),
                () -> back.backend().sequence() == after);
        assertEquals(leader.backend().tekFingerprint(), back.backend().tekFingerprint());
    }
}
