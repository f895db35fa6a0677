package org.gkm.gkmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.engine.OutboundHook;
import org.gkm.gkmp.engine.SecurityManagerNode;
import org.gkm.gkmp.log.GroupLog;
import org.gkm.gkmp.log.InMemoryLogStore;
import org.gkm.gkmp.log.LogEntry;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.GroupAction;
import org.gkm.gkmp.pki.GroupCommander;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.JoinPolicy;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.gkmp.pki.VerifyingKey;

/**
 * Test fixture: a security manager (CA, permission certificates, CRL), a group commander, a group
 * controller "gc" and members m1-m5 (Ed25519 and ECDSA P-256 identities alternating), wired over
 * {@link Net}. Adjust {@link #hooks} and {@link #creds} before {@link #start()}.
 */
final class World {
    static final EntityId SM = EntityId.of("sm");
    static final EntityId CMD = EntityId.of("commander");
    static final EntityId GC = EntityId.of("gc");
    static final EntityId M1 = EntityId.of("m1");
    static final EntityId M2 = EntityId.of("m2");
    static final EntityId M3 = EntityId.of("m3");
    static final EntityId M4 = EntityId.of("m4");
    static final EntityId M5 = EntityId.of("m5");
    static final GkmpGroupId G1 = new GkmpGroupId(101);
    static final GkmpGroupId G2 = new GkmpGroupId(202);
    static final Permissions GROUP_PERMS = Permissions.of(2, "ops");
    static final long T0 = 1_700_000_000_000L;

    final CryptoProvider p;
    final SecurityManagerAuthority sm;
    final GroupCommander commander;
    final Credentials commanderCreds;
    final Map<EntityId, Credentials> creds = new LinkedHashMap<>();
    final Map<EntityId, OutboundHook> hooks = new HashMap<>();
    final Map<EntityId, org.gkm.gkmp.engine.TreePathSource> treePaths = new HashMap<>();
    final Net net;
    /** Capacity of each node's replay memories (set before {@link #start()}). */
    int replayWindow = GkmpNode.DEFAULT_REPLAY_WINDOW;
    /** Log records each node keeps in memory (set before {@link #start()}). */
    int logInMemory = GroupLog.DEFAULT_IN_MEMORY;
    /** Each node's log store: large enough to keep every record a test writes. */
    final Map<EntityId, InMemoryLogStore> stores = new HashMap<>();
    private final Map<MessageType, List<byte[]>> seen = new HashMap<>();

    World(CryptoProvider p) {
        this.p = p;
        this.sm = new SecurityManagerAuthority(p, SM, SignatureAlgorithm.ED25519, T0);
        this.commanderCreds = sm.enroll(CMD, SignatureAlgorithm.ECDSA_P256_SHA256_DER, Role.CONTROLLER, Permissions.of(9, "ops"), T0);
        this.commander = new GroupCommander(p, commanderCreds);
        creds.put(GC, sm.enroll(GC, SignatureAlgorithm.ED25519, Role.CONTROLLER, Permissions.of(3, "ops", "intel"), T0));
        SignatureAlgorithm[] algs = {SignatureAlgorithm.ECDSA_P256_SHA256_DER, SignatureAlgorithm.ED25519};
        EntityId[] ms = {M1, M2, M3, M4, M5};
        for (int i = 0; i < ms.length; i++) {
            creds.put(ms[i], sm.enroll(ms[i], algs[i % 2], Role.MEMBER, Permissions.of(3, "ops", "intel"), T0));
        }
        this.net = new Net(SM, new SecurityManagerNode(sm), T0);
    }

    /** Re-enrols {@code id} with other permissions (before {@link #start()}). */
    void enroll(EntityId id, Role role, Permissions perms) {
        creds.put(id, sm.enroll(id, SignatureAlgorithm.ED25519, role, perms, T0));
    }

    World start() {
        for (Map.Entry<EntityId, Credentials> e : creds.entrySet()) {
            InMemoryLogStore store = new InMemoryLogStore(1_000_000);
            stores.put(e.getKey(), store);
            net.add(GkmpNode.builder(p, e.getValue(), sm.anchor(), sm.crl()).timeoutMillis(10_000).checkpointEvery(4)
                    .replayWindow(replayWindow).logStore(store).logRecordsInMemory(logInMemory)
                    .hook(hooks.getOrDefault(e.getKey(), OutboundHook.NONE))
                    .treePaths(treePaths.getOrDefault(e.getKey(), org.gkm.gkmp.engine.TreePathSource.NONE)).build());
        }
        net.interceptor = (from, to, frame) -> {
            seen.computeIfAbsent(Codec.decode(frame).header().type(), k -> new ArrayList<>()).add(frame);
            return frame;
        };
        return this;
    }

