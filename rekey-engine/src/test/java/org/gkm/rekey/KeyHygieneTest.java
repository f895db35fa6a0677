package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.HpkeSealed;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.OpenedRekeyMessage;
import org.gkm.rekey.message.RekeyMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * Key hygiene of the engine: the verified-message types are made by the opener only, HPKE entries
 * are bound to the Rekey SA epoch, neither the TEK nor a node key is ever an AES-KW key itself
 * (entries go under their sub-keys, which the one-way functions neither produce nor use), the
 * GCKS's cached sub-keys follow the node keys, and a member's state zeroes the key arrays it
 * replaces and everything on {@link MemberKeyState#destroy()}.
 */
class KeyHygieneTest {
    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    @Test
    void verifiedMessagesAreMadeByTheOpenerOnly() {
        for (java.lang.reflect.Constructor<?> c : OpenedRekeyMessage.class.getDeclaredConstructors()) {
            assertFalse(Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers()), c.toString());
        }
        assertFalse(OpenedRekeyMessage.class.isRecord(), "a public record would have a public canonical constructor");
        for (Method m : EntryIndex.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                assertEquals(List.of(OpenedRekeyMessage.class), Arrays.asList(m.getParameterTypes()), m.toString());
            }
        }
        for (Method m : MemberKeyState.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                assertFalse(Arrays.asList(m.getParameterTypes()).contains(RekeyMessage.class),
                        "a public member entry point takes an unchecked RekeyMessage: " + m);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void hpkeEntriesAreBoundToTheEpoch(CryptoProvider p) throws Exception {
        byte[] sk = new byte[32];
        new SeededRandom(4).fill(sk, 0, 32);
        PrivateKey recipient = PrivateKey.decode(KeyType.X25519, sk);
        byte[] eph = new byte[32];
        new SeededRandom(5).fill(eph, 0, 32);
        GroupId g = GroupId.of("g");
        KeyRef target = new KeyRef(3, 9);
        byte[] key = new byte[32];
        HpkeSealed s = HpkeEntries.seal(p, p.keys().publicKey(recipient), eph, KeyEntry.hpkeInfo(g, 7, target, KeyContent.NODE_KEY),
                key);
        assertArrayEquals(key, HpkeEntries.open(p, recipient, s.enc(), KeyEntry.hpkeInfo(g, 7, target, KeyContent.NODE_KEY),
                s.ciphertext()));
        assertThrows(InvalidCiphertextException.class, () -> HpkeEntries.open(p, recipient, s.enc(),
                KeyEntry.hpkeInfo(g, 8, target, KeyContent.NODE_KEY), s.ciphertext()));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theRootPrivateKeyIsWrappedUnderTheTeksSubKeyNotTheTek(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID), 8, 12);
        Rekey r = g.gcks.leave(Requester.owner(), 2);
        byte[] tek = g.gcks.tek().toByteArray(InsecureSecretAccess.get());
        KeyEntry root = r.message().entries().stream().filter(e -> e.content() == KeyContent.ROOT_PRIVATE_KEY).findFirst()
                .orElseThrow();
        assertThrows(InvalidCiphertextException.class, () -> KeyUnwrap.unwrap32(p, tek, root.ciphertext()));
        assertNotNull(KeyUnwrap.unwrap32(p, Labels.tekKek(p, tek), root.ciphertext()));
        g.deliver(r);
        g.assertConverged();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void entriesUnderANodeAreWrappedUnderItsSubKeyNotItsKey(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID), 20, 14);
        Rekey leave = g.gcks.leave(Requester.owner(), 2); // fresh keys
        int checked = checkWrappedUnderSubKeys(p, g.gcks, leave.message().entries());
        g.deliver(leave);
        ClientKeys c = g.newClient();
        Rekey join = g.gcks.join(Requester.owner(), c); // derived keys, the joiner's download
        checked += checkWrappedUnderSubKeys(p, g.gcks, join.downloads().get(0).message().entries());
        g.apply(join, List.of(c));
        checked += checkWrappedUnderSubKeys(p, g.gcks, g.gcks.pathView(7).entries()); // keys that did not change
        assertTrue(checked >= 15, "too few symmetric entries checked: " + checked);
        g.assertConverged();
    }

    /**
     * Every symmetric entry except the root private key's (under the TEK's sub-key, test above)
     * fails to open under the encrypting node's current key and opens under its sub-key, a NODE_KEY
     * entry to the target node's current key. Returns the number of entries checked.
     */
    private static int checkWrappedUnderSubKeys(CryptoProvider p, GroupKeyServer gcks, List<KeyEntry> entries)
            throws Exception {
        int checked = 0;
        for (KeyEntry e : entries) {
            if (e.encryption() != org.gkm.rekey.message.Encryption.SYMMETRIC || e.content() == KeyContent.ROOT_PRIVATE_KEY) {
                continue;
            }
            byte[] key = new byte[KeyTree.KEY];
            gcks.tree().copyKey(e.encryptingKey().nodeId(), key, 0);
            assertEquals(gcks.generation(e.encryptingKey().nodeId()), e.encryptingKey().generation());
            assertThrows(InvalidCiphertextException.class, () -> KeyUnwrap.unwrap32(p, key, e.ciphertext()),
                    "entry " + e.target() + " " + e.content() + " opens under the raw key of " + e.encryptingKey());
            byte[] opened = KeyUnwrap.unwrap32(p, Labels.nodeKek(p, key), e.ciphertext());
            if (e.content() == KeyContent.NODE_KEY) {
                byte[] targetKey = new byte[KeyTree.KEY];
                gcks.tree().copyKey(e.target().nodeId(), targetKey, 0);
                assertArrayEquals(targetKey, opened);
            }
            checked++;
        }
        return checked;
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theSubKeyIsNeitherAOneWayOutputNorAnInputOfOne(CryptoProvider p) throws Exception {
        byte[] key = new byte[KeyTree.KEY];
        new SeededRandom(15).fill(key, 0, key.length);
        byte[] kek = Labels.nodeKek(p, key);
        // what it is: HKDF-Expand(K, "gkm lkh node kek v1", 32), the same under both providers
        assertArrayEquals(p.kdf().expand(key, "gkm lkh node kek v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32),
                kek);
        assertArrayEquals(Labels.nodeKek(TestProviders.java(), key), kek);
        List<byte[]> others = new ArrayList<>(List.of(key, Labels.tekKek(p, key)));
        for (int node : new int[] {0, 1, 5, 1000}) {
            for (int gen : new int[] {0, 1, 2, 77}) {
                byte[] derived = Labels.deriveNode(p, key, node, gen);
                others.add(derived);
                others.add(Labels.derivePrivate(p, key, node, gen));
                others.add(Labels.deriveTek(p, key, node, gen));
                // the one-way functions take the node key, not its sub-key: holding the sub-key
                // (an AES-KW key) gives none of the keys derived from the node key
                assertFalse(Arrays.equals(derived, Labels.deriveNode(p, kek, node, gen)));
                assertFalse(Arrays.equals(Labels.derivePrivate(p, key, node, gen), Labels.derivePrivate(p, kek, node, gen)));
                assertFalse(Arrays.equals(kek, Labels.nodeKek(p, derived)), "the next generation's sub-key is new");
            }
        }
        for (byte[] o : others) {
            assertFalse(Arrays.equals(kek, o), "the sub-key equals another key derived from the node key");
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theGcksCachesOnlySubKeysOfTheCurrentNodeKeys(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID).withDegree(2), 40, 16);
        KeyTree t = g.gcks.tree();
        java.util.Random pick = new java.util.Random(16);
        for (int round = 0; round < 12; round++) {
            switch (round % 4) {
                case 0 -> g.apply(g.gcks.leave(Requester.owner(), g.members.keySet().iterator().next()), List.of());
                case 1 -> {
                    ClientKeys c = g.newClient();
                    g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
                }
                case 2 -> {
                    List<ClientKeys> cs = List.of(g.newClient(), g.newClient(), g.newClient());
                    int[] ids = g.members.keySet().stream().mapToInt(Integer::intValue).toArray();
                    g.apply(g.gcks.batch(Requester.owner(), cs, new int[] {ids[pick.nextInt(ids.length)]}), cs);
                }
                default -> g.apply(g.gcks.changeTek(Requester.owner()), List.of());
            }
            int cached = 0;
            for (int v = 0; v < t.kekSpan(); v++) {
                if (t.kekCached(v)) {
                    byte[] key = new byte[KeyTree.KEY];
                    byte[] kek = new byte[KeyTree.KEY];
                    t.copyKey(v, key, 0);
                    t.copyKek(v, kek, 0);
                    assertArrayEquals(Labels.nodeKek(p, key), kek, "stale cached sub-key of node " + v);
                    cached++;
                }
            }
            assertTrue(cached > 0, "the root's sub-key is cached after a rekey");
            g.assertConverged();
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void replacedKeyArraysAreZeroedAndDestroyZeroesEverything(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID), 8, 13);
        MemberKeyState s = g.members.get(5);
        List<byte[]> old = secretArrays(s);
        assertTrue(old.stream().allMatch(KeyHygieneTest::nonZero), "a live state holds keys");
        g.deliver(g.gcks.leave(Requester.owner(), 2)); // new path keys, private keys, TEK, root private and auth key
        for (byte[] a : old) {
            assertFalse(nonZero(a), "an array of the replaced state was left with key bytes");
        }
        List<byte[]> live = secretArrays(s);
        assertTrue(live.stream().allMatch(KeyHygieneTest::nonZero));
        s.destroy();
        for (byte[] a : live) {
            assertFalse(nonZero(a), "destroy() left key bytes");
        }
        assertThrows(IllegalStateException.class, () -> s.heldKeys(InsecureSecretAccess.get()));
        assertThrows(IllegalStateException.class, s::tek);
        assertThrows(IllegalStateException.class, () -> s.process(g.seal(g.gcks.changeTek(Requester.owner()))));
        assertTrue(s.toString().contains("destroyed"));
    }

    /** The state's secret arrays, the live objects (not copies). */
    private static List<byte[]> secretArrays(MemberKeyState s) throws Exception {
        Field f = MemberKeyState.class.getDeclaredField("state");
        f.setAccessible(true);
        Object state = f.get(s);
        List<byte[]> out = new ArrayList<>();
        for (String name : new String[] {"keys", "keks", "privs", "rootPrivate", "tek", "authKey"}) {
            Field a = state.getClass().getDeclaredField(name);
            a.setAccessible(true);
            out.add((byte[]) a.get(state));
        }
        return out;
    }

    private static boolean nonZero(byte[] a) {
        for (byte b : a) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    /** A joiner's client keys can be zeroed once it is placed: the engine keeps its own copy. */
    @ParameterizedTest
    @MethodSource("providers")
    void destroyedClientKeysAreZeroedAndTheEngineKeepsItsCopy(CryptoProvider p) throws Exception {
        GroupPolicy policy = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID);
        GroupKeyServer gcks = GroupKeyServer.create(p, policy, GroupId.of("client-keys"), EngineRandom.of(p), 8, 1);
        ClientKeys joiner = ClientKeys.generate(EngineRandom.of(p), true);
        byte[] key = joiner.clientKey().toByteArray(InsecureSecretAccess.get());
        Rekey r = gcks.join(Requester.owner(), joiner);
        int id = r.plan().joiners()[0];
        byte[] fingerprint = gcks.fingerprint();
        byte[] held = joiner.clientKeyArray();
        byte[] heldPrivate = joiner.clientPrivateArray();
        joiner.destroy();
        assertTrue(joiner.isDestroyed());
        assertTrue(allZero(held) && allZero(heldPrivate), "keys not zeroed");
        assertThrows(IllegalStateException.class, joiner::clientKey);
        assertThrows(IllegalStateException.class, joiner::clientPrivateKey);
        assertArrayEquals(fingerprint, gcks.fingerprint(), "destroying the caller's copy changed the server");
        assertArrayEquals(key, gcks.clientKeys(id).clientKey().toByteArray(InsecureSecretAccess.get()));
        joiner.destroy(); // idempotent
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
