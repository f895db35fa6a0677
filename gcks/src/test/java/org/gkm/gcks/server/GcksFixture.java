package org.gkm.gcks.server;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.GroupCommander;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.rekey.GroupPolicy;

/**
 * A GCKS on loopback hosting one group over an in-memory backend, with a security manager that
 * enrols members, and member agents; {@link #close()} closes every agent and the server.
 */
final class GcksFixture implements AutoCloseable {
    static final EntityId SM = EntityId.of("sm");
    static final EntityId GC = EntityId.of("gcks");
    static final GkmpGroupId G = new GkmpGroupId(7);
    static final Permissions PERMS = Permissions.of(2, "ops");

    final CryptoProvider p;
    final long t0 = System.currentTimeMillis();
    final SecurityManagerAuthority sm;
    final GroupPolicy policy;
    final GcksServer server;
    final GroupBackend backend;
    private final List<MemberAgent> agents = new ArrayList<>();

    /** Makes the hosted group's backend for the fixture's provider. */
    interface BackendFactory {
        GroupBackend open(CryptoProvider p, GroupPolicy policy, org.gkm.rekey.message.GroupId group) throws Exception;
    }

    GcksFixture(String provider, ServerOptions options, int retained) throws Exception {
        this(provider, options, (p, policy, group) -> InMemoryGroupBackend.create(p, policy, group, 1, retained));
    }

    GcksFixture(String provider, ServerOptions options, BackendFactory backends) throws Exception {
        this(provider, options, 1000, backends);
    }

    /** A fixture whose group admits {@code maxMembers} GKMP members (at most 65535). */
    GcksFixture(String provider, ServerOptions options, int maxMembers, BackendFactory backends) throws Exception {
        this(provider, options, GroupPolicy.defaults(), maxMembers, backends);
    }

    /** A fixture whose group has {@code policy} and admits {@code maxMembers} GKMP members. */
    GcksFixture(String provider, ServerOptions options, GroupPolicy policy, int maxMembers, BackendFactory backends)
            throws Exception {
        this(provider, options, policy, maxMembers, backends, s -> { });
    }

    /** As above; {@code beforeHost} configures the server before the group is hosted (delegation). */
    GcksFixture(String provider, ServerOptions options, GroupPolicy policy, int maxMembers, BackendFactory backends,
            java.util.function.Consumer<GcksServer> beforeHost) throws Exception {
        this.p = CryptoProviders.get(provider);
        this.policy = policy;
        this.sm = new SecurityManagerAuthority(p, SM, SignatureAlgorithm.ED25519, t0);
        Credentials gc = sm.enroll(GC, SignatureAlgorithm.ED25519, Role.CONTROLLER, Permissions.of(3, "ops", "intel"), t0);
        Credentials cmd = sm.enroll(EntityId.of("commander"), SignatureAlgorithm.ED25519, Role.CONTROLLER,
                Permissions.of(9, "ops", "intel"), t0);
        Credentials founder = sm.enroll(EntityId.of("founder"), SignatureAlgorithm.ED25519, Role.MEMBER,
                Permissions.of(3, "ops", "intel"), t0);
        this.server = GcksServer.start(p, options, new GcksMetrics());
        this.backend = backends.open(p, policy, org.gkm.rekey.message.GroupId.of("gkmp-" + G.value()));
        beforeHost.accept(server);
        server.host(new GroupSetup(G, sm.anchor(), sm.crl(), gc, new GroupCommander(p, cmd), founder, PERMS, maxMembers), backend);
    }

    GcksFixture(String provider) throws Exception {
        this(provider, ServerOptions.defaults(), 1000);
    }

    Credentials enroll(String id) {
        return enroll(id, Permissions.of(3, "ops", "intel"));
    }

    Credentials enroll(String id, Permissions perms) {
        return sm.enroll(EntityId.of(id), SignatureAlgorithm.ED25519, Role.MEMBER, perms, t0);
    }

    AgentConfig agentConfig() {
        URI http = server.httpAddress() == null ? null
                : URI.create("http://" + server.httpAddress().getHostString() + ":" + server.httpAddress().getPort());
        return new AgentConfig(server.address(), http, G, GC, policy, Duration.ofMillis(20), Duration.ofSeconds(2),
                Duration.ofSeconds(10));
    }

    /** An agent for {@code creds} (not registered yet), closed with the fixture. */
    MemberAgent agent(Credentials creds) {
        return agent(creds, agentConfig());
    }

    /** An agent for {@code creds} with {@code config} (not registered yet), closed with the fixture. */
    MemberAgent agent(Credentials creds, AgentConfig config) {
        MemberAgent a = new MemberAgent(p, creds, sm.anchor(), sm.crl(), config);
        agents.add(a);
        return a;
    }

    /** Enrols and registers {@code id}. */
    MemberAgent member(String id) throws Exception {
        MemberAgent a = agent(enroll(id));
        a.register();
        return a;
    }

    String serverTek() {
        return backend.tekFingerprint();
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (MemberAgent a : agents) {
            try {
                a.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        server.close();
        if (!server.isTerminated()) {
            throw new IllegalStateException("server threads still running");
        }
        if (first != null && !(first instanceof java.io.IOException)) {
            throw first;
        }
    }
}
