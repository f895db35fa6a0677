package org.gkm.gcks.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.AuthorizationException;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.InitiatorView;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.UnknownMemberException;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.StoredMessage;

/**
 * A {@link GroupBackend} in memory: a {@link GroupKeyServer}, a {@link RekeyMessageSealer} under a
 * fresh signing key, and the last {@code retained} committed messages (older ones are "compacted
 * past"). For tests and for {@code gkm serve} until the durable backend is wired: a restart loses
 * the group. Thread-safe (every method is synchronized).
 */
public final class InMemoryGroupBackend implements GroupBackend {
    private final GroupKeyServer server;
    private final RekeyMessageSealer sealer;
    private final KeyPair signing;
    private final PublicKey signingPublicKey;
    private final int retained;
    private final ArrayDeque<StoredMessage> messages = new ArrayDeque<>();
    /** The last sequence number whose message was dropped (0: none). */
    private long compactedThrough;
    private boolean closed;

    private InMemoryGroupBackend(GroupKeyServer server, RekeyMessageSealer sealer, KeyPair signing, int retained) {
        this.server = server;
        this.sealer = sealer;
        this.signing = signing;
        this.signingPublicKey = signing.publicKey();
        this.retained = retained;
    }

    /**
     * An empty group (no member yet) of {@code policy}.
     *
     * @param retained how many committed messages resync can still hand out (at least 1)
     */
    public static InMemoryGroupBackend create(CryptoProvider provider, GroupPolicy policy, GroupId group, long epoch,
            int retained) {
        if (retained < 1) {
            throw new IllegalArgumentException("retained must be positive");
        }
        GroupKeyServer server = GroupKeyServer.create(provider, policy, group, EngineRandom.of(provider), 0, epoch);
        KeyPair kp = provider.keys().generate(policy.signatureAlgorithm().keyType());
        RekeyMessageSealer sealer = new RekeyMessageSealer(provider, policy.signatureAlgorithm(), kp.privateKey(),
                GroupKeyServer.GCKS_SENDER);
        return new InMemoryGroupBackend(server, sealer, kp, retained);
    }

    @Override
    public GroupId group() {
        return server.group();
    }

    @Override
    public GroupPolicy policy() {
        return server.policy();
    }

    @Override
    public synchronized CommittedRekey join(ClientKeys joiner) throws BackendException {
        return commit(() -> server.join(Requester.owner(), joiner));
    }

    @Override
    public synchronized CommittedRekey leave(int memberId) throws BackendException {
        return commit(() -> server.leave(Requester.owner(), memberId));
    }

