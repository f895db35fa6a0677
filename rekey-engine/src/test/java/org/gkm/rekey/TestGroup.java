package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageSealer;

/**
 * Test fixture: a GCKS, its sealer (Ed25519 key from the seed), the group authentication key, and a
 * full {@link MemberKeyState} for every member, with sealed delivery of every message.
 */
final class TestGroup {
    static final GroupId GROUP = GroupId.of("test-group");
    final CryptoProvider provider;
    final GroupPolicy policy;
    final SeededRandom random;
    final GroupKeyServer gcks;
    final SecretBytes authKey;
    final RekeyMessageSealer sealer;
    final Map<Long, PublicKey> signers;
    final Map<Integer, MemberKeyState> members = new HashMap<>();
    final Map<Integer, ClientKeys> clients = new HashMap<>();

    TestGroup(CryptoProvider provider, GroupPolicy policy, int n, long seed) throws Exception {
        this.provider = provider;
        this.policy = policy;
        this.random = new SeededRandom(seed);
        gcks = GroupKeyServer.create(provider, policy, GROUP, random, n, 7);
        byte[] a = new byte[32];
        random.fill(a, 0, 32);
        authKey = SecretBytes.copyOf(a);
        byte[] sk = new byte[32];
        random.fill(sk, 0, 32);
        PrivateKey signing = PrivateKey.decode(policy.signatureAlgorithm().keyType(), sk);
        KeyPair kp = new KeyPair(signing, provider.keys().publicKey(signing));
        sealer = new RekeyMessageSealer(provider, policy.signatureAlgorithm() , signing, 0);
        signers = new HashMap<>();
        signers.put(0L, kp.publicKey());
        for (int m = 0; m < n; m++) {
            ClientKeys c = gcks.clientKeys(m);
            clients.put(m, c);
            members.put(m, MemberKeyState.fromDownload(provider, policy, GROUP, gcks.epoch(), m, c, authKey, signers,
                    seal(gcks.pathView(m).toResyncMessage())));
        }
    }

    byte[] seal(RekeyMessage m) {
        return sealer.seal(m, authKey);
    }

    ClientKeys newClient() {
        return ClientKeys.generate(random, policy.hybrid());
    }

    /** Delivers a rekey to every remaining member and installs joiners; returns the sealed multicast. */
    byte[] deliver(Rekey r) throws Exception {
        byte[] sealed = seal(r.message());
        for (int m : r.plan().leavers()) {
            members.remove(m);
        }
        for (MemberKeyState s : members.values()) {
            assertEquals(MemberKeyState.Outcome.APPLIED, s.process(sealed));
        }
        return sealed;
    }

    /** Installs the joiners of {@code r} whose client keys are {@code joiners} (same order). */
    void installJoiners(Rekey r, List<ClientKeys> joiners, byte[] sealedMulticast) throws Exception {
        int[] ids = r.plan().joiners();
        for (int j = 0; j < ids.length; j++) {
            byte[] sealed = sealedMulticast;
            for (Rekey.Download d : r.downloads()) {
                if (d.memberId() == ids[j]) {
                    sealed = seal(d.message());
                }
            }
            clients.put(ids[j], joiners.get(j));
            members.put(ids[j], MemberKeyState.fromDownload(provider, policy, GROUP, gcks.epoch(), ids[j], joiners.get(j),
                    authKey, signers, sealed));
        }
    }

    Rekey apply(Rekey r, List<ClientKeys> joiners) throws Exception {
        byte[] sealed = deliver(r);
        installJoiners(r, joiners, sealed);
        return r;
    }

    /** Seals a member-initiated message with the initiator's own signing key (trusted by every member). */
    byte[] sealAs(int initiator, RekeyMessage m) throws Exception {
        return memberSealer(initiator).seal(m, authKey);
    }

    private final Map<Integer, RekeyMessageSealer> memberSealers = new HashMap<>();

    RekeyMessageSealer memberSealer(int m) throws Exception {
        RekeyMessageSealer s = memberSealers.get(m);
        if (s == null) {
            byte[] sk = new byte[32];
            random.fill(sk, 0, 32);
            PrivateKey key = PrivateKey.decode(policy.signatureAlgorithm().keyType(), sk);
            long id = MemberInitiator.senderId(m);
            signers.put(id, provider.keys().publicKey(key));
            s = new RekeyMessageSealer(provider, policy.signatureAlgorithm(), key, id);
            memberSealers.put(m, s);
        }
        return s;
    }

    /** Delivers an ingested member-initiated rekey (sealed by the initiator) to every remaining member. */
    byte[] deliverSealed(Rekey r, byte[] sealed) throws Exception {
        for (int m : r.plan().leavers()) {
            members.remove(m);
        }
        for (MemberKeyState s : members.values()) {
            assertEquals(MemberKeyState.Outcome.APPLIED, s.process(sealed));
        }
        return sealed;
    }

    void assertConverged() {
        byte[] tek = gcks.tek().toByteArray(InsecureSecretAccess.get());
        for (MemberKeyState s : members.values()) {
            assertEquals(gcks.tekId(), s.tekId(), "TEK id of member " + s.memberId());
            assertArrayEquals(tek, s.tek().toByteArray(InsecureSecretAccess.get()), "TEK of member " + s.memberId());
            assertEquals(gcks.sequence(), s.sequence());
        }
        assertEquals(gcks.tree().memberCount(), members.size());
    }
}
