package org.gkm.rekey.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.gkm.crypto.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The body codec on its own (no cryptography): round trips, canonical encoding, and the strict
 * decoder's rejection of every kind of malformed input (docs/rekey-engine.md, "Wire format").
 */
class RekeyMessageCodecTest {
    // Offsets in the encoding of sample() (layout in RekeyMessageCodec's javadoc).
    static final int GROUP_LEN = 2;
    static final int EPOCH = 5;
    static final int SEQ = 13;
    static final int TEK_VERSION = 21;
    static final int TEK_REVISION = 25;
    static final int GKMA_NAME_LEN = 29;
    static final int GKMA_NAME = 30;
    static final int GKMA_VERSION = 33;
    static final int DEGREE = 35;
    static final int SENDER = 37;
    static final int DERIVED_COUNT = 45;
    static final int DERIVED0 = 49;
    static final int ENTRY_COUNT = 57;
    static final int E0 = 61;
    static final int E0_CT_LEN = E0 + 27;
    static final int E1 = E0_CT_LEN + 2 + 40;
    static final int E1_ENC_LEN = E1 + 26;
    static final int E1_CT_LEN = E1_ENC_LEN + 1 + 32;
    static final int PK_COUNT = E1_CT_LEN + 2 + 48;
    static final int PK0 = PK_COUNT + 4;
    static final int PK0_TYPE = PK0 + 8;
    static final int PK0_LEN = PK0 + 10;
    static final int SAMPLE_LENGTH = PK0 + 12 + 32;

    /** One derived node, a SYMMETRIC and a PUBLIC entry, one X25519 key update; fixed bytes. */
    static RekeyMessage sample() {
        byte[] ct0 = new byte[40];
        Arrays.fill(ct0, (byte) 0xC0);
        byte[] enc1 = new byte[32];
        Arrays.fill(enc1, (byte) 0xE1);
        byte[] ct1 = new byte[48];
        Arrays.fill(ct1, (byte) 0xC1);
        byte[] pk = new byte[32];
        Arrays.fill(pk, (byte) 0x9A);
        return new RekeyMessage(GroupId.of("g1"), 7, 42, MessageType.LEAVE_REKEY, new TekId(3, 1), Gkma.lkh(4), 99,
                List.of(new KeyRef(5, 6)),
                List.of(KeyEntry.symmetric(new KeyRef(1, 2), KeyContent.NODE_KEY, 3600, new KeyRef(5, 2), ct0),
                        KeyEntry.toPublicKey(new KeyRef(0, 2), KeyContent.TEK, 600, new KeyRef(2, 1), enc1, ct1)),
                List.of(new PublicKeyUpdate(new KeyRef(1, 2), KeyType.X25519, pk)));
    }

    static byte[] sampleBody() {
        return RekeyMessageCodec.encode(sample());
    }

