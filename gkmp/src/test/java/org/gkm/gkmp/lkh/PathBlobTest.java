package org.gkm.gkmp.lkh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.rekey.GroupPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The path blob's codec, on a blob the controller side wrote: decode then encode gives the same
 * bytes, in both tree modes; every truncation, a trailing byte and a private key of the wrong length
 * are refused with {@link MalformedMessageException}; {@code toString} shows no key. Both providers.
 */
class PathBlobTest {
    static List<String> providers() {
        return TestProviders.names();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void decodeIsTheInverseOfEncodeAndStrict(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        for (GroupPolicy.TreeMode mode : GroupPolicy.TreeMode.values()) {
            GroupPolicy policy = GroupPolicy.defaults().withTreeMode(mode);
            GkmpGroupId g = new GkmpGroupId(204);
            EntityId a = EntityId.of("a");
            LkhBinding tree = LkhBinding.create(p, policy, g, List.of(a, EntityId.of("b")), 5);
            byte[] blob = tree.pathFor(g, a);

            PathBlob decoded = PathBlob.decode(SecretBytes.copyOf(blob));
            assertEquals(0, decoded.memberId());
            assertEquals(5, decoded.epoch());
            assertEquals(policy.signatureAlgorithm(), decoded.signatureAlgorithm());
            assertEquals(policy.hybrid(), decoded.clientKeys().clientPrivateKey() != null, mode.toString());
            assertArrayEquals(blob, decoded.encode(), "re-encoding gives the same bytes (" + mode + ")");
            String shown = decoded.toString();
            byte[] clientKey = decoded.clientKeys().clientKey().toByteArray(InsecureSecretAccess.get());
            assertFalse(shown.contains(HexFormat.of().formatHex(clientKey)), "toString shows the client key");
            decoded.authKey().destroy();

            for (int n = 0; n < blob.length; n++) {
                byte[] cut = Arrays.copyOf(blob, n);
                assertThrows(MalformedMessageException.class, () -> PathBlob.decode(SecretBytes.copyOf(cut)),
                        "truncated to " + n + " bytes");
            }
            byte[] longer = Arrays.copyOf(blob, blob.length + 1);
            assertThrows(MalformedMessageException.class, () -> PathBlob.decode(SecretBytes.copyOf(longer)));
        }
    }

    /** A symmetric tree's blob carries no client private key; one claiming 31 bytes of it is refused. */
    @ParameterizedTest
    @MethodSource("providers")
    void aPrivateKeyOfTheWrongLengthIsRefused(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        GroupPolicy policy = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.SYMMETRIC_ONLY);
        GkmpGroupId g = new GkmpGroupId(205);
        EntityId a = EntityId.of("a");
        byte[] blob = LkhBinding.create(p, policy, g, List.of(a, EntityId.of("b")), 1).pathFor(g, a);
        PathBlob decoded = PathBlob.decode(SecretBytes.copyOf(blob));
        assertNull(decoded.clientKeys().clientPrivateKey());
        decoded.authKey().destroy();
        // member id u32, epoch i64, client key [32], then the private key's u16 length (0 here)
        int lengthAt = 4 + 8 + 32;
        assertEquals(0, blob[lengthAt] << 8 | blob[lengthAt + 1]);
        byte[] forged = new byte[blob.length + 31];
        System.arraycopy(blob, 0, forged, 0, lengthAt);
        forged[lengthAt + 1] = 31;
        System.arraycopy(blob, lengthAt + 2, forged, lengthAt + 2 + 31, blob.length - lengthAt - 2);
        assertThrows(MalformedMessageException.class, () -> PathBlob.decode(SecretBytes.copyOf(forged)));
    }
}
