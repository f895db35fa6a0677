package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.message.RekeyMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Server snapshots: a GCKS written out after a mix of operations and restored has the same
 * fingerprint, sequence and snapshot bytes; the members that followed the original keep converging
 * through the restored server's rekeys; every truncation and every corruption is a
 * {@link MalformedSnapshotException}, never another exception.
 */
class ServerSnapshotTest {
    private static final GroupPolicy SYMMETRIC = GroupPolicy.defaults();
    private static final GroupPolicy HYBRID = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
            .withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER))
            .withTekChange(GroupPolicy.TekChangeMode.VERSION);
    private static final GroupPolicy HYBRID_RSA = HYBRID.withRootKeyType(KeyType.RSA_3072).withDegree(3);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (CryptoProvider p : TestProviders.all()) {
            out.add(Arguments.of(p, "symmetric", SYMMETRIC));
            out.add(Arguments.of(p, "hybrid", HYBRID));
            out.add(Arguments.of(p, "hybrid-rsa", HYBRID_RSA));
        }
        return out.stream();
    }

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void restoredServerIsExactAndMembersKeepConverging(CryptoProvider p, String name, GroupPolicy policy) throws Exception {
        TestGroup g = new TestGroup(p, policy, 9, 42);
        mix(g, policy);
        byte[] before = g.gcks.fingerprint();
        long sequence = g.gcks.sequence();
        byte[] snapshot = ServerSnapshot.write(g.gcks, g.signing, InsecureSecretAccess.get());
        String observable = AuthorizationTest.fingerprint(g.gcks);

        g.restoreFrom(snapshot);
        assertArrayEquals(before, g.gcks.fingerprint(), "fingerprint");
        assertEquals(sequence, g.gcks.sequence(), "sequence");
        assertArrayEquals(snapshot, ServerSnapshot.write(g.gcks, g.signing, InsecureSecretAccess.get()),
                "a restored server writes the same snapshot");
        // the same keys (AES-KW entries of the whole infrastructure), TEK, ids, generations and members;
        // array capacities (memory) and the operation counters are not state and are not compared
        assertTrue(keysAndStructure(observable).equals(keysAndStructure(AuthorizationTest.fingerprint(g.gcks))),
                "the restored server's keys or structure differ");
        g.assertConverged();

        // the restored server continues the sequence, and the original's members follow it
        Rekey leave = g.apply(g.gcks.leave(Requester.owner(), anyMember(g)), List.of());
        assertEquals(sequence + 1, leave.message().sequence());
        g.assertConverged();
        assertFalse(MessageDigest.isEqual(before, g.gcks.fingerprint()), "a rekey changes the fingerprint");
        ClientKeys c = g.newClient();
        g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
        g.assertConverged();
        List<ClientKeys> joiners = List.of(g.newClient(), g.newClient());
        g.apply(g.gcks.batch(Requester.owner(), joiners, new int[] {anyMember(g)}), joiners);
        g.assertConverged();
        g.deliver(g.gcks.changeTek(Requester.owner()));
        g.assertConverged();
        if (policy.hybrid() && policy.rootKeyType() == KeyType.X25519) {
            memberInitiated(g, p); // the certified initiators survived the restore
        }
        assertEquals(sequence + 4 + (policy.hybrid() && policy.rootKeyType() == KeyType.X25519 ? 2 : 0), g.gcks.sequence());
    }

    /** Joins, leaves, batches, TEK changes, splits and (hybrid X25519) member-initiated operations. */
    private static void mix(TestGroup g, GroupPolicy policy) throws Exception {
        g.apply(g.gcks.leave(Requester.owner(), 3), List.of());
        for (int i = 0; i < 4; i++) { // fills the free leaf, then splits
            ClientKeys c = g.newClient();
            g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
        }
        List<ClientKeys> joiners = List.of(g.newClient(), g.newClient());
        g.apply(g.gcks.batch(Requester.owner(), joiners, new int[] {1, 5}), joiners);
        g.deliver(g.gcks.changeTek(Requester.owner()));
        g.apply(g.gcks.leave(Requester.owner(), 7), List.of());
        if (policy.hybrid() && policy.rootKeyType() == KeyType.X25519) {
            memberInitiated(g, g.provider);
            g.memberSealer(0); // certified, and still a member at the snapshot
        }
        g.assertConverged();
    }

    /** Member 2 (or the smallest member) removes one member and adds one joiner. */
    private static void memberInitiated(TestGroup g, CryptoProvider p) throws Exception {
        MemberInitiator init = new MemberInitiator(p, g.random);
        int initiator = g.members.keySet().stream().min(Integer::compare).orElseThrow();
        int target = g.members.keySet().stream().filter(m -> m != initiator).max(Integer::compare).orElseThrow();
        RekeyMessage m = init.remove(g.gcks, initiator, g.members.get(initiator).heldKeys(InsecureSecretAccess.get()), target);
        g.deliverIngested(g.gcks.ingestRemove(Requester.member(initiator), target, g.sealAs(initiator, m)));
        ClientKeys c = g.newClient();
        RekeyMessage a = init.add(g.gcks, initiator, g.members.get(initiator).heldKeys(InsecureSecretAccess.get()),
                MemberInitiatedTest.clientPublic(p, c));
        Rekey r = g.gcks.ingestAdd(Requester.member(initiator), c, g.sealAs(initiator, a));
        g.installJoiners(r, List.of(c), g.deliverIngested(r));
        g.assertConverged();
    }

    /** {@link AuthorizationTest#fingerprint} without its last two fields (memory bytes, rekey counter). */
    private static String keysAndStructure(String observable) {
        return observable.substring(0, observable.lastIndexOf('|', observable.lastIndexOf('|') - 1));
    }

    private static int anyMember(TestGroup g) {
        return g.members.keySet().stream().max(Integer::compare).orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void everyTruncationAndEveryBitFlipIsATypedError(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, HYBRID, 6, 9);
        mix(g, HYBRID);
        byte[] snapshot = ServerSnapshot.write(g.gcks, g.signing, InsecureSecretAccess.get());
        EngineRandom random = new SeededRandom(1);
        for (int len = 0; len < snapshot.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(snapshot, len);
            assertThrows(MalformedSnapshotException.class, () -> ServerSnapshot.read(p, random, cut), "length " + len);
        }
        byte[] longer = java.util.Arrays.copyOf(snapshot, snapshot.length + 1);
        assertThrows(MalformedSnapshotException.class, () -> ServerSnapshot.read(p, random, longer));
        for (int i = 0; i < snapshot.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] flipped = snapshot.clone();
                flipped[i] ^= (byte) (1 << bit);
                MalformedSnapshotException e = assertThrows(MalformedSnapshotException.class,
                        () -> ServerSnapshot.read(p, random, flipped), "byte " + i + " bit " + bit);
                assertEquals(MalformedSnapshotException.class, e.getClass());
            }
        }
        // the untouched snapshot still restores
        assertArrayEquals(g.gcks.fingerprint(), ServerSnapshot.read(p, random, snapshot).server().fingerprint());
    }

    /**
     * Edits that keep the checksum valid (as a forger without the store's barrier could make) reach
     * the structural checks: every one either restores or is a {@link MalformedSnapshotException}.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void editsWithAValidChecksumAreTypedErrorsOrRestore(CryptoProvider p) throws Exception {
        for (GroupPolicy policy : List.of(HYBRID, HYBRID_RSA, SYMMETRIC)) {
            TestGroup g = new TestGroup(p, policy, 6, 11);
            mix(g, policy);
            byte[] snapshot = ServerSnapshot.write(g.gcks, g.signing, InsecureSecretAccess.get());
            EngineRandom random = new SeededRandom(2);
            SplittableRandom r = new SplittableRandom(policy.hashCode());
            int rejected = 0;
            int body = snapshot.length - 32;
            // every byte of the fields before the node keys, then a sample of the rest
            for (int i = 6; i < body; i += i < 200 ? 1 : 1 + r.nextInt(16)) {
                byte[] edited = snapshot.clone();
                edited[i] ^= (byte) (1 + r.nextInt(255));
                rechecksum(edited);
                try {
                    ServerSnapshot.read(p, random, edited);
                } catch (MalformedSnapshotException e) {
                    rejected++;
                    assertFalse(e.getMessage().contains(HexFormat.of().formatHex(g.gcks.tek().toByteArray(InsecureSecretAccess.get()))));
                }
            }
            assertTrue(rejected > 0, "no edit was rejected");
            // a wrong version with a valid checksum names the version
            byte[] v2 = snapshot.clone();
            v2[5] = 2;
            rechecksum(v2);
            MalformedSnapshotException e = assertThrows(MalformedSnapshotException.class, () -> ServerSnapshot.read(p, random, v2));
            assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theBytesAreNeverPrintedAndTheSigningKeyIsOptional(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, HYBRID, 5, 3);
        byte[] noSigning = ServerSnapshot.write(g.gcks, InsecureSecretAccess.get());
        ServerSnapshot s = ServerSnapshot.read(p, g.random, noSigning);
        assertTrue(s.signingKey().isEmpty());
        assertArrayEquals(g.gcks.fingerprint(), s.server().fingerprint());
        String tekHex = HexFormat.of().formatHex(g.gcks.tek().toByteArray(InsecureSecretAccess.get()));
        assertFalse(s.toString().toLowerCase().contains(tekHex));
        assertTrue(s.toString().contains("absent"));
        // a signing key of another type than the policy's is a caller bug
        org.gkm.crypto.PrivateKey p256 = p.keys().generate(KeyType.P256).privateKey();
        assertThrows(IllegalArgumentException.class, () -> ServerSnapshot.write(g.gcks, p256, InsecureSecretAccess.get()));
    }

    /** Recomputes the trailing SHA-256 of an edited snapshot. */
    static void rechecksum(byte[] b) throws Exception {
        byte[] sum = MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(b, b.length - 32));
        System.arraycopy(sum, 0, b, b.length - 32, 32);
    }
}