    @Override
    public synchronized CommittedRekey batch(List<ClientKeys> joiners, int[] leavers) throws BackendException {
        if (joiners.isEmpty() && leavers.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        List<ClientKeys> js = List.copyOf(joiners);
        int[] ls = leavers.clone();
        return commit(() -> server.batch(Requester.owner(), js, ls));
    }

    @Override
    public synchronized CommittedRekey changeTek() throws BackendException {
        return commit(() -> server.changeTek(Requester.owner()));
    }

    @Override
    public synchronized byte[] removalView(int memberId) throws BackendException {
        open();
        try {
            return InitiatorView.forRemoval(server, memberId).sign(server.provider(), server.policy().signatureAlgorithm(),
                    signing.privateKey());
        } catch (UnknownMemberException e) {
            throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
        }
    }

    @Override
    public synchronized CommittedRekey memberRemove(Requester requester, PublicKey initiatorKey, int target, byte[] sealed)
            throws BackendException {
        return commit(() -> server.apply(server.planIngestRemove(requester, initiatorKey, target, sealed)));
    }

    @Override
    public synchronized byte[] joinView() throws BackendException {
        open();
        return InitiatorView.forJoin(server).sign(server.provider(), server.policy().signatureAlgorithm(), signing.privateKey());
    }

    @Override
    public synchronized CommittedRekey memberAdd(Requester requester, PublicKey initiatorKey, ClientKeys joiner, byte[] sealed)
            throws BackendException {
        return commit(() -> server.apply(server.planIngestAdd(requester, initiatorKey, joiner, sealed)));
    }

    private interface Change {
        Rekey apply() throws RekeyEngineException;
    }

    private CommittedRekey commit(Change change) throws BackendException {
        open();
        Rekey r;
        try {
            r = change.apply();
        } catch (UnknownMemberException e) {
            throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
        } catch (AuthorizationException e) {
            throw new BackendException(BackendException.Reason.NOT_AUTHORIZED, e.getMessage(), e);
        } catch (RekeyEngineException e) {
            throw new BackendException(BackendException.Reason.REFUSED, e.getMessage(), e);
        }
        byte[] multicast = sealer.seal(r.message(), r.authKey());
        Map<Integer, byte[]> downloads = new HashMap<>();
        for (Rekey.Download d : r.downloads()) {
            downloads.put(d.memberId(), sealer.seal(d.message(), r.authKey()));
        }
        long seq = r.message().sequence();
        messages.addLast(new StoredMessage(seq, multicast));
        while (messages.size() > retained) {
            compactedThrough = messages.removeFirst().sequence();
        }
        return new CommittedRekey(seq, multicast, downloads, r.plan());
    }

    @Override
    public synchronized MessagesSince messagesSince(long after, int max) {
        if (after < 0 || max < 1) {
            throw new IllegalArgumentException("after must be >= 0 and max positive");
        }
        long head = server.sequence();
        if (after >= head) {
            return new MessagesSince.Messages(head, List.of());
        }
        if (after < compactedThrough) {
            return new MessagesSince.CompactedPast(compactedThrough);
        }
        List<StoredMessage> out = new ArrayList<>(Math.min(max, messages.size()));
        for (StoredMessage m : messages) {
            if (m.sequence() > after) {
                out.add(m);
                if (out.size() == max) {
                    break;
                }
            }
        }
        return new MessagesSince.Messages(head, out);
    }

    @Override
    public synchronized byte[] sealedPath(int memberId) throws BackendException {
        open();
        try {
            GroupAuthKey auth = server.authKey();
            try {
                return sealer.seal(server.pathView(memberId).toResyncMessage(), auth);
            } finally {
                auth.destroy();
            }
        } catch (UnknownMemberException e) {
            throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
        }
    }

    @Override
    public synchronized ClientKeys clientKeys(int memberId) throws BackendException {
        open();
        try {
            return server.clientKeys(memberId);
        } catch (UnknownMemberException e) {
            throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
        }
    }

    @Override
    public synchronized org.gkm.rekey.delegation.SubtreeReport subtreeReport(org.gkm.rekey.delegation.SubtreeLink link,
            boolean parentHybrid) {
        open();
        return new org.gkm.rekey.delegation.DelegatedSubtree(server, link, parentHybrid).report();
    }

    @Override
    public synchronized GroupAuthKey authKey() {
        return server.authKey();
    }

    @Override
    public synchronized long sequence() {
        return server.sequence();
    }

    @Override
    public long epoch() {
        return server.epoch();
    }

    @Override
    public synchronized byte[] fingerprint() {
        return server.fingerprint();
    }

    @Override
    public PublicKey signingPublicKey() {
        return signingPublicKey;
    }

    @Override
    public synchronized String tekFingerprint() {
        SecretBytes tek = server.tek();
        try {
            return tekFingerprint(tek);
        } finally {
            tek.destroy();
        }
    }

    /** The fingerprint {@link GroupBackend#tekFingerprint()} means: SHA-256("gkm tek fingerprint v1" || TEK), hex. */
    public static String tekFingerprint(SecretBytes tek) {
        byte[] k = tek.toByteArray(InsecureSecretAccess.get());
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("gkm tek fingerprint v1".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest(k));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    @Override
    public synchronized int[] memberIds() {
        return DurableGroupBackend.memberIds(server.tree());
    }

    /** The key server itself (tests: the access-control audits read members' keys from its tree). */
    GroupKeyServer engine() {
        return server;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("backend closed");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        messages.clear();
    }
}
