package org.gkm.rekey.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known-answer bytes of the rekey message body ({@link RekeyMessageCodec}), the sealed envelope
 * ({@link Envelope}, signed with the RFC 8032 sec. 7.1 test 1 Ed25519 key, which signs
 * deterministically) and the HPKE info of an entry: the formats are fixed, so any change to how
 * they are written or read fails here, whatever codec layer writes them.
 */
class WireFormatVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final GroupId GROUP = new GroupId("grp-1".getBytes(StandardCharsets.US_ASCII));

    static final String BODY =
            // version, type, group id "grp-1"
              "0101056772702d31"
            // epoch 3, sequence 258
            + "00000000000000030000000000000102"
            // TEK 5.1, GKMA "LKH" v1 degree 4
            + "0000000500000001034c4b4800010004"
            // sender id 9
            + "0000000000000009"
            // 1 derived: node 6 gen 2
            + "000000010000000600000002"
            // 2 entries
            + "00000002"
            // entry 0: target 1.2, NODE_KEY, lifetime 3600, under 3.1, SYMMETRIC, no encapsulation, 24-byte ciphertext
            + "0000000100000002010000000000000e10000000030000000101000018"
            + "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0"
            // entry 1: target 2.7, NODE_PRIVATE_KEY, lifetime 0, under 4.4, PUBLIC (HPKE), 32-byte encapsulation
            + "000000020000000702000000000000000000000004000000040220"
            + "1111111111111111111111111111111111111111111111111111111111111111"
            // 48-byte ciphertext
            + "0030"
            + "222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222"
            // 1 public key: node 1.2, X25519, 32 bytes
            + "00000001000000010000000200200020"
            + "3333333333333333333333333333333333333333333333333333333333333333";

    static final String SEALED =
            // envelope version 4, auth key generation 2, body length 274
              "040000000200000112"
            + BODY
            // sender key id 7, Ed25519 (0x0807), 64-byte signature
            + "000000000000000708070040"
            + "0a1fe4bfd6ac08b63d3fea012d45c3e8af29a551ee460af96b4b8ad0cae12e62"
            + "d5100487ce8117769d4236b083a1b3f13713be74a1a4f9bc61531e47a442a50f"
            // HMAC-SHA256 tag under the auth key (32 bytes of 0x44) over D || signature length || signature
            + "aab134f9d00e3debf0675d67c7e4887131df81039b0d0a5421e76b1f603321a9";

    private static byte[] fill(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    static RekeyMessage message() {
        return new RekeyMessage(GROUP, 3, 258, MessageType.LEAVE_REKEY, new TekId(5, 1), new Gkma("LKH", 1, 4), 9,
                List.of(new KeyRef(6, 2)),
                List.of(KeyEntry.symmetric(new KeyRef(1, 2), KeyContent.NODE_KEY, 3600, new KeyRef(3, 1), fill(24, 0xA0)),
                        KeyEntry.toPublicKey(new KeyRef(2, 7), KeyContent.NODE_PRIVATE_KEY, 0, new KeyRef(4, 4), fill(32, 0x11),
                                fill(48, 0x22))),
                List.of(new PublicKeyUpdate(new KeyRef(1, 2), KeyType.X25519, fill(32, 0x33))));
    }

    @Test
    void bodyEncodesAndDecodesToTheKnownBytes() throws Exception {
        assertEquals(BODY, HEX.formatHex(RekeyMessageCodec.encode(message())));
        assertEquals(BODY.length() / 2, RekeyMessageCodec.encodedSize(message()));
        assertEquals(message(), RekeyMessageCodec.decode(HEX.parseHex(BODY)));
    }

    @Test
    void anEncodedEntriesBlockEncodesToTheSameBytes() {
        EncodedEntries.Builder b = EncodedEntries.symmetric(1, 24);
        b.header(0, 1, 2, KeyContent.NODE_KEY, 3600, 3, 1);
        System.arraycopy(fill(24, 0xA0), 0, b.array(), b.ciphertextOffset(0), 24);
        RekeyMessage m = message();
        RekeyMessage blocked = new RekeyMessage(m.group(), m.epoch(), m.sequence(), m.type(), m.tek(), m.gkma(), m.senderId(),
                m.derived(), b.build(List.of(m.entries().get(1))), m.publicKeys());
        assertEquals(BODY, HEX.formatHex(RekeyMessageCodec.encode(blocked)));
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void sealedEnvelopeHasTheKnownBytesAndOpens(CryptoProvider provider) throws Exception {
        PrivateKey sk = PrivateKey.decode(KeyType.ED25519, HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        PublicKey pk = PublicKey.decode(KeyType.ED25519, HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        GroupAuthKey auth = GroupAuthKey.of(2, SecretBytes.copyOf(fill(32, 0x44)));
        byte[] sealed = new RekeyMessageSealer(provider, SignatureAlgorithm.ED25519, sk, 7).seal(message(), auth);
        assertEquals(SEALED, HEX.formatHex(sealed));
        OpenedRekeyMessage opened = new RekeyMessageOpener(provider).open(HEX.parseHex(SEALED), auth, Map.of(7L, pk));
        assertEquals(message(), opened.message());
        assertEquals(2, RekeyMessageOpener.authGeneration(sealed));
    }

    @Test
    void hpkeInfoHasTheKnownBytes() {
        // "gkm rekey entry v2", u8 5, "grp-1", u64 epoch 3, u32 node 2, u32 generation 7, u8 NODE_PRIVATE_KEY
        assertArrayEquals(HEX.parseHex("676b6d2072656b657920656e747279207632056772702d310000000000000003000000020000000702"),
                KeyEntry.hpkeInfo(GROUP, 3, new KeyRef(2, 7), KeyContent.NODE_PRIVATE_KEY));
    }
}
