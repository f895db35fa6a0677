package org.gkm.gkmp.engine;

import java.util.Objects;
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
 * manager's anchor, the local CRL, the key table, the log, the bounded replay memories (frames,
 * key shares, time-stamped nonces), the authentication mark of the frame being handled, and the
 * check helpers each state uses. Package-private plumbing of {@link GkmpNode}.
 *
 * <p>The authentication mark: every handler runs the checks that establish where a frame comes
 * from and that it is fresh (certificate, signature, CRL, or decryption under a key only the
 * exchange's peer holds; binding to the exchange; freshness) and then calls {@link #consumed}.
 * A check that fails before that point rejects the frame (it may be a forgery, a replay, or meant
 * for another exchange); one that fails after it is an authenticated failure from the sender,
 * which ends the exchange with that sender (RFC 2093 sec. 5.2, 5.3, 5.5, 5.6, 5.10).
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
    /** How far a time-stamped request (join, delete) may be from the local clock, either way. */
    final long freshnessMillis;
    Crl crl;
    private final ReplayWindow frames;
    private final ReplayWindow shares;
    private final ReplayWindow nonces;
    private boolean authenticated;

    NodeContext(CryptoProvider p, Credentials me, TrustAnchor anchor, Crl crl, GroupLog log, OutboundHook hook,
            TreePathSource treePaths, long timeoutMillis, long freshnessMillis, int replayCapacity) {
        this.p = Objects.requireNonNull(p, "provider");
        this.ks = new KeySchedule(p);
        this.me = Objects.requireNonNull(me, "credentials");
        this.anchor = Objects.requireNonNull(anchor, "anchor");
        this.crl = Objects.requireNonNull(crl, "crl");
        this.log = Objects.requireNonNull(log, "log");
        this.hook = Objects.requireNonNull(hook, "hook");
        this.treePaths = Objects.requireNonNull(treePaths, "treePaths");
        this.timeoutMillis = timeoutMillis;
        this.freshnessMillis = freshnessMillis;
        this.frames = new ReplayWindow(replayCapacity);
        this.shares = new ReplayWindow(replayCapacity);
        this.nonces = new ReplayWindow(replayCapacity);
    }

    EntityId id() {
        return me.id();
    }

    byte[] frameHash(byte[] frame) {
        return ks.hash(frame);
    }

    // ---- the authentication mark and the replay memories ----

    /** Starts handling a frame: nothing authenticated yet. */
    void beginFrame() {
        authenticated = false;
    }

    /** Whether the frame being handled passed its authentication and freshness checks. */
    boolean frameAuthenticated() {
        return authenticated;
    }

    /**
     * The frame being handled is authenticated as its sender's and fresh: from here on a failed
     * check is the sender's, and the frame is consumed (a copy is a replay, whatever its signature
     * bytes).
     */
    void consumed(Frame f) {
        authenticated = true;
        frames.add(replayKey(f));
    }

    /** Whether a frame with the same signed content was consumed before (and is still remembered). */
    boolean seenBefore(Frame f) {
        return frames.contains(replayKey(f));
    }

    /**
     * What identifies a frame for replay detection: for a frame signed by its source (tail = signature)
     * the signed content (header and body without the signature), so a second valid signature over the
     * same content (ECDSA {@code s -> n - s}) is still the same frame; for a command the header and
     * the token's signed content; for a sealed frame all its bytes (a GCM tag cannot be changed without
     * the key; the signatures inside sealed frames are deduplicated on their content by the state's
     * freshness rule: token version, nonce, pending delete).
     */
    byte[] replayKey(Frame f) {
        Header h = f.header();
        switch (h.type()) {
            case CREATE_GRP_KEYS_1:
            case CREATE_GRP_KEYS_2:
            case CREATE_SESSION_KEK_1:
            case CREATE_SESSION_KEK_2:
            case REQUEST_GROUP_JOIN:
                return ks.hash(SIGNED_LABEL, Codec.prefix(h, f.body()));
            case COMMAND_CREATE_GROUP:
                return ks.hash(TOKEN_LABEL, Codec.header(h), ((Messages.CommandCreateGroup) f.body()).token().signedContent());
            default:
                return ks.hash(FRAME_LABEL, f.encoded());
        }
    }

    private static final byte[] SIGNED_LABEL = "replay signed".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TOKEN_LABEL = "replay token".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] FRAME_LABEL = "replay frame".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Single-use key shares (sec. 6.1.2): a share seen before, from anyone, is refused. */
    void checkFreshShare(byte[]... shares) throws VerificationException {
        for (byte[] s : shares) {
            if (this.shares.contains(s)) {
                throw new VerificationException(Check.KEY_SHARE_REUSED, "key share used before");
            }
        }
    }

    void rememberShares(byte[]... shares) {
        for (byte[] s : shares) {
            this.shares.add(s);
        }
    }

    /**
     * Freshness of a time-stamped request (join, delete): its time is within {@link #freshnessMillis}
     * of {@code now} and above the floor of the nonce window (STALE), and its nonce was not used
     * before (REPLAY). A copy of a request is thus refused while its nonce is remembered and, once
     * forgotten, by its time.
     */
    void checkFresh(byte[] nonce, long sentAtMillis, long now) throws VerificationException {
        if (sentAtMillis < now - freshnessMillis || sentAtMillis > now + freshnessMillis) {
            throw new VerificationException(Check.STALE, "sent at " + sentAtMillis + ", local time " + now);
        }
        if (sentAtMillis <= nonces.floor()) {
            throw new VerificationException(Check.STALE, "older than the replay window");
        }
        if (nonces.contains(nonce)) {
            throw new VerificationException(Check.REPLAY, "nonce used before");
        }
    }

    void rememberNonce(byte[] nonce, long sentAtMillis) {
        nonces.add(nonce, sentAtMillis);
    }

    /** Sizes of the replay memories: frames, key shares, nonces. */
    int[] replayMemory() {
        return new int[] {frames.size(), shares.size(), nonces.size()};
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
