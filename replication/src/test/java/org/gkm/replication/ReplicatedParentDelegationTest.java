package org.gkm.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.net.ServerConfig;
import org.gkm.gcks.server.GcksMetrics;
import org.gkm.gcks.server.GcksServer;
import org.gkm.gcks.server.GroupSetup;
import org.gkm.gcks.server.GroupStatus;
import org.gkm.gcks.server.GroupTiming;
import org.gkm.gcks.server.InMemoryGroupBackend;
import org.gkm.gcks.server.ParentLink;
import org.gkm.gcks.server.ReplicaHosting;
import org.gkm.gcks.server.ServerOptions;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.GroupCommander;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.delegation.SubtreeLink;
import org.gkm.rekey.message.GroupId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replicated delegating parent (claim 18 over Raft): the parent group is one Raft group on three
 * GCKS replicas, each following it ({@link GcksServer#follow}) with the same subtree link; a
 * subordinate GCKS reports to all three addresses. Reports reach the leader (a follower answers
 * NOT_LEADER naming it); the delegated subtrees and their newest report sequences are replicated
 * with the membership, so when the leader is stopped the new one shows the same parent view (same
 * subtree, same leaf member id, same last report) and takes the subtree's next report.
 */
class ReplicatedParentDelegationTest {
    private static final GkmpGroupId PARENT = new GkmpGroupId(1);
    private static final GkmpGroupId SUB = new GkmpGroupId(5);
    private static final GroupPolicy POLICY = GroupPolicy.defaults();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ReplicaHosting[] hostings = new ReplicaHosting[3];
    private final GcksServer[] parents = new GcksServer[3];
    private final byte[] linkKey = new byte[SubtreeLink.KEY_BYTES];

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        for (int i = 0; i < 3; i++) {
            if (parents[i] != null) {
                parents[i].close();
            }
            if (hostings[i] != null) {
                hostings[i].close();
            }
        }
        Arrays.fill(linkKey, (byte) 0);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private SubtreeLink link() {
        return new SubtreeLink(GroupId.of("parent"), 0, SecretBytes.copyOf(linkKey));
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private int leader() {
        for (int i = 0; i < 3; i++) {
            if (parents[i] != null && parents[i].hosts(PARENT)) {
                return i;
            }
        }
        return -1;
    }

    private static GroupStatus.Subtree subtree0(GcksServer s) {
        return s.status(PARENT).subtrees().stream().filter(t -> t.subtree() == 0).findFirst().orElse(null);
    }

    @Test
    void theSubtreesOfAReplicatedParentSurviveItsLeader() throws Exception {
        CryptoProvider p = CryptoProviders.get("openssl");
        byte[] k = p.random().bytes(SubtreeLink.KEY_BYTES);
        System.arraycopy(k, 0, linkKey, 0, k.length);
        Arrays.fill(k, (byte) 0);
        long t0 = System.currentTimeMillis();
        // the parent's replicas share their security manager and controller credentials, as gkm serve replicas share keys
        SecurityManagerAuthority sm = new SecurityManagerAuthority(p, EntityId.of("sm"), SignatureAlgorithm.ED25519, t0);
        Credentials gc = sm.enroll(EntityId.of("gcks"), SignatureAlgorithm.ED25519, Role.CONTROLLER, Permissions.of(3, "ops"), t0);
        Credentials cmd = sm.enroll(EntityId.of("commander"), SignatureAlgorithm.ED25519, Role.CONTROLLER, Permissions.of(9, "ops"), t0);
        Credentials founder = sm.enroll(EntityId.of("founder"), SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(3, "ops"), t0);
        List<ReplicaHosting.Replica> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replicas.add(new ReplicaHosting.Replica("r" + i, new InetSocketAddress("127.0.0.1", freePort()),
                    new InetSocketAddress("127.0.0.1", freePort())));
        }
        for (int i = 0; i < 3; i++) {
            hostings[i] = new RatisReplicaHosting.Factory().start(p, ReplicaCluster.MASTER, new ReplicaHosting.Settings("r" + i,
                    replicas, dir.resolve("r" + i), Duration.ofMillis(400), Duration.ofMillis(800)), List.of(PARENT));
            parents[i] = GcksServer.start(p, ServerOptions.defaults().withNet(ServerConfig.defaults()
                    .withBind(replicas.get(i).frames())), new GcksMetrics());
            parents[i].delegate(PARENT, Map.of(0, link()));
            parents[i].follow(hostings[i].open(PARENT, POLICY, 100), () -> new GroupSetup(PARENT, sm.anchor(), sm.crl(), gc,
                    new GroupCommander(p, cmd), founder, Permissions.of(2, "ops"), 100), null, GroupTiming.SERVER);
        }

        // the subordinate: a single GCKS reporting to every parent replica
        SecurityManagerAuthority subSm = new SecurityManagerAuthority(p, EntityId.of("sub-sm"), SignatureAlgorithm.ED25519, t0);
        Credentials subGc = subSm.enroll(EntityId.of("sub-gcks"), SignatureAlgorithm.ED25519, Role.CONTROLLER,
                Permissions.of(3, "ops"), t0);
        Credentials subCmd = subSm.enroll(EntityId.of("sub-commander"), SignatureAlgorithm.ED25519, Role.CONTROLLER,
                Permissions.of(9, "ops"), t0);
        Credentials subFounder = subSm.enroll(EntityId.of("sub-founder"), SignatureAlgorithm.ED25519, Role.MEMBER,
                Permissions.of(3, "ops"), t0);
        GcksServer sub = GcksServer.start(p, ServerOptions.defaults(), new GcksMetrics());
        open.add(sub);
        InMemoryGroupBackend subBackend = InMemoryGroupBackend.create(p, POLICY, GroupId.of("gkmp-" + SUB.value()), 1, 100);
        sub.host(new GroupSetup(SUB, subSm.anchor(), subSm.crl(), subGc, new GroupCommander(p, subCmd), subFounder,
                Permissions.of(2, "ops"), 100), subBackend);
        sub.reportTo(SUB, new ParentLink(replicas.stream().map(ReplicaHosting.Replica::frames).toList(), List.of(), PARENT.value(),
                POLICY, link()));

        await("a parent replica leads and took the subtree's first report", () -> {
            int l = leader();
            GroupStatus.Subtree s = l < 0 ? null : subtree0(parents[l]);
            return s != null && s.lastReport() == subBackend.sequence();
        });

        // a member registers at the subordinate: its report reaches the leader
        Credentials alice = subSm.enroll(EntityId.of("alice"), SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(3, "ops"), t0);
        MemberAgent a = new MemberAgent(p, alice, subSm.anchor(), subSm.crl(), new AgentConfig(sub.address(), null, SUB,
                EntityId.of("sub-gcks"), POLICY, Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        open.add(a);
        a.register();
        await("the leader took the report of alice's join", () -> {
            int l = leader();
            GroupStatus.Subtree s = l < 0 ? null : subtree0(parents[l]);
            return s != null && s.lastReport() == subBackend.sequence();
        });
        int old = leader();
        GroupStatus.Subtree before = subtree0(parents[old]);
        long parentSequence = parents[old].status(PARENT).sequence();

        // the leader stops: another replica leads, with the same delegated subtree (replicated membership)
        parents[old].close();
        parents[old] = null;
        hostings[old].close();
        hostings[old] = null;
        await("another parent replica leads", () -> leader() >= 0);
        int now = leader();
        assertNotEquals(old, now);
        assertEquals(before, subtree0(parents[now]), "the new leader's view of the subtree is the committed one");
        assertEquals(1, parents[now].status(PARENT).treeMembers());

        // the subtree's next change reaches the new leader and replaces the same leaf
        Credentials bob = subSm.enroll(EntityId.of("bob"), SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(3, "ops"), t0);
        MemberAgent b = new MemberAgent(p, bob, subSm.anchor(), subSm.crl(), new AgentConfig(sub.address(), null, SUB,
                EntityId.of("sub-gcks"), POLICY, Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        open.add(b);
        b.register();
        await("the new leader took the report of bob's join",
                () -> subtree0(parents[now]) != null && subtree0(parents[now]).lastReport() == subBackend.sequence());
        assertEquals(before.memberId(), subtree0(parents[now]).memberId());
        assertTrue(parents[now].status(PARENT).sequence() > parentSequence, "the new leader rekeyed the parent path");
    }
}
