package org.gkm.gkmp.engine;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.gkm.crypto.AeadAlgorithm;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.VerificationException;
import org.gkm.gkmp.log.GroupLog;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Frame;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.pki.Certificates;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.Identity;
import org.gkm.gkmp.pki.PermissionCertificate;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.Signatures;
import org.gkm.gkmp.pki.TrustAnchor;

/**
 * What the controller and member sides of one node share: provider, own credentials, the security
 * manager's anchor, the local CRL, the key table, the log, the replay and key-share memories, and
 * the check helpers each state uses. Package-private plumbing of {@link GkmpNode}.
 */
final class NodeContext {
    /** Purpose label of source signatures over frames (sec. 3.8, 3.10). */
    static final String FRAME_PURPOSE = "frame";

    final CryptoProvider p;
    final KeySchedule ks;
    final Credentials me;
    final TrustAnchor anchor;
    final KeyTable table = new KeyTable();
    final GroupLog log;
    final OutboundHook hook;
    final TreePathSource treePaths;
    final long timeoutMillis;
    Crl crl;
    private final Set<ByteBuffer> seenFrames = new HashSet<>();
    private final Set<ByteBuffer> seenShares = new HashSet<>();
    private final Set<ByteBuffer> seenNonces = new HashSet<>();

    NodeContext(CryptoProvider p, Credentials me, TrustAnchor anchor, Crl crl, GroupLog log, OutboundHook hook,
            TreePathSource treePaths, long timeoutMillis) {
        this.p = Objects.requireNonNull(p, "provider");
        this.ks = new KeySchedule(p);
        this.me = Objects.requireNonNull(me, "credentials");
        this.anchor = Objects.requireNonNull(anchor, "anchor");
        this.crl = Objects.requireNonNull(crl, "crl");
        this.log = Objects.requireNonNull(log, "log");
        this.hook = Objects.requireNonNull(hook, "hook");
        this.treePaths = Objects.requireNonNull(treePaths, "treePaths");
        this.timeoutMillis = timeoutMillis;
    }

    EntityId id() {
        return me.id();
    }

    static ByteBuffer key(byte[] b) {
        return ByteBuffer.wrap(b.clone());
    }

    byte[] frameHash(byte[] frame) {
        return ks.hash(frame);
    }

    boolean seenFrame(byte[] frame) {
        return seenFrames.contains(key(frameHash(frame)));
    }

    void markSeen(byte[] frame) {
        seenFrames.add(key(frameHash(frame)));
    }

    /** Single-use key shares (sec. 6.1.2): a share seen before, from anyone, is refused. */
    void checkFreshShare(byte[]... shares) throws VerificationException {
        for (byte[] s : shares) {
            if (seenShares.contains(key(s))) {
                throw new VerificationException(Check.KEY_SHARE_REUSED, "key share used before");
            }
        }
    }

    void rememberShares(byte[]... shares) {
        for (byte[] s : shares) {
            seenShares.add(key(s));
        }
    }

    void checkFreshNonce(byte[] nonce) throws VerificationException {
        if (seenNonces.contains(key(nonce))) {
            throw new VerificationException(Check.REPLAY, "nonce used before");
        }
    }

    void rememberNonce(byte[] nonce) {
        seenNonces.add(key(nonce));
    }

    /** "The source address is checked to ensure it is not on the CRL" (states 1, 2, 5). */
    void checkNotRevoked(EntityId source) throws VerificationException {
        if (crl.isRevoked(source)) {
            throw new VerificationException(Check.CRL_SOURCE, source + " is on CRL version " + crl.version());
        }
    }

    /**
     * The source of a signed frame: its certificate verifies against the security manager and names
     * the header's sender; the signature over the frame prefix verifies; the source is not on the
     * CRL (states 2, 5, 11, 12, 13).
     */
    Identity verifySource(Header h, byte[] cert, byte[] signedBytes, byte[] signature, long now) throws VerificationException {
        Identity id = Certificates.verify(p, anchor, cert, now);
        if (!id.id().equals(h.sender())) {
            throw new VerificationException(Check.CERTIFICATE, "certificate names " + id.id() + ", frame says " + h.sender());
        }
        Signatures.verify(p, id.key(), FRAME_PURPOSE, signedBytes, signature, Check.SOURCE_SIGNATURE);
        checkNotRevoked(id.id());
        return id;
    }

    byte[] sign(byte[] tbs) {
        return Signatures.sign(p, me.signingKey(), FRAME_PURPOSE, tbs);
    }

    /** AES-256-GCM with the frame prefix (header and clear fields) as associated data. */
    byte[] seal(SecretBytes key, Header h, Messages.Body bodyWithoutTail, byte[] plaintext) {
        try {
            return p.aead().encrypt(AeadAlgorithm.AES_256_GCM, key, plaintext, Codec.prefix(h, bodyWithoutTail));
        } catch (CryptoException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    byte[] open(SecretBytes key, Frame f, byte[] ciphertext) throws VerificationException {
        try {
            return p.aead().decrypt(AeadAlgorithm.AES_256_GCM, key, ciphertext, Codec.prefix(f.header(), f.body()));
        } catch (CryptoException | IllegalStateException e) {
            throw new VerificationException(Check.DECRYPTION, "decryption or integrity check failed");
        }
    }

    /** The permission certificate checks of states 3, 4, 6, 7, 10: SM signature, subject, role, then meet-or-exceed. */
    void checkSourcePermissions(PermissionCertificate pc, EntityId source, Role role, GroupToken token, long now)
            throws VerificationException {
        pc.verify(p, anchor, source, role, now);
        if (!pc.permissions().meetsOrExceeds(token.groupPermissions())) {
            throw new VerificationException(Check.SOURCE_PERMISSIONS, source + " permissions do not meet the group's");
        }
    }

    /** "The local permissions are compared to the permissions specified for the group" (states 1, 3, 6, 10). */
    void checkLocalPermissions(GroupToken token) throws VerificationException {
        if (!me.permissions().permissions().meetsOrExceeds(token.groupPermissions())) {
            throw new VerificationException(Check.LOCAL_PERMISSIONS, "local permissions do not meet the group's");
        }
    }

    /** Token validation (signature, commander) and the GC id check (states 3, 6, 10). */
    void checkToken(GroupToken token, GkmpGroupId group, EntityId controller, long now) throws VerificationException {
        token.verify(p, anchor, crl, now);
        if (!token.groupId().equals(group)) {
            throw new VerificationException(Check.GROUP_ID, "token is for " + token.groupId() + ", exchange for " + group);
        }
        if (!token.controllerId().equals(controller)) {
            throw new VerificationException(Check.CONTROLLER_ID, "token names GC " + token.controllerId() + ", source is " + controller);
        }
    }

    /** Wraps a decode of an authenticated plaintext: a bad encoding inside a valid AEAD is a failed integrity check. */
    interface Decoder<T> {
        T decode(byte[] b) throws MalformedMessageException;
    }

    static <T> T decodeInner(Decoder<T> d, byte[] plaintext) throws VerificationException {
        try {
            return d.decode(plaintext);
        } catch (MalformedMessageException | IllegalArgumentException e) {
            throw new VerificationException(Check.DECRYPTION, "decrypted content malformed");
        }
    }
}
