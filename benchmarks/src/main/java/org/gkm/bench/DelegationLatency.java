package org.gkm.bench;

import java.nio.file.Files;
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
import org.gkm.gcks.server.DurableGroupBackend;
import org.gkm.gcks.server.GcksMetrics;
import org.gkm.gcks.server.GcksServer;
import org.gkm.gcks.server.GroupBackend;
import org.gkm.gcks.server.GroupPersistence;
import org.gkm.gcks.server.GroupSetup;
import org.gkm.gcks.server.GroupStatus;
import org.gkm.gcks.server.GroupTiming;
import org.gkm.gcks.server.Membership;
import org.gkm.gcks.server.ParentLink;
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
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.store.sqlite.SqliteGroupStore;

/**
 * What subtree delegation between GCKS processes adds to a leave's latency (claim 18): a parent
 * GCKS and one subordinate on loopback, each group durable in its own SQLite store; members
 * registered at the subordinate are removed one at a time by the owner, and the clock runs from
 * the removal's return (the subtree's leave committed and published) until (a) the parent's receipt
 * confirmed the subtree's report (the parent committed its rekey above the leaf) and (b) the
 * subordinate relayed that parent rekey to its members. Prints each phase's minimum, median and
 * maximum.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar org.gkm.bench.DelegationLatency \
 *     [leaves=50] [provider=openssl]
 * </pre>
 *
 * The relay fetches the parent's messages every 100 ms (the parent has no push channel to its
 * subtrees), so (b) includes up to one poll interval; the report in (a) is sent as soon as the
 * subordinate published its rekey. Storage goes under {@code -Dgkm.bench.dir} (default
 * {@code java.io.tmpdir}).
 */
public final class DelegationLatency {
    private static final GkmpGroupId PARENT = new GkmpGroupId(1);
    private static final GkmpGroupId SUB = new GkmpGroupId(5);
    private static final GroupPolicy POLICY = GroupPolicy.defaults();

    private DelegationLatency() {
    }

    /** A GCKS's own security manager, controller, commander and founder credentials for one group. */
    private record Authority(SecurityManagerAuthority sm, GroupSetup setup, EntityId controller) {
        static Authority of(CryptoProvider p, String name, GkmpGroupId g, long t0) {
            SecurityManagerAuthority sm = new SecurityManagerAuthority(p, EntityId.of(name + "-sm"), SignatureAlgorithm.ED25519, t0);
            EntityId gcksId = EntityId.of(name + "-gcks");
            Credentials gc = sm.enroll(gcksId, SignatureAlgorithm.ED25519, Role.CONTROLLER, Permissions.of(3, "ops"), t0);
            Credentials cmd = sm.enroll(EntityId.of(name + "-commander"), SignatureAlgorithm.ED25519, Role.CONTROLLER,
                    Permissions.of(9, "ops"), t0);
            Credentials founder = sm.enroll(EntityId.of(name + "-founder"), SignatureAlgorithm.ED25519, Role.MEMBER,
                    Permissions.of(3, "ops"), t0);
            return new Authority(sm, new GroupSetup(g, sm.anchor(), sm.crl(), gc, new GroupCommander(p, cmd), founder,
                    Permissions.of(2, "ops"), 60_000), gcksId);
        }
    }

    public static void main(String[] args) throws Exception {
        int leaves = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        CryptoProvider p = CryptoProviders.get(args.length > 1 ? args[1] : "openssl");
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("gkm.bench.dir", System.getProperty("java.io.tmpdir"))),
                "gkm-delegation-latency");
        byte[] linkKey = p.random().bytes(SubtreeLink.KEY_BYTES);
        long t0 = System.currentTimeMillis();
        ServerOptions options = ServerOptions.defaults().withBatch(Duration.ZERO, 1);
        Authority pa = Authority.of(p, "parent", PARENT, t0);
        Authority sa = Authority.of(p, "sub", SUB, t0);
        List<MemberAgent> agents = new ArrayList<>();
        try (SqliteGroupStore parentStore = SqliteGroupStore.open(dir.resolve("parent.db"));
                SqliteGroupStore subStore = SqliteGroupStore.open(dir.resolve("sub.db"));
                GcksServer parent = GcksServer.start(p, options, new GcksMetrics());
                GcksServer sub = GcksServer.start(p, options, new GcksMetrics())) {
            GroupBackend pb = DurableGroupBackend.create(parentStore, p, POLICY, GroupId.of("gkmp-1"), 1, SnapshotPolicy.every(1000));
            parent.delegate(PARENT, Map.of(0, new SubtreeLink(GroupId.of("gkmp-1"), 0, SecretBytes.copyOf(linkKey))));
            parent.host(pa.setup(), pb, GroupPersistence.none(), GroupTiming.SERVER);
            GroupBackend sb = DurableGroupBackend.create(subStore, p, POLICY, GroupId.of("gkmp-5"), 1, SnapshotPolicy.every(1000));
            sub.host(sa.setup(), sb, GroupPersistence.none(), GroupTiming.SERVER);
            sub.reportTo(SUB, new ParentLink(List.of(parent.address()), List.of(), PARENT.value(), POLICY,
                    new SubtreeLink(GroupId.of("gkmp-1"), 0, SecretBytes.copyOf(linkKey))));
            Arrays.fill(linkKey, (byte) 0);
            for (int i = 0; i < leaves; i++) {
                Credentials c = sa.sm().enroll(EntityId.of("m" + i), SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(3, "ops"), t0);
                MemberAgent a = new MemberAgent(p, c, sa.sm().anchor(), sa.sm().crl(), new AgentConfig(sub.address(), null, SUB,
                        sa.controller(), POLICY, Duration.ofMillis(20), Duration.ofSeconds(10), Duration.ofSeconds(10)));
                a.register();
                agents.add(a);
            }
            // settle: every registration's report taken and the parent's rekeys relayed
            long settled = -1;
            while (settled != pb.sequence() || relayed(sub) != pb.sequence()) {
                settled = pb.sequence();
                Thread.sleep(300);
            }
            double[] report = new double[leaves];
            double[] relay = new double[leaves];
            for (int i = 0; i < leaves; i++) {
                long parentBefore = pb.sequence();
                long leave = sub.remove(SUB, EntityId.of("m" + i)); // returns once committed and published
                long start = System.nanoTime();
                await(() -> confirmed(sub) >= leave);
                report[i] = (System.nanoTime() - start) / 1e6;
                await(() -> relayed(sub) > parentBefore);
                relay[i] = (System.nanoTime() - start) / 1e6;
            }
            System.out.printf("delegation latency, %d leaves at the subordinate, durable SQLite stores, %s, loopback%n", leaves, p.name());
            print("subtree leave committed -> parent's receipt (parent rekey committed)", report);
            print("subtree leave committed -> parent rekey relayed to the subtree's members", relay);
        } finally {
            for (MemberAgent a : agents) {
                a.close();
            }
        }
    }

    private static long confirmed(GcksServer sub) {
        GroupStatus.Parent s = sub.parentStatus(SUB).orElseThrow();
        return s.confirmedReport();
    }

    private static long relayed(GcksServer sub) {
        return sub.parentStatus(SUB).orElseThrow().relayedThrough();
    }

    private static void print(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("  %-75s min %.2f ms, median %.2f ms, max %.2f ms%n", what, s[0], s[s.length / 2], s[s.length - 1]);
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out");
            }
            Thread.onSpinWait();
            Thread.sleep(0, 100_000);
        }
    }
}
