package org.gkm.rekey.delegation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessageSealer;

/**
 * Test fixture: a parent key server with {@code S} delegated subtrees, each an ordinary key server
 * with its own signing key and members, every member a {@link DelegatedMember} following its
 * subtree's and the parent's sealed rekeys; reports travel from a subtree to the parent as bytes.
 */
final class Deployment {
    static final GroupId PARENT = GroupId.of("parent-group");
    static final long EPOCH = 7;

    final CryptoProvider provider;
    final GroupPolicy policy;
    final EngineRandom random;
    final DelegatingParent parent;
    final RekeyMessageSealer parentSealer;
    final PublicKey parentKey;
    final List<Sub> subs = new ArrayList<>();

    /** One subtree: its server side and its members. */
    static final class Sub {
        final int id;
        final DelegatedSubtree subtree;
        final RekeyMessageSealer sealer;
        final PublicKey key;
        final GroupId group;
        final Map<Integer, DelegatedMember> members = new LinkedHashMap<>();

        Sub(int id, DelegatedSubtree subtree, RekeyMessageSealer sealer, PublicKey key, GroupId group) {
            this.id = id;
            this.subtree = subtree;
            this.sealer = sealer;
            this.key = key;
            this.group = group;
        }

        GroupKeyServer server() {
            return subtree.server();
        }

        byte[] seal(Rekey r) {
            return sealer.seal(r.message(), r.authKey());
        }
    }

    /** What one leave or join inside a subtree sent: the subtree's multicast, the report, the parent's multicast. */
    record Step(Rekey subRekey, byte[] subSealed, byte[] report, Rekey parentRekey, byte[] parentSealed) {
    }

    Deployment(CryptoProvider provider, GroupPolicy policy, int[] sizes) throws Exception {
        this.provider = provider;
        this.policy = policy;
        this.random = EngineRandom.of(provider);
        parent = new DelegatingParent(GroupKeyServer.create(provider, policy, PARENT, random, 0, EPOCH));
        PrivateKey sk = signingKey();
        parentSealer = new RekeyMessageSealer(provider, policy.signatureAlgorithm(), sk, 0);
        parentKey = provider.keys().publicKey(sk);
        for (int s = 0; s < sizes.length; s++) {
            GroupId g = GroupId.of("subtree-" + s);
            GroupKeyServer server = GroupKeyServer.create(provider, policy, g, random, sizes[s], 3);
            PrivateKey subSk = signingKey();
            SubtreeLink link = newLink(s);
            DelegatedSubtree subtree = new DelegatedSubtree(server, link, policy.hybrid());
            // the parent keeps its own copy of the link (agreed at delegation)
            parent.delegate(copyOf(link, s), subtree.report().encode());
            subs.add(new Sub(s, subtree, new RekeyMessageSealer(provider, policy.signatureAlgorithm(), subSk, 0),
                    provider.keys().publicKey(subSk), g));
        }
        for (Sub sub : subs) {
            for (int m = 0; m < sizes[sub.id]; m++) {
                ClientKeys c = sub.server().clientKeys(m);
                MemberKeyState inSub = MemberKeyState.fromDownload(provider, policy, sub.group, 3, m, c,
                        sub.server().authKey(), sub.key, sub.sealer.seal(sub.server().pathView(m).toResyncMessage(),
                                sub.server().authKey()));
                sub.members.put(m, new DelegatedMember(provider, policy, PARENT, EPOCH, parentKey, inSub,
                        parentState(sub, inSub, parentSealer.seal(parent.server().pathView(parent.memberOf(sub.id))
                                .toResyncMessage(), parent.server().authKey()), parent.server().authKey())));
            }
        }
    }

    private SubtreeLink copyOf(SubtreeLink link, int s) {
        // the test holds the link keys on both sides; a deployment agrees them at delegation
        return new SubtreeLink(PARENT, s, SecretBytes.copyOf(linkKeys.get(link)));
    }