    static void assertMalformed(byte[] body, String what) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> RekeyMessageCodec.decode(body), what);
        assertFalse(e.getMessage().isEmpty());
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    @Test
    void sampleLayoutMatchesTheDocumentedOffsets() throws Exception {
        byte[] body = sampleBody();
        assertEquals(SAMPLE_LENGTH, body.length);
        assertEquals(SAMPLE_LENGTH, RekeyMessageCodec.encodedSize(sample()));
        assertEquals(RekeyMessageCodec.FORMAT_VERSION, body[0]);
        assertEquals(MessageType.LEAVE_REKEY.code(), body[1]);
        assertEquals(2, body[GROUP_LEN]);
        assertEquals(42, body[SEQ + 7]);
        assertEquals(3, body[GKMA_NAME_LEN]);
        assertEquals('L', body[GKMA_NAME]);
        assertEquals(4, body[DEGREE + 1]);
        assertEquals(1, body[DERIVED_COUNT + 3]);
        assertEquals(2, body[ENTRY_COUNT + 3]);
        assertEquals(40, body[E0_CT_LEN + 1]);
        assertEquals(32, body[E1_ENC_LEN]);
        assertEquals(48, body[E1_CT_LEN + 1]);
        assertEquals(1, body[PK_COUNT + 3]);
        assertEquals(KeyType.X25519.code(), ((body[PK0_TYPE] & 0xFF) << 8) | (body[PK0_TYPE + 1] & 0xFF));
        assertEquals(sample(), RekeyMessageCodec.decode(body));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyMessageTypeRoundTripsWithRandomContent(MessageType type) throws Exception {
        long seed = 0x5EED_0000L + type.code();
        Random rnd = new Random(seed);
        for (int i = 0; i < 200; i++) {
            RekeyMessage m = RandomMessages.message(rnd, type, i % 20 == 0 ? 300 : 6);
            byte[] body = RekeyMessageCodec.encode(m);
            assertEquals(body.length, RekeyMessageCodec.encodedSize(m), "seed " + seed + " case " + i);
            RekeyMessage back = RekeyMessageCodec.decode(body);
            assertEquals(m, back, "seed " + seed + " case " + i);
            assertEquals(m.hashCode(), back.hashCode());
            assertArrayEquals(body, RekeyMessageCodec.encode(back), "re-encoding differs, seed " + seed + " case " + i);
        }
    }

    @Test
    void emptyListsRoundTrip() throws Exception {
        RekeyMessage m = new RekeyMessage(GroupId.of("g"), 0, 0, MessageType.TEK_CHANGE, new TekId(0, 1), Gkma.lkh(2), 0,
                List.of(), List.of(), List.of());
        assertEquals(m, RekeyMessageCodec.decode(RekeyMessageCodec.encode(m)));
    }

    @Test
    void decodesFromAnOffsetRange() throws Exception {
        byte[] body = sampleBody();
        byte[] padded = new byte[body.length + 10];
        System.arraycopy(body, 0, padded, 3, body.length);
        assertEquals(sample(), RekeyMessageCodec.decode(padded, 3, body.length));
        assertThrows(MalformedMessageException.class, () -> RekeyMessageCodec.decode(padded, 3, body.length + 1));
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] body = sampleBody();
        for (int len = 0; len < body.length; len++) {
            assertMalformed(Arrays.copyOf(body, len), "truncated to " + len);
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] body = sampleBody();
        for (int extra = 1; extra <= 40; extra++) {
            byte[] longer = Arrays.copyOf(body, body.length + extra);
            longer[longer.length - 1] = (byte) extra;
            MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> RekeyMessageCodec.decode(longer));
            assertTrue(e.getMessage().contains("trailing"), e.getMessage());
        }
    }

    @Test
    void lengthLiesInEveryLengthAndCountFieldAreRejected() {
        int[][] u8Fields = {{GROUP_LEN, 2}, {GKMA_NAME_LEN, 3}, {E1_ENC_LEN, 32}};
        for (int[] f : u8Fields) {
            for (int lie : new int[] {0, f[1] - 1, f[1] + 1, 0xFF}) {
                byte[] b = sampleBody();
                b[f[0]] = (byte) lie;
                assertMalformed(b, "u8 length at " + f[0] + " = " + lie);
            }
        }
        int[][] u16Fields = {{E0_CT_LEN, 40}, {E1_CT_LEN, 48}, {PK0_LEN, 32}};
        for (int[] f : u16Fields) {
            for (int lie : new int[] {0, f[1] - 8, f[1] - 1, f[1] + 1, f[1] + 8, 0xFFFF}) {
                byte[] b = sampleBody();
                putU16(b, f[0], lie);
                assertMalformed(b, "u16 length at " + f[0] + " = " + lie);
            }
        }
        int[][] counts = {{DERIVED_COUNT, 1}, {ENTRY_COUNT, 2}, {PK_COUNT, 1}};
        for (int[] f : counts) {
            for (int lie : new int[] {0, f[1] - 1, f[1] + 1, 1 << 20, (1 << 20) + 1, Integer.MAX_VALUE, -1}) {
                if (lie == f[1]) {
                    continue;
                }
                byte[] b = sampleBody();
                putInt(b, f[0], lie);
                assertMalformed(b, "count at " + f[0] + " = " + lie);
            }
        }
    }

    @Test
    void countsAreCheckedAgainstLimitsAndRemainingBytesBeforeAllocation() {
        byte[] b = sampleBody();
        putInt(b, ENTRY_COUNT, RekeyLimits.MAX_ENTRIES + 1);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> RekeyMessageCodec.decode(b));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        putInt(b, ENTRY_COUNT, RekeyLimits.MAX_ENTRIES);
        e = assertThrows(MalformedMessageException.class, () -> RekeyMessageCodec.decode(b));
        assertTrue(e.getMessage().contains("remain"), e.getMessage());
        byte[] c = sampleBody();
        putInt(c, PK_COUNT, RekeyLimits.MAX_PUBLIC_KEY_UPDATES + 1);
        e = assertThrows(MalformedMessageException.class, () -> RekeyMessageCodec.decode(c));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        byte[] d = sampleBody();
        putInt(d, DERIVED_COUNT, RekeyLimits.MAX_DERIVED + 1);
        e = assertThrows(MalformedMessageException.class, () -> RekeyMessageCodec.decode(d));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void negativeNumbersInEverySignedFieldAreRejected() {
        int[] fields = {EPOCH, SEQ, TEK_VERSION, TEK_REVISION, SENDER, DERIVED_COUNT, DERIVED0, DERIVED0 + 4, ENTRY_COUNT,
            E0, E0 + 4, E0 + 9, E0 + 17, E0 + 21, E1, E1 + 4, E1 + 9, E1 + 17, E1 + 21, PK_COUNT, PK0, PK0 + 4};
        for (int at : fields) {
            byte[] b = sampleBody();
            b[at] |= (byte) 0x80;
            MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> RekeyMessageCodec.decode(b),
                    "top bit set at " + at);
            assertTrue(e.getMessage().contains("negative") || e.getMessage().contains("limit"), at + ": " + e.getMessage());
        }
    }

    @Test
    void unknownVersionsAndCodesAreRejected() {
        int[][] cases = {{0, 0}, {0, 2}, {0, 0xFF}, {1, 0}, {1, 8}, {1, 0xFF}, {E0 + 8, 0}, {E0 + 8, 8}, {E0 + 8, 0xFF},
            {E0 + 25, 0}, {E0 + 25, 3}, {E1 + 25, 0xFF}};
        for (int[] c : cases) {
            byte[] b = sampleBody();
            b[c[0]] = (byte) c[1];
            assertMalformed(b, "byte " + c[0] + " = " + c[1]);
        }
        for (int code : new int[] {0, 0xFFFF, KeyType.X25519.code() + 1}) {
            byte[] b = sampleBody();
            putU16(b, PK0_TYPE, code);
            assertMalformed(b, "key type " + code);
        }
    }

    @Test
    void fieldRulesOfTheValueTypesAreEnforcedOnDecode() {
        // A SYMMETRIC entry with an encapsulation; a PUBLIC entry relabelled SYMMETRIC keeps its 32-byte encapsulation.
        byte[] b = sampleBody();
        b[E1 + 25] = (byte) Encryption.SYMMETRIC.code();
        assertMalformed(b, "SYMMETRIC entry with encapsulation");
        // Degree outside 2..1024, GKMA name with a byte outside the alphabet.
        for (int degree : new int[] {0, 1, 1025, 0xFFFF}) {
            byte[] d = sampleBody();
            putU16(d, DEGREE, degree);
            assertMalformed(d, "degree " + degree);
        }
        for (int ch : new int[] {'!', ' ', 0, 0x80, 0xFF}) {
            byte[] n = sampleBody();
            n[GKMA_NAME + 1] = (byte) ch;
            assertMalformed(n, "GKMA name char " + ch);
        }
        // An X25519 key update with a 33-byte length: also shifts the rest, but the key rule fires first.
        byte[] k = sampleBody();
        putU16(k, PK0_LEN, 33);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> RekeyMessageCodec.decode(k));
        assertTrue(e.getMessage().contains("X25519"), e.getMessage());
    }

    @Test
    void symmetricCiphertextMustBeAKeyWrapOutputLength() {
        RekeyMessage m = sample();
        List<KeyEntry> entries = new ArrayList<>(m.entries());
        // Construct a body with a 41-byte SYMMETRIC ciphertext by hand: the value type refuses it.
        assertThrows(IllegalArgumentException.class,
                () -> KeyEntry.symmetric(new KeyRef(1, 1), KeyContent.NODE_KEY, 0, new KeyRef(2, 1), new byte[41]));
        entries.set(0, KeyEntry.toPublicKey(new KeyRef(1, 2), KeyContent.NODE_KEY, 3600, new KeyRef(5, 2), new byte[0], new byte[41]));
        byte[] body = RekeyMessageCodec.encode(new RekeyMessage(m.group(), m.epoch(), m.sequence(), m.type(), m.tek(), m.gkma(),
                m.senderId(), m.derived(), entries, m.publicKeys()));
        body[E0 + 25] = (byte) Encryption.SYMMETRIC.code();
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> RekeyMessageCodec.decode(body));
        assertTrue(e.getMessage().contains("multiple of 8"), e.getMessage());
    }

    @Test
    void valueTypesValidateAndCopyDefensively() {
        assertThrows(IllegalArgumentException.class, () -> new GroupId(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new GroupId(new byte[65]));
        assertThrows(IllegalArgumentException.class, () -> new KeyRef(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new KeyRef(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new TekId(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Gkma("LKH v1", 1, 4));
        assertThrows(IllegalArgumentException.class, () -> new Gkma("LKH", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Gkma("LKH", 65536, 4));
        assertThrows(IllegalArgumentException.class,
                () -> KeyEntry.symmetric(new KeyRef(1, 1), KeyContent.TEK, -1, new KeyRef(2, 1), new byte[40]));
        assertThrows(IllegalArgumentException.class,
                () -> KeyEntry.symmetric(new KeyRef(1, 1), KeyContent.TEK, 0, new KeyRef(2, 1), new byte[8]));
        assertThrows(IllegalArgumentException.class,
                () -> KeyEntry.toPublicKey(new KeyRef(1, 1), KeyContent.TEK, 0, new KeyRef(2, 1), new byte[66], new byte[48]));
        assertThrows(IllegalArgumentException.class,
                () -> KeyEntry.toPublicKey(new KeyRef(1, 1), KeyContent.TEK, 0, new KeyRef(2, 1), new byte[32], new byte[4097]));
        assertThrows(IllegalArgumentException.class, () -> new PublicKeyUpdate(new KeyRef(1, 1), KeyType.P256, new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> new PublicKeyUpdate(new KeyRef(1, 1), KeyType.RSA_3072, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new RekeyMessage(GroupId.of("g"), -1, 0, MessageType.RESYNC,
                new TekId(0, 0), Gkma.lkh(4), 0, List.of(), List.of(), List.of()));

        byte[] id = {1, 2, 3};
        GroupId g = new GroupId(id);
        id[0] = 9;
        assertEquals(1, g.value()[0]);
        g.value()[1] = 9;
        assertEquals(2, g.value()[1]);
        assertEquals(new GroupId(new byte[] {1, 2, 3}), g);
        assertEquals(new GroupId(new byte[] {1, 2, 3}).hashCode(), g.hashCode());

        byte[] ct = new byte[40];
        KeyEntry e = KeyEntry.symmetric(new KeyRef(1, 1), KeyContent.NODE_KEY, 0, new KeyRef(2, 1), ct);
        ct[0] = 1;
        assertEquals(0, e.ciphertext()[0]);
        e.ciphertext()[0] = 1;
        assertEquals(0, e.ciphertext()[0]);
        assertEquals(KeyEntry.symmetric(new KeyRef(1, 1), KeyContent.NODE_KEY, 0, new KeyRef(2, 1), new byte[40]), e);
        assertNotEquals(KeyEntry.symmetric(new KeyRef(1, 1), KeyContent.NODE_KEY, 0, new KeyRef(2, 1), ct), e);

        List<KeyEntry> list = new ArrayList<>(List.of(e));
        RekeyMessage m = new RekeyMessage(GroupId.of("g"), 0, 0, MessageType.RESYNC, new TekId(0, 0), Gkma.lkh(4), 0, List.of(),
                list, List.of());
        list.clear();
        assertEquals(1, m.entries().size());
        assertThrows(UnsupportedOperationException.class, () -> m.entries().clear());
    }

    @Test
    void toStringShowsLengthsNotCiphertextBytes() {
        RekeyMessage m = sample();
        String hexC0 = HexFormat.of().formatHex(new byte[] {(byte) 0xC0, (byte) 0xC0, (byte) 0xC0});
        String hexC1 = HexFormat.of().formatHex(new byte[] {(byte) 0xC1, (byte) 0xC1, (byte) 0xC1});
        for (String s : List.of(m.toString(), m.entries().get(0).toString(), m.entries().get(1).toString())) {
            assertFalse(s.contains(hexC0) || s.contains(hexC1) || s.toUpperCase().contains("C0C0C0"), s);
        }
        assertTrue(m.entries().get(0).toString().contains("ciphertext=40 bytes"));
    }

    @Test
    void hpkeInfoBindsGroupEpochTargetAndContent() {
        byte[] a = KeyEntry.hpkeInfo(GroupId.of("g1"), 7, new KeyRef(1, 2), KeyContent.NODE_KEY);
        assertFalse(Arrays.equals(a, KeyEntry.hpkeInfo(GroupId.of("g2"), 7, new KeyRef(1, 2), KeyContent.NODE_KEY)));
        assertFalse(Arrays.equals(a, KeyEntry.hpkeInfo(GroupId.of("g1"), 8, new KeyRef(1, 2), KeyContent.NODE_KEY)));
        assertFalse(Arrays.equals(a, KeyEntry.hpkeInfo(GroupId.of("g1"), 7L << 32, new KeyRef(1, 2), KeyContent.NODE_KEY)));
        assertFalse(Arrays.equals(a, KeyEntry.hpkeInfo(GroupId.of("g1"), 7, new KeyRef(2, 2), KeyContent.NODE_KEY)));
        assertFalse(Arrays.equals(a, KeyEntry.hpkeInfo(GroupId.of("g1"), 7, new KeyRef(1, 3), KeyContent.NODE_KEY)));
        assertFalse(Arrays.equals(a, KeyEntry.hpkeInfo(GroupId.of("g1"), 7, new KeyRef(1, 2), KeyContent.TEK)));
        assertArrayEquals(a, KeyEntry.hpkeInfo(GroupId.of("g1"), 7, new KeyRef(1, 2), KeyContent.NODE_KEY));
        // Length-prefixed group id: "g1" + node 0x31.. cannot collide with "g" + a different layout.
        assertEquals(KeyEntry.HPKE_INFO_LABEL.length + 1 + 2 + 8 + 9, a.length);
    }

    @Test
    void encodeRefusesBodiesOverTheLimit() {
        // 2^14 PUBLIC entries of 4096-byte ciphertexts: about 67 MB > MAX_BODY_BYTES.
        KeyEntry big = KeyEntry.toPublicKey(new KeyRef(1, 1), KeyContent.NODE_KEY, 0, new KeyRef(2, 1), new byte[0],
                new byte[RekeyLimits.MAX_CIPHERTEXT_BYTES]);
        List<KeyEntry> entries = java.util.Collections.nCopies(1 << 14, big);
        RekeyMessage m = new RekeyMessage(GroupId.of("g"), 0, 0, MessageType.BATCH_REKEY, new TekId(0, 0), Gkma.lkh(4), 0,
                List.of(), entries, List.of());
        assertTrue(RekeyMessageCodec.encodedSize(m) > RekeyMessageCodec.MAX_BODY_BYTES);
        assertThrows(IllegalArgumentException.class, () -> RekeyMessageCodec.encode(m));
    }
}
