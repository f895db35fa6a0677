package org.gkm.gcks.server.admin;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gcks.server.GroupSetup;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.GroupCommander;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.gkmp.pki.SigningKey;
import org.gkm.gkmp.pki.TrustAnchor;
import org.gkm.gkmp.pki.VerifyingKey;

/**
 * The security manager local to a {@code gkm serve} process (for demos and tests): it certifies the
 * GCKS's own GKMP entities (controller, group commander, the in-process founder of every group) and
 * issues member credentials on the owner's request ({@code gkm admin issue}). Its keys live in
 * memory ({@link #create}) or come from the durable store ({@link #fromKeys}, {@code gkm serve}),
 * so credentials issued before a restart still verify.
 * Every group it sets up requires {@link #MEMBER_PERMISSIONS}; every member it issues holds them.
 * Thread-safe.
 */
public final class LocalAuthority {
    public static final EntityId SECURITY_MANAGER = EntityId.of("local-sm");
    public static final EntityId CONTROLLER = EntityId.of("gcks");
    /** What a member's permission certificate grants and what every group requires. */
    public static final Permissions MEMBER_PERMISSIONS = Permissions.of(1, "members");
    private static final Permissions GCKS_PERMISSIONS = Permissions.of(255, "members");

    private final CryptoProvider provider;
    private final SecurityManagerAuthority sm;
    private final Credentials controller;
    private final GroupCommander commander;
    private final Credentials founder;
    /** (group, member) pairs issued: one credential per member and group. */
    private final Set<String> issued = new HashSet<>();

    private LocalAuthority(CryptoProvider provider, SecurityManagerAuthority sm, Credentials controller, long nowMillis) {
        this.provider = provider;
        this.sm = sm;
        this.controller = controller;
        this.commander = new GroupCommander(provider,
                sm.enroll(EntityId.of("gcks-commander"), SignatureAlgorithm.ED25519, Role.CONTROLLER, GCKS_PERMISSIONS, nowMillis));
        this.founder = sm.enroll(EntityId.of("gcks-founder"), SignatureAlgorithm.ED25519, Role.MEMBER, GCKS_PERMISSIONS, nowMillis);
    }

    /** A new authority with fresh keys (in memory only: tests and in-memory servers). */
    public static LocalAuthority create(CryptoProvider provider, long nowMillis) {
        Objects.requireNonNull(provider);
        SecurityManagerAuthority sm = new SecurityManagerAuthority(provider, SECURITY_MANAGER, SignatureAlgorithm.ED25519, nowMillis);
        Credentials controller = sm.enroll(CONTROLLER, SignatureAlgorithm.ED25519, Role.CONTROLLER, GCKS_PERMISSIONS, nowMillis);
        return new LocalAuthority(provider, sm, controller, nowMillis);
    }

    /**
     * The authority of a durable server: the security manager's and the controller's Ed25519 key
     * pairs come from the store, so certificates issued before a restart still verify and members
     * still recognise the controller. The controller's certificates are re-issued over the same key;
     * the group commander and the in-process founder are enrolled afresh (nothing outside the
     * process holds their certificates).
     */
    public static LocalAuthority fromKeys(CryptoProvider provider, KeyPair securityManager, KeyPair controllerKey, long nowMillis) {
        Objects.requireNonNull(provider);
        SecurityManagerAuthority sm = new SecurityManagerAuthority(provider, SECURITY_MANAGER, SignatureAlgorithm.ED25519,
                securityManager, nowMillis);
        Credentials controller = new Credentials(CONTROLLER, new SigningKey(controllerKey.privateKey(), SignatureAlgorithm.ED25519),
                sm.issueCertificate(CONTROLLER, new VerifyingKey(controllerKey.publicKey(), SignatureAlgorithm.ED25519), nowMillis),
                sm.issuePermissions(CONTROLLER, Role.CONTROLLER, GCKS_PERMISSIONS, nowMillis + 365L * 24 * 3600 * 1000));
        return new LocalAuthority(provider, sm, controller, nowMillis);
    }

    /** What the GCKS needs to host group {@code id} under this authority. */
    public synchronized GroupSetup setup(GkmpGroupId id, int maxMembers) {
        return new GroupSetup(id, sm.anchor(), sm.crl(), controller, commander, founder, MEMBER_PERMISSIONS, maxMembers);
    }

    /**
     * Enrols {@code member} of {@code group}: a fresh key pair of {@code alg}, its X.509 certificate and
     * a member permission certificate, both valid for a year.
     *
     * @throws IllegalStateException a credential for that member of that group was issued already
     */
    public synchronized Credentials issue(GkmpGroupId group, EntityId member, SignatureAlgorithm alg, long nowMillis) {
        return issue(group, member, alg, java.util.List.of(), nowMillis);
    }

    /**
     * As {@link #issue(GkmpGroupId, EntityId, SignatureAlgorithm, long)}, with the member rights
     * {@code rights} ({@link org.gkm.gcks.server.MemberRights}: what member-initiated operations the
     * member may request) in its permission certificate besides the group's member permissions.
     *
     * @throws IllegalArgumentException a right that is not a member right
     */
    public synchronized Credentials issue(GkmpGroupId group, EntityId member, SignatureAlgorithm alg,
            java.util.Collection<String> rights, long nowMillis) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(MEMBER_PERMISSIONS.rights());
        for (String r : rights) {
            if (!org.gkm.gcks.server.MemberRights.RIGHTS.containsKey(r)) {
                throw new IllegalArgumentException("unknown right " + r + "; member rights are "
                        + org.gkm.gcks.server.MemberRights.RIGHTS.keySet());
            }
            names.add(r);
        }
        if (member.equals(CONTROLLER) || member.equals(founder.id()) || member.equals(commander.id()) || member.equals(SECURITY_MANAGER)) {
            throw new IllegalArgumentException(member + " is a name of the GCKS");
        }
        if (!issued.add(group.value() + "/" + member.value())) {
            throw new IllegalStateException("a credential for " + member + " in " + group + " was issued already");
        }
        return sm.enroll(member, alg, Role.MEMBER, new Permissions(MEMBER_PERMISSIONS.level(), names), nowMillis);
    }

    public TrustAnchor anchor() {
        return sm.anchor();
    }

    public synchronized Crl crl() {
        return sm.crl();
    }

    /** The GCKS's controller id (members address their join to it). */
    public EntityId controllerId() {
        return controller.id();
    }

    /** The controller's X.509 certificate: the key that signs the audit log's checkpoints. */
    public byte[] controllerCertificate() {
        return controller.certificate();
    }

    CryptoProvider provider() {
        return provider;
    }
}
