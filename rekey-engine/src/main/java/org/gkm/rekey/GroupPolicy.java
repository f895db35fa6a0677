package org.gkm.rekey;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.SignatureAlgorithm;

/**
 * The group policy of one group: tree shape and mode, algorithms, TEK change rule, privileges and
 * key lifetimes. Immutable; {@code memberPrivileges} is copied in and out.
 *
 * <p>Invariants: {@code 2 <= degree <= 64}; the root key type is X25519 or RSA-3072 (claim 1, OAEP
 * for the TEK under the root public key, claim 4); the signature algorithm is Ed25519 or ECDSA
 * P-256; lifetimes are positive.
 *
 * @param degree children per interior node d (LKH optimum for leave cost: 4)
 * @param treeMode symmetric-only (no key pairs: the GCKS's high-throughput case) or hybrid (every
 *     node and client also has an X25519 key pair, needed for member-initiated operations)
 * @param rootKeyType type of the root key pair (hybrid mode only)
 * @param tekChange how a scheduled TEK change is made: a new revision (one-way function, no
 *     ciphertext, claim 16) or a new version (fresh TEK wrapped under the root KEK)
 * @param signatureAlgorithm algorithm of the GCKS / initiator signing keys on rekey messages
 * @param memberPrivileges privileges every member holds without presenting a grant (claim 15)
 * @param keyLifetimeSeconds lifetime announced for node and client keys (RFC 4046 sec. 5.8)
 * @param tekLifetimeSeconds lifetime announced for the TEK
 */
public record GroupPolicy(int degree, TreeMode treeMode, KeyType rootKeyType, TekChangeMode tekChange,
        SignatureAlgorithm signatureAlgorithm, Set<Privilege> memberPrivileges,
        long keyLifetimeSeconds, long tekLifetimeSeconds) {

    /** Smallest and largest supported degree. */
    public static final int MIN_DEGREE = 2;
    public static final int MAX_DEGREE = 64;

    /** Whether tree nodes carry key pairs. */
    public enum TreeMode {
        /** Symmetric keys only: owner-initiated operations only, fastest. */
        SYMMETRIC_ONLY,
        /** Symmetric KEK plus X25519 key pair on every node and client (claims 1, 9). */
        HYBRID
    }

    /** How a scheduled TEK change is made (claim 7: a TEK has a version and a revision). */
    public enum TekChangeMode {
        /** revision + 1: TEK' = one-way function of TEK; nothing to transmit but the notice. */
        REVISION,
        /** version + 1: a fresh random TEK wrapped under the root KEK. */
        VERSION
    }

    public GroupPolicy {
        Objects.requireNonNull(treeMode, "treeMode");
        Objects.requireNonNull(rootKeyType, "rootKeyType");
        Objects.requireNonNull(tekChange, "tekChange");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        if (degree < MIN_DEGREE || degree > MAX_DEGREE) {
            throw new IllegalArgumentException("degree must be in " + MIN_DEGREE + ".." + MAX_DEGREE + ": " + degree);
        }
        if (rootKeyType != KeyType.X25519 && rootKeyType != KeyType.RSA_3072) {
            throw new IllegalArgumentException("root key type must be X25519 or RSA_3072: " + rootKeyType);
        }
        if (signatureAlgorithm.keyType() != KeyType.ED25519 && signatureAlgorithm.keyType() != KeyType.P256) {
            throw new IllegalArgumentException("signature algorithm must be Ed25519 or ECDSA P-256: " + signatureAlgorithm);
        }
        if (keyLifetimeSeconds <= 0 || tekLifetimeSeconds <= 0) {
            throw new IllegalArgumentException("lifetimes must be positive");
        }
        memberPrivileges = memberPrivileges.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(memberPrivileges));
    }

    /** d = 4, symmetric-only, X25519 root, TEK revisions, Ed25519, no member privileges, 1 day / 1 hour. */
    public static GroupPolicy defaults() {
        return new GroupPolicy(4, TreeMode.SYMMETRIC_ONLY, KeyType.X25519, TekChangeMode.REVISION,
                SignatureAlgorithm.ED25519, Set.of(), 86_400, 3_600);
    }

    public GroupPolicy withDegree(int d) {
        return new GroupPolicy(d, treeMode, rootKeyType, tekChange, signatureAlgorithm, memberPrivileges,
                keyLifetimeSeconds, tekLifetimeSeconds);
    }

    public GroupPolicy withTreeMode(TreeMode m) {
        return new GroupPolicy(degree, m, rootKeyType, tekChange, signatureAlgorithm, memberPrivileges,
                keyLifetimeSeconds, tekLifetimeSeconds);
    }

    public GroupPolicy withRootKeyType(KeyType t) {
        return new GroupPolicy(degree, treeMode, t, tekChange, signatureAlgorithm, memberPrivileges,
                keyLifetimeSeconds, tekLifetimeSeconds);
    }

    public GroupPolicy withTekChange(TekChangeMode m) {
        return new GroupPolicy(degree, treeMode, rootKeyType, m, signatureAlgorithm, memberPrivileges,
                keyLifetimeSeconds, tekLifetimeSeconds);
    }

    public GroupPolicy withSignatureAlgorithm(SignatureAlgorithm a) {
        return new GroupPolicy(degree, treeMode, rootKeyType, tekChange, a, memberPrivileges,
                keyLifetimeSeconds, tekLifetimeSeconds);
    }

    public GroupPolicy withMemberPrivileges(Set<Privilege> p) {
        return new GroupPolicy(degree, treeMode, rootKeyType, tekChange, signatureAlgorithm, p,
                keyLifetimeSeconds, tekLifetimeSeconds);
    }

    /** Whether nodes and clients carry key pairs. */
    public boolean hybrid() {
        return treeMode == TreeMode.HYBRID;
    }
}
