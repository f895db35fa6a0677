package org.gkm.gcks.server;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
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
import org.gkm.rekey.store.InMemoryGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;

/**
 * Subtree delegation between GCKSs on loopback, for tests (claim 18): a parent GCKS whose group's
 * members are delegated subtrees, subordinate GCKSs ({@link GcksFixture}) reporting to it, the
 * subtrees' link keys (each server gets its own link object: a server destroys its links when it
 * closes), and waiting. {@link #close()} closes what it started, in reverse order, and zeroes the
 * link keys.
 */
final class DelegationFixture implements AutoCloseable {
    static final GroupPolicy POLICY = GroupPolicy.defaults();
    static final GroupId PARENT_ENGINE_GROUP = GroupId.of("parent");
    static final Duration WAIT = Duration.ofSeconds(20);

    final CryptoProvider p;
    final GkmpGroupId parentGroup;
    private final Map<Integer, byte[]> linkKeys = new HashMap<>();
    private final List<SubtreeLink> links = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    DelegationFixture(CryptoProvider p, GkmpGroupId parentGroup) {
        this.p = p;
        this.parentGroup = parentGroup;
    }

    /** The parent GCKS: a durable group over {@code store}, its membership kept in {@code saved}. */
    final class Parent implements AutoCloseable {
        final SecurityManagerAuthority sm;
        final GcksServer server;
        final GroupBackend backend;

        private Parent(InMemoryGroupStore store, AtomicReference<Membership> saved, boolean create, SnapshotPolicy snapshots,
                int... subtrees) throws Exception {
            long t0 = System.currentTimeMillis();
            sm = new SecurityManagerAuthority(p, EntityId.of("parent-sm"), SignatureAlgorithm.ED25519, t0);
            Credentials gc = sm.enroll(EntityId.of("parent-gcks"), SignatureAlgorithm.ED25519, Role.CONTROLLER,
                    Permissions.of(3, "ops"), t0);
            Credentials cmd = sm.enroll(EntityId.of("parent-commander"), SignatureAlgorithm.ED25519, Role.CONTROLLER,
                    Permissions.of(9, "ops"), t0);
            Credentials founder = sm.enroll(EntityId.of("parent-founder"), SignatureAlgorithm.ED25519, Role.MEMBER,
                    Permissions.of(3, "ops"), t0);
            backend = create ? DurableGroupBackend.create(store, p, POLICY, PARENT_ENGINE_GROUP, 1, snapshots)
                    : DurableGroupBackend.open(store, p, PARENT_ENGINE_GROUP, snapshots);
            server = GcksServer.start(p, ServerOptions.defaults(), new GcksMetrics());
            Map<Integer, SubtreeLink> delegated = new HashMap<>();
            for (int s : subtrees) {
                delegated.put(s, link(s));
            }
            server.delegate(parentGroup, delegated);
            server.host(new GroupSetup(parentGroup, sm.anchor(), sm.crl(), gc, new GroupCommander(p, cmd), founder,
                    Permissions.of(2, "ops"), 100), backend, new GroupPersistence(saved.get(), saved::set, null), GroupTiming.SERVER);
        }

        GroupStatus status() {
            return server.status(parentGroup);
        }

        GroupStatus.Subtree subtree(int id) {
            return status().subtrees().stream().filter(s -> s.subtree() == id).findFirst().orElse(null);
        }

        URI http() {
            return URI.create("http://" + server.httpAddress().getHostString() + ":" + server.httpAddress().getPort());
        }

        @Override
        public void close() {
            server.close();
            backend.close();
        }
    }

    /** A parent delegating {@code subtrees}, created in {@code store} or (not {@code create}) reopened from it. */
    Parent parent(InMemoryGroupStore store, AtomicReference<Membership> saved, boolean create, SnapshotPolicy snapshots,
            int... subtrees) throws Exception {
        Parent parent = new Parent(store, saved, create, snapshots, subtrees);
        open.add(parent);
        return parent;
    }

    /**
     * A subordinate GCKS whose group (durable, over {@code store}, created or reopened) is subtree
     * {@code subtree} of {@code parent}, with the parent's HTTP endpoint named when {@code withHttp}.
     */
    GcksFixture subordinate(Parent parent, int subtree, InMemoryGroupStore store, boolean create, boolean withHttp)
            throws Exception {
        GcksFixture fx = new GcksFixture(p.name(), ServerOptions.defaults(), POLICY, 100,
                (prov, policy, group) -> create ? DurableGroupBackend.create(store, prov, policy, group, 1, SnapshotPolicy.every(8))
                        : DurableGroupBackend.open(store, prov, group, SnapshotPolicy.every(8)),
                s -> { });
        fx.server.reportTo(GcksFixture.G, new ParentLink(List.of(parent.server.address()),
                withHttp ? List.of(parent.http()) : List.of(), parentGroup.value(), POLICY, link(subtree)));
        open.add(fx);
        return fx;
    }

    /** A link of {@code subtree} under its link key (a new object each time; destroyed at close). */
    SubtreeLink link(int subtree) {
        byte[] k = linkKeys.computeIfAbsent(subtree, s -> p.random().bytes(SubtreeLink.KEY_BYTES));
        SubtreeLink l = new SubtreeLink(PARENT_ENGINE_GROUP, subtree, SecretBytes.copyOf(k));
        links.add(l);
        return l;
    }

    /** A link of {@code subtree} under a fresh random key: not the subtree's. */
    SubtreeLink forgedLink(int subtree) {
        byte[] k = p.random().bytes(SubtreeLink.KEY_BYTES);
        SubtreeLink l = new SubtreeLink(PARENT_ENGINE_GROUP, subtree, SecretBytes.copyOf(k));
        Arrays.fill(k, (byte) 0);
        links.add(l);
        return l;
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until {@code parent} took subtree {@code id}'s report of {@code sub}'s committed state. */
    static void awaitTaken(Parent parent, int id, GcksFixture sub) throws InterruptedException {
        await("the parent took subtree " + id + "'s report of sequence " + sub.backend.sequence(), () -> {
            GroupStatus.Subtree s = parent.subtree(id);
            return s != null && s.lastReport() == sub.backend.sequence();
        });
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        links.forEach(SubtreeLink::destroy);
        linkKeys.values().forEach(k -> Arrays.fill(k, (byte) 0));
    }
}
