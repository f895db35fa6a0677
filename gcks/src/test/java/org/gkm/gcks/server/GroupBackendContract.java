package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the GCKS relies on from a {@link GroupBackend}, for every implementation (a durable adapter
 * extends this with its own {@link #open}): sequences rise by one per committed rekey, committed
 * messages come back in order and bounded, a refused change changes nothing, and a joiner's
 * download and the published path open with the keys registration hands out.
 */
abstract class GroupBackendContract {
    static final GroupId GROUP = GroupId.of("gkmp-7");
    final CryptoProvider p = CryptoProviders.get("java");
    final GroupPolicy policy = GroupPolicy.defaults();
    private GroupBackend backend;

    /** A fresh, empty group that keeps at least {@code retained} messages (and compacts beyond it, if it compacts). */
    abstract GroupBackend open(CryptoProvider provider, GroupPolicy policy, GroupId group, int retained) throws Exception;

    /** Whether the implementation drops messages beyond {@code retained} (the durable one compacts by snapshot). */
    abstract boolean compactsBeyondRetained();

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    private ClientKeys fresh() {
        return ClientKeys.generate(EngineRandom.of(p), policy.hybrid());
    }

    @Test
    void sequencesRiseByOneAndMessagesComeBackInOrder() throws Exception {
        backend = open(p, policy, GROUP, 3);
        long start = backend.sequence();
        CommittedRekey a = backend.join(fresh());
        CommittedRekey b = backend.join(fresh());
        CommittedRekey c = backend.changeTek();
        assertEquals(List.of(start + 1, start + 2, start + 3), List.of(a.sequence(), b.sequence(), c.sequence()));
        assertEquals(start + 3, backend.sequence());
        MessagesSince.Messages m = assertInstanceOf(MessagesSince.Messages.class, backend.messagesSince(start + 1, 10));
        assertEquals(start + 3, m.headSequence());
        assertEquals(List.of(start + 2, start + 3), m.messages().stream().map(StoredMessage::sequence).toList());
        assertArrayEquals(c.multicast(), m.messages().get(1).message());
        MessagesSince.Messages one = assertInstanceOf(MessagesSince.Messages.class, backend.messagesSince(start, 1));
        assertEquals(1, one.messages().size());
        assertTrue(assertInstanceOf(MessagesSince.Messages.class, backend.messagesSince(start + 3, 10)).messages().isEmpty());
    }

    @Test
    void beyondRetainedTheAnswerIsCompactedPast() throws Exception {
        backend = open(p, policy, GROUP, 2);
        long start = backend.sequence();
        backend.join(fresh());
        for (int i = 0; i < 4; i++) {
            backend.changeTek();
        }
        MessagesSince first = backend.messagesSince(start, 10);
        if (compactsBeyondRetained()) {
            assertInstanceOf(MessagesSince.CompactedPast.class, first);
        }
        assertInstanceOf(MessagesSince.Messages.class, backend.messagesSince(backend.sequence() - 2, 10));
    }

    @Test
    void aRefusedChangeChangesNothing() throws Exception {
        backend = open(p, policy, GROUP, 10);
        backend.join(fresh());
        byte[] fp = backend.fingerprint();
        long seq = backend.sequence();
        BackendException e = assertThrows(BackendException.class, () -> backend.leave(12345));
        assertEquals(BackendException.Reason.UNKNOWN_MEMBER, e.reason());
        assertEquals(BackendException.Reason.UNKNOWN_MEMBER,
                assertThrows(BackendException.class, () -> backend.sealedPath(12345)).reason());
        assertArrayEquals(fp, backend.fingerprint());
        assertEquals(seq, backend.sequence());
    }

    @Test
    void aBatchIsOneRekeyAndEachJoinersDownloadOpensWithItsKeys() throws Exception {
        backend = open(p, policy, GROUP, 10);
        int leaver = backend.join(fresh()).plan().joiners()[0];
        long seq = backend.sequence();
        List<ClientKeys> joiners = List.of(fresh(), fresh(), fresh());
        CommittedRekey b = backend.batch(joiners, new int[] {leaver});
        assertEquals(seq + 1, b.sequence());
        assertEquals(seq + 1, backend.sequence());
        int[] ids = b.plan().joiners();
        assertEquals(3, java.util.Arrays.stream(ids).distinct().count());
        assertArrayEquals(new int[] {leaver}, b.plan().leavers());
        GroupAuthKey auth = backend.authKey();
        for (int i = 0; i < ids.length; i++) {
            byte[] download = b.joinerKeys(i); // what registration hands the joiner
            MemberKeyState s = MemberKeyState.fromDownload(p, policy, GROUP, backend.epoch(), ids[i], joiners.get(i), auth,
                    backend.signingPublicKey(), download);
            assertEquals(backend.tekFingerprint(), InMemoryGroupBackend.tekFingerprint(s.tek()));
            s.destroy();
        }
        auth.destroy();
        assertThrows(IllegalArgumentException.class, () -> backend.batch(List.of(), new int[0]));
        byte[] fp = backend.fingerprint();
        assertEquals(BackendException.Reason.UNKNOWN_MEMBER,
                assertThrows(BackendException.class, () -> backend.batch(List.of(fresh()), new int[] {12345})).reason());
        assertArrayEquals(fp, backend.fingerprint(), "a refused batch changes nothing");
        assertEquals(seq + 1, backend.sequence());
    }

    /** Batches large enough that later joiners split the leaves of earlier ones: a moved joiner's download opens too. */
    @Test
    void everyJoinerOfLargeBatchesOpensItsKeys() throws Exception {
        backend = open(p, policy, GROUP, 10);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int round = 0; round < 8; round++) {
            int n = 1 + rnd.nextInt(64);
            List<ClientKeys> joiners = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                joiners.add(fresh());
            }
            CommittedRekey b = backend.batch(joiners, new int[0]);
            int[] ids = b.plan().joiners();
            GroupAuthKey auth = backend.authKey();
            for (int i = 0; i < ids.length; i++) {
                byte[] download = b.joinerKeys(i);
                int k = i;
                MemberKeyState s = org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> MemberKeyState.fromDownload(p,
                        policy, GROUP, backend.epoch(), ids[k], joiners.get(k), auth, backend.signingPublicKey(), download),
                        "round " + round + ", joiner " + i + " of " + n);
                assertEquals(backend.tekFingerprint(), InMemoryGroupBackend.tekFingerprint(s.tek()));
                s.destroy();
            }
            auth.destroy();
        }
    }

    @Test
    void memberIdsAreTheTreesMembers() throws Exception {
        backend = open(p, policy, GROUP, 10);
        int a = backend.join(fresh()).plan().joiners()[0];
        int b = backend.join(fresh()).plan().joiners()[0];
        int c = backend.join(fresh()).plan().joiners()[0];
        backend.leave(b);
        assertEquals(java.util.Set.of(a, c), java.util.Arrays.stream(backend.memberIds()).boxed().collect(
                java.util.stream.Collectors.toSet()));
    }

    @Test
    void aJoinersDownloadAndItsPostedPathOpenWithItsKeys() throws Exception {
        backend = open(p, policy, GROUP, 10);
        ClientKeys ck = fresh();
        CommittedRekey j = backend.join(ck);
        int id = j.plan().joiners()[0];
        GroupAuthKey auth = backend.authKey();
        MemberKeyState s = MemberKeyState.fromDownload(p, policy, GROUP, backend.epoch(), id, ck, auth,
                backend.signingPublicKey(), j.downloads().get(id));
        assertEquals(backend.tekFingerprint(), InMemoryGroupBackend.tekFingerprint(s.tek()));
        backend.join(fresh());
        backend.changeTek();
        s.resync(backend.sealedPath(id));
        assertEquals(backend.tekFingerprint(), InMemoryGroupBackend.tekFingerprint(s.tek()));
        assertEquals(backend.sequence(), s.sequence());
        s.destroy();
        auth.destroy();
    }
}
