package org.gkm.gkmp.lkh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MemberKeyState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GKMP's GTEK and GKEK under the rekey engine are sub-keys of the engine's TEK and root key, never
 * those keys themselves (GKMP uses them as AES-GCM keys, the engine as HKDF keys only), and the
 * controller and a tree member derive the same ones, before and after an LKH rekey. Both providers.
 */
class LkhBindingKeysTest {
    static List<String> providers() {
        return TestProviders.names();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void gkmpKeysAreSubKeysOfTheEngineKeys(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        GroupPolicy policy = GroupPolicy.defaults();
        GkmpGroupId g = new GkmpGroupId(202);
        EntityId a = EntityId.of("a");
        LkhBinding tree = LkhBinding.create(p, policy, g, List.of(a, EntityId.of("b"), EntityId.of("c")), 3);
        LkhBinding.Member member = LkhBinding.Member.open(p, policy, g,
                org.gkm.crypto.SecretBytes.copyOf(tree.pathFor(g, a)));
        for (int round = 0; round < 2; round++) {
            LkhBinding.EngineKeys gc = tree.keys();
            LkhBinding.EngineKeys m = member.keys();
            byte[] tek = tree.engine().tek().toByteArray(InsecureSecretAccess.get());
            MemberKeyState.HeldKeys held = tree.engine().memberKeys(0, InsecureSecretAccess.get());
            byte[] root = Arrays.copyOfRange(held.keys(), held.keys().length - 32, held.keys().length);
            byte[] gtek = gc.gtek().toByteArray(InsecureSecretAccess.get());
            byte[] gkek = gc.gkek().toByteArray(InsecureSecretAccess.get());
            assertFalse(Arrays.equals(tek, gtek), "the GTEK is the engine's TEK");
            assertFalse(Arrays.equals(root, gkek), "the GKEK is the engine's root key");
            assertArrayEquals(p.kdf().expand(tek, "gkm gkmp gtek v1".getBytes(StandardCharsets.US_ASCII), 32), gtek);
            assertArrayEquals(p.kdf().expand(root, "gkm gkmp gkek v1".getBytes(StandardCharsets.US_ASCII), 32), gkek);
            assertArrayEquals(gtek, m.gtek().toByteArray(InsecureSecretAccess.get()), "member and controller differ");
            assertArrayEquals(gkek, m.gkek().toByteArray(InsecureSecretAccess.get()), "member and controller differ");
            // an LKH leave of another member: new TEK and root key, and new GKMP keys on both sides
            assertTrue(member.process(tree.leave(EntityId.of(round == 0 ? "b" : "c"))));
        }
        assertEquals(3, tree.engine().tekId().version(), "two leaves applied");
    }

    /** A path blob whose member id does not fit an int (u32 above 2^31-1) is refused, not wrapped to a negative id. */
    @ParameterizedTest
    @MethodSource("providers")
    void aMemberIdBeyondTheIntRangeIsRefused(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        GroupPolicy policy = GroupPolicy.defaults();
        GkmpGroupId g = new GkmpGroupId(203);
        EntityId a = EntityId.of("a");
        LkhBinding tree = LkhBinding.create(p, policy, g, List.of(a, EntityId.of("b")), 3);
        byte[] blob = tree.pathFor(g, a);
        blob[0] = (byte) 0x80; // member id 0 -> 2^31
        assertThrows(MalformedMessageException.class,
                () -> LkhBinding.Member.open(p, policy, g, org.gkm.crypto.SecretBytes.copyOf(blob)));
    }
}
