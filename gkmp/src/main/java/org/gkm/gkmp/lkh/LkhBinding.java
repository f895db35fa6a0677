package org.gkm.gkmp.lkh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;

import org.gkm.crypto.KeyPair;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;


import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpException;
import org.gkm.gkmp.RekeyEngineRefusedException;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.KeyId;

import org.gkm.gkmp.engine.TreePathSource;


import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.gkm.rekey.message.TekId;

/**
 * Where GKMP meets the rekey engine, on the controller's side: the group's LKH key
 * tree ({@link GroupKeyServer}) whose TEK and root KEK give the GTEK and the GKEK (as sub-keys,
 * see {@link EngineKeys}). As a
 * {@link TreePathSource} it hands each member its key-tree path for Download_Grp_Keys: existing
 * tree members get their path (a RESYNC message), a member admitted through GKMP join is first
 * joined to the tree (an LKH join, whose multicast {@link #takeMulticasts()} returns for the other
 * members). The blob also carries the client keys, the Rekey SA's authentication key and the
 * engine's signature key: it travels under the one-time SKEK, inside a download whose sender GKMP
 * has authenticated, so the engine's trust is rooted in GKMP's. {@link Member} is the member side.
 * Not thread-safe.
 */
public final class LkhBinding implements TreePathSource {
    private static final int K = 32;
    /** HKDF-Expand labels of GKMP's keys from the engine's (see {@link EngineKeys}). */
    private static final byte[] GTEK_LABEL = "gkm gkmp gtek v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] GKEK_LABEL = "gkm gkmp gkek v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final CryptoProvider provider;
    private final GroupPolicy policy;
    private final EngineRandom random;
    private final GroupKeyServer gcks;
    private final RekeyMessageSealer sealer;
    private final PublicKey signerKey;
    private final Map<EntityId, Integer> ids = new HashMap<>();
    private final List<byte[]> multicasts = new ArrayList<>();

    private LkhBinding(CryptoProvider provider, GroupPolicy policy, GroupKeyServer gcks, List<EntityId> members) {
        this.provider = provider;
        this.policy = policy;
        this.random = EngineRandom.of(provider);
        this.gcks = gcks;
        KeyPair kp = provider.keys().generate(policy.signatureAlgorithm().keyType());
        this.signerKey = kp.publicKey();
        this.sealer = new RekeyMessageSealer(provider, policy.signatureAlgorithm(), kp.privateKey(), GroupKeyServer.GCKS_SENDER);
        for (int i = 0; i < members.size(); i++) {
            ids.put(members.get(i), i);
        }
    }

    /** A tree for GKMP group {@code g} whose members 0..n-1 are {@code members} in order. */
    public static LkhBinding create(CryptoProvider provider, GroupPolicy policy, GkmpGroupId g, List<EntityId> members, long epoch) {
        GroupKeyServer gcks = GroupKeyServer.create(provider, policy, engineGroup(g), EngineRandom.of(provider), members.size(), epoch);
        return new LkhBinding(provider, policy, gcks, List.copyOf(members));
    }

    static org.gkm.rekey.message.GroupId engineGroup(GkmpGroupId g) {
        return org.gkm.rekey.message.GroupId.of("gkmp-" + g.value());
    }

    /** The engine's GKMP ids: GTEK id from the TEK version/revision, GKEK id from the root generation. */
    static KeyId gtekId(TekId t) {
        return new KeyId(((long) t.version() << 32) | (t.revision() & 0xFFFFFFFFL));
    }

    @Override
    public byte[] pathFor(GkmpGroupId group, EntityId member) {
        try {
            Integer id = ids.get(member);
            ClientKeys ck;
            byte[] sealed;
            if (id == null) {
                ck = ClientKeys.generate(random, policy.hybrid());
                Rekey r = gcks.join(Requester.owner(), ck);
                id = r.plan().joiners()[0];
                ids.put(member, id);
                byte[] multicast = sealer.seal(r.message(), r.authKey());
                multicasts.add(multicast);
                sealed = multicast;
                for (Rekey.Download d : r.downloads()) {
                    if (d.memberId() == id) {
                        sealed = sealer.seal(d.message(), r.authKey());
                    }
                }
            } else {
                ck = gcks.clientKeys(id);
                sealed = sealer.seal(gcks.pathView(id).toResyncMessage(), gcks.authKey());
            }
            return encode(id, ck, sealed);
        } catch (RekeyEngineException e) {
            throw new IllegalStateException("rekey engine refused the join of " + member, e);
        }
    }

    private byte[] encode(int id, ClientKeys ck, byte[] sealed) {
        GroupAuthKey auth = gcks.authKey();
        try {
            return new PathBlob(id, gcks.epoch(), ck, auth, policy.signatureAlgorithm(), signerKey, sealed).encode();
        } finally {
            auth.destroy();
        }
    }