    private final Map<SubtreeLink, byte[]> linkKeys = new java.util.IdentityHashMap<>();

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.fill(b, 0, n);
        return b;
    }

    private SubtreeLink newLink(int s) {
        byte[] k = randomBytes(32);
        SubtreeLink l = new SubtreeLink(PARENT, s, SecretBytes.copyOf(k));
        linkKeys.put(l, k);
        return l;
    }

    private PrivateKey signingKey() throws Exception {
        return PrivateKey.decode(policy.signatureAlgorithm().keyType(), randomBytes(32));
    }

    /** A subtree member's parent state from a sealed parent message placing the subtree's leaf. */
    MemberKeyState parentState(Sub sub, MemberKeyState inSub, byte[] sealed,
            org.gkm.rekey.message.GroupAuthKey registered) throws Exception {
        ClientKeys leaf = inSub.delegatedLeafKeys(policy.hybrid());
        try {
            return MemberKeyState.fromDownload(provider, policy, PARENT, EPOCH, parent.memberOf(sub.id), leaf, registered,
                    parentKey, sealed);
        } finally {
            leaf.destroy();
        }
    }

    /** Seals and delivers a parent rekey to every member of every subtree. */
    byte[] deliverParent(Rekey r) throws Exception {
        byte[] sealed = parentSealer.seal(r.message(), r.authKey());
        for (Sub sub : subs) {
            for (DelegatedMember m : sub.members.values()) {
                assertEquals(MemberKeyState.Outcome.APPLIED, m.processParent(sealed));
            }
        }
        return sealed;
    }

    /** Member {@code m} leaves subtree {@code s}: the subtree rekeys, reports, the parent rekeys; returns the departed member. */
    DelegatedMember leave(int s, int m, List<Step> steps) throws Exception {
        Sub sub = subs.get(s);
        Rekey r = sub.server().leave(Requester.owner(), m);
        DelegatedMember gone = sub.members.remove(m);
        byte[] sealed = sub.seal(r);
        for (DelegatedMember x : sub.members.values()) {
            assertEquals(MemberKeyState.Outcome.APPLIED, x.processSubtree(sealed));
        }
        byte[] report = sub.subtree.reportIfRootChanged().orElseThrow().encode();
        Rekey pr = parent.accept(report);
        steps.add(new Step(r, sealed, report, pr, deliverParent(pr)));
        return gone;
    }

    /** A new member joins subtree {@code s}; returns its id in the subtree. */
    int join(int s, List<Step> steps) throws Exception {
        Sub sub = subs.get(s);
        ClientKeys c = ClientKeys.generate(random, policy.hybrid());
        Rekey r = sub.server().join(Requester.owner(), c);
        byte[] sealed = sub.seal(r);
        for (DelegatedMember x : sub.members.values()) {
            assertEquals(MemberKeyState.Outcome.APPLIED, x.processSubtree(sealed));
        }
        int id = r.plan().joiners()[0];
        byte[] download = sealed;
        for (Rekey.Download d : r.downloads()) {
            if (d.memberId() == id) {
                download = sub.sealer.seal(d.message(), r.authKey());
            }
        }
        MemberKeyState inSub = MemberKeyState.fromDownload(provider, policy, sub.group, 3, id, c, r.authKey(), sub.key,
                download);
        byte[] report = sub.subtree.reportIfRootChanged().orElseThrow().encode();
        // registration at the subtree also hands the joiner the parent's current group authentication key
        org.gkm.rekey.message.GroupAuthKey parentAuth = parent.server().authKey();
        Rekey pr = parent.accept(report);
        byte[] psealed = deliverParent(pr);
        sub.members.put(id, new DelegatedMember(provider, policy, PARENT, EPOCH, parentKey, inSub,
                parentState(sub, inSub, psealed, parentAuth)));
        steps.add(new Step(r, sealed, report, pr, psealed));
        return id;
    }

    /** Every member of every subtree holds the parent's TEK; every subtree member its subtree's sequence. */
    void assertConverged() {
        byte[] tek = parent.server().tek().toByteArray(InsecureSecretAccess.get());
        int n = 0;
        for (Sub sub : subs) {
            for (DelegatedMember m : sub.members.values()) {
                assertEquals(parent.server().tekId(), m.tekId());
                assertArrayEquals(tek, m.tek().toByteArray(InsecureSecretAccess.get()), "TEK of " + m);
                assertEquals(parent.server().sequence(), m.parentState().sequence());
                assertEquals(sub.server().sequence(), m.subtreeState().sequence());
                n++;
            }
            assertEquals(sub.server().tree().memberCount(), sub.members.size());
        }
        assertEquals(subs.size(), parent.server().tree().memberCount());
        assertEquals(true, n > 0);
    }
}
