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
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageSealer;

/**
 * Test fixture: a GCKS, its sealer (Ed25519 key from the seed), and a full {@link MemberKeyState}
 * for every member (trusting the GCKS's key only), with sealed delivery of every message under the
 * group authentication key the GCKS names for it.
 */
final class TestGroup {
    static final GroupId GROUP = GroupId.of("test-group");
    final CryptoProvider provider;
    final GroupPolicy policy;
    final SeededRandom random;
    /** The GCKS; replaced by its restored copy in {@link #restoreFrom}. */
    GroupKeyServer gcks;
    RekeyMessageSealer sealer;
    /** The GCKS's signing key (what a snapshot may carry). */
    final PrivateKey signing;
    final PublicKey gcksKey;
    final Map<Integer, MemberKeyState> members = new HashMap<>();
    final Map<Integer, ClientKeys> clients = new HashMap<>();

    TestGroup(CryptoProvider provider, GroupPolicy policy, int n, long seed) throws Exception {
        this.provider = provider;
        this.policy = policy;
        this.random = new SeededRandom(seed);
        gcks = GroupKeyServer.create(provider, policy, GROUP, random, n, 7);
        byte[] sk = new byte[32];
        random.fill(sk, 0, 32);
        signing = PrivateKey.decode(policy.signatureAlgorithm().keyType(), sk);
        KeyPair kp = new KeyPair(signing, provider.keys().publicKey(signing));
        sealer = new RekeyMessageSealer(provider, policy.signatureAlgorithm() , signing, 0);
        gcksKey = kp.publicKey();
        for (int m = 0; m < n; m++) {
            ClientKeys c = gcks.clientKeys(m);
            clients.put(m, c);
            members.put(m, MemberKeyState.fromDownload(provider, policy, GROUP, gcks.epoch(), m, c, gcks.authKey(), gcksKey,
                    seal(gcks.pathView(m).toResyncMessage())));
        }
    }

    /**
     * Replaces the GCKS by the server restored from {@code snapshot} and the sealer by one over the
     * snapshot's signing key; the members stay as they are.
     */
    void restoreFrom(byte[] snapshot) throws Exception {
        ServerSnapshot s = ServerSnapshot.read(provider, random, snapshot);
        KeyPair kp = s.signingKey().orElseThrow();
        assertEquals(gcksKey, kp.publicKey(), "restored signing key");
        gcks = s.server();
        sealer = new RekeyMessageSealer(provider, policy.signatureAlgorithm(), kp.privateKey(), 0);
    }

    /** Seals {@code m} under the GCKS's current group authentication key (unicast, or a message that rotates nothing). */
    byte[] seal(RekeyMessage m) {
        return sealer.seal(m, gcks.authKey());
    }

    /** Seals a rekey's multicast under the key the GCKS names for it (the key before a rotation it carries). */
    byte[] seal(Rekey r) {
        return sealer.seal(r.message(), r.authKey());
    }

    ClientKeys newClient() {
        return ClientKeys.generate(random, policy.hybrid());
    }

    /** Delivers a rekey to every remaining member and installs joiners; returns the sealed multicast. */
    byte[] deliver(Rekey r) throws Exception {
        byte[] sealed = seal(r);
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
                    sealed = sealer.seal(d.message(), r.authKey());
                }
            }
            clients.put(ids[j], joiners.get(j));
            // registration gave the joiner the key current before this rekey
            members.put(ids[j], MemberKeyState.fromDownload(provider, policy, GROUP, gcks.epoch(), ids[j], joiners.get(j),
                    r.authKey(), gcksKey, sealed));
        }
    }

    Rekey apply(Rekey r, List<ClientKeys> joiners) throws Exception {
        byte[] sealed = deliver(r);
        installJoiners(r, joiners, sealed);
        return r;
    }

    /**
     * Seals a member-initiated request with the initiator's own signing key (certified at the GCKS)
     * under the group authentication key it holds.
     */
    byte[] sealAs(int initiator, RekeyMessage m) throws Exception {
        return memberSealer(initiator).seal(m, gcks.authKey());
    }

    private final Map<Integer, RekeyMessageSealer> memberSealers = new HashMap<>();

    /** Member {@code m}'s initiator sealer as it was, whether or not its certificate is still current. */
    RekeyMessageSealer memberSealers(int m) {
        return memberSealers.get(m);
    }

    RekeyMessageSealer memberSealer(int m) throws Exception {
        RekeyMessageSealer s = memberSealers.get(m);
        if (s == null) {
            byte[] sk = new byte[32];
            random.fill(sk, 0, 32);
            PrivateKey key = PrivateKey.decode(policy.signatureAlgorithm().keyType(), sk);
            long id = MemberInitiator.senderId(m);
            gcks.certifyInitiator(m, provider.keys().publicKey(key));
            s = new RekeyMessageSealer(provider, policy.signatureAlgorithm(), key, id);
            memberSealers.put(m, s);
        }
        return s;
    }

    /** Delivers an ingested member-initiated rekey (re-issued by the GCKS) to every remaining member. */
    byte[] deliverIngested(Rekey r) throws Exception {
        return deliverSealed(r, seal(r));
    }

    /** Delivers {@code sealed}, the multicast of {@code r}, to every remaining member. */
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
