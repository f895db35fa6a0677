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
 * are bound to the Rekey SA epoch, the TEK is never an AES-KW key itself, and a member's state
 * zeroes the key arrays it replaces and everything on {@link MemberKeyState#destroy()}.
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
        for (String name : new String[] {"keys", "privs", "rootPrivate", "tek", "authKey"}) {
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
}