    /** Removes {@code member} from the tree (LKH leave: new keys on its path, TEK version + 1); returns the sealed multicast. */
    public byte[] leave(EntityId member) throws RekeyEngineException {
        Integer id = ids.remove(member);
        if (id == null) {
            throw new IllegalArgumentException(member + " is not in the tree");
        }
        Rekey r = gcks.leave(Requester.owner(), id);
        return sealer.seal(r.message(), r.authKey());
    }

    /** The engine's GCKS (package tests compare GKMP's keys with its keys). */
    GroupKeyServer engine() {
        return gcks;
    }

    /** LKH rekey messages produced by joins since the last call, for the tree members other than the joiner. */
    public List<byte[]> takeMulticasts() {
        List<byte[]> out = new ArrayList<>(multicasts);
        multicasts.clear();
        return out;
    }

    /** GKMP's GTEK and GKEK from the tree's TEK and root KEK (to {@code GkmpNode.adoptKeys}). */
    public EngineKeys keys() {
        try {
            MemberKeyState.HeldKeys held = gcks.memberKeys(ids.values().iterator().next(), InsecureSecretAccess.get());
            return EngineKeys.of(provider, held);
        } catch (RekeyEngineException e) {
            throw new IllegalStateException("tree has no member", e);
        }
    }

    /**
     * GKMP's keys from the engine's, with GKMP key ids: GTEK = HKDF-Expand(TEK, "gkm gkmp gtek v1",
     * 32), GKEK = HKDF-Expand(root KEK, "gkm gkmp gkek v1", 32). GKMP uses both as AES-GCM keys,
     * while the engine uses its TEK and node keys as HKDF keys only (key separation, see the rekey
     * engine's {@code Labels}), so GKMP gets sub-keys of its own, never the engine's keys. Every
     * party derives them alike, and they change exactly when the TEK and the root KEK do.
     */
    public record EngineKeys(KeyId gtekId, SecretBytes gtek, KeyId gkekId, SecretBytes gkek) {
        static EngineKeys of(CryptoProvider provider, MemberKeyState.HeldKeys h) {
            int n = h.nodes().length;
            byte[] root = Arrays.copyOfRange(h.keys(), (n - 1) * K, n * K);
            byte[] gtek = subKey(provider, h.tek(), GTEK_LABEL);
            byte[] gkek = subKey(provider, root, GKEK_LABEL);
            EngineKeys k = new EngineKeys(LkhBinding.gtekId(h.tekId()), SecretBytes.copyOf(gtek), new KeyId(h.generations()[n - 1]),
                    SecretBytes.copyOf(gkek));
            Arrays.fill(gtek, (byte) 0);
            Arrays.fill(gkek, (byte) 0);
            Arrays.fill(root, (byte) 0);
            Arrays.fill(h.keys(), (byte) 0);
            Arrays.fill(h.tek(), (byte) 0);
            if (h.privateKeys() != null) {
                Arrays.fill(h.privateKeys(), (byte) 0);
            }
            if (h.rootPrivateKey() != null) {
                Arrays.fill(h.rootPrivateKey(), (byte) 0);
            }
            return k;
        }

        private static byte[] subKey(CryptoProvider provider, byte[] key, byte[] label) {
            try {
                return provider.kdf().expand(key, label, K);
            } catch (org.gkm.crypto.InvalidInputException e) {
                throw new IllegalStateException("HKDF rejected a 32-byte key", e);
            }
        }

        @Override
        public String toString() {
            return "EngineKeys[" + gtekId + ", " + gkekId + "]";
        }
    }

    /** The member side: its {@link MemberKeyState}, built from the path blob of Download_Grp_Keys. */
    public static final class Member {
        private final CryptoProvider provider;
        private final MemberKeyState state;

        private Member(CryptoProvider provider, MemberKeyState state) {
            this.provider = provider;
            this.state = state;
        }

        /**
         * Opens the blob of {@code Event.TreePathReceived}: strict decode, then the engine checks
         * the path message (MAC, signature, structure).
         */
        public static Member open(CryptoProvider provider, GroupPolicy policy, GkmpGroupId g, SecretBytes blob) throws GkmpException {
            PathBlob p = PathBlob.decode(blob);
            try {
                return new Member(provider, MemberKeyState.fromDownload(provider, policy, engineGroup(g), p.epoch(),
                        p.memberId(), p.clientKeys(), p.authKey(), p.signer(), p.sealedPath()));
            } catch (RekeyMessageException | RekeyEngineException e) {
                throw new RekeyEngineRefusedException("rekey engine refused the path: " + e.getMessage(), e);
            } finally {
                p.authKey().destroy();
                p.clientKeys().destroy(); // the member state holds its own copy
            }
        }

        /** Applies one sealed LKH rekey message; returns whether it was new. */
        public boolean process(byte[] sealed) throws GkmpException {
            try {
                return state.process(sealed) == MemberKeyState.Outcome.APPLIED;
            } catch (RekeyMessageException | RekeyEngineException e) {
                throw new RekeyEngineRefusedException("rekey engine refused the message: " + e.getMessage(), e);
            }
        }

        public EngineKeys keys() {
            return EngineKeys.of(provider, state.heldKeys(InsecureSecretAccess.get()));
        }
    }

}