    GkmpNode node(EntityId id) {
        return net.nodes.get(id);
    }

    /** Frames of one type seen in flight so far (before any test interceptor). */
    List<byte[]> seen(MessageType t) {
        return seen.getOrDefault(t, List.of());
    }

    /** Chains an interceptor after the recording one. */
    void intercept(Net.Interceptor i) {
        Net.Interceptor rec = net.interceptor;
        net.interceptor = (from, to, frame) -> {
            byte[] f = rec.intercept(from, to, frame);
            return f == null ? null : i.intercept(from, to, f);
        };
    }

    GroupToken token(GkmpGroupId g, GroupAction a, long version, List<EntityId> members, JoinPolicy jp, int max) {
        return commander.token(g, GC, a, GROUP_PERMS, 3600, version, members, jp, max);
    }

    GroupToken createToken(GkmpGroupId g) {
        return token(g, GroupAction.CREATE, 1, List.of(GC, M1, M2, M3), JoinPolicy.OPEN, 5);
    }

    static byte[] commandFrame(GroupToken t, EntityId to) {
        return Codec.encode(new Header(MessageType.COMMAND_CREATE_GROUP, t.groupId(), CMD, to), new Messages.CommandCreateGroup(t));
    }

    void command(GroupToken t) {
        net.inject(CMD, GC, commandFrame(t, GC));
        net.run();
    }

    /** Creates G1 with gc, m1 (first member), m2, m3 and checks it worked. */
    GroupToken createG1() {
        GroupToken t = createToken(G1);
        command(t);
        assertEquals(List.of(), net.allReports(), "group creation produced reports");
        assertHolds(G1, GC, M1, M2, M3);
        return t;
    }

    /** Every listed node holds the same keys for {@code g}. */
    void assertHolds(GkmpGroupId g, EntityId... ids) {
        String fp = node(ids[0]).keyFingerprint(g);
        assertTrue(fp != null, ids[0] + " holds no keys for " + g);
        for (EntityId id : ids) {
            assertEquals(fp, node(id).keyFingerprint(g), id + " holds other keys for " + g);
        }
    }

    VerifyingKey key(EntityId id) throws Exception {
        Credentials c = creds.get(id);
        return new VerifyingKey(p.keys().publicKey(c.signingKey().privateKey()), c.signingKey().algorithm());
    }

    /** Every node's whole log (the records in its store, then those in memory) verifies under its owner's key. */
    void assertLogsVerify() throws Exception {
        for (GkmpNode n : net.nodes.values()) {
            List<LogEntry> all = new ArrayList<>(stores.get(n.id()).records());
            all.addAll(n.log().entries());
            assertEquals(n.log().length(), all.size(), n.id() + ": records missing between store and memory");
            GroupLog.verify(p, key(n.id()), all);
        }
    }

    /**
     * Runs every function once, so that every message type crosses the network: create (with a
     * CRL fetch), rekey, member join, cooperative delete, hostile delete. Ends with every exchange
     * closed.
     */
    void runAllFunctions() {
        GroupToken t = token(G1, GroupAction.CREATE, 1, List.of(GC, M1, M2, M3, M4), JoinPolicy.OPEN, 6);
        command(t);
        command(commander.next(t, GroupAction.REKEY, 2));
        net.post(M5, node(M5).requestJoin(G1, GC, net.now));
        net.run();
        net.post(GC, node(GC).deleteMembers(G1, List.of(M3), net.now));
        net.run();
        sm.revoke(net.now, M4);
        net.inject(SM, GC, org.gkm.gkmp.message.Codec.encode(new Header(MessageType.CRL_UPDATE, G1, SM, GC),
                new Messages.CrlUpdate(sm.crl())));
        net.run();
        command(token(G2, GroupAction.CREATE, 1, List.of(GC, M1, M2, M5), JoinPolicy.CLOSED, 6));
        net.post(GC, node(GC).hostileDelete(G1, G2, 2, net.now));
        net.run();
        assertHolds(G2, GC, M1, M2, M5);
        for (GkmpNode n : net.nodes.values()) {
            assertEquals(0, n.openExchanges(), n.id() + " has an open exchange");
        }
    }
}
