package org.gkm.rekey.message;

import org.gkm.crypto.testing.TestProviders;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MAC + signature envelope on both providers and all three signature encodings: round trips,
 * and rejection of tampered messages in the order size -> MAC -> signature -> decode, each with its
 * own exception (shared contract; RFC 4046 sec. 5.2: "Members verify the signature only upon
 * successful verification of the MAC").
 */
class RekeyMessageEnvelopeTest {
    static final long SIGNER_ID = 1;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (CryptoProvider p : TestProviders.all()) {
            for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
                out.add(Arguments.of(p, a));
            }
        }
        return out.stream();
    }

    /** One signer, its trust map and a group authentication key. */
    static final class Fixture {
        final CryptoProvider provider;
        final SignatureAlgorithm algorithm;
        final KeyPair signingKey;
        final GroupAuthKey authKey;
        final RekeyMessageSealer sealer;
        final RekeyMessageOpener opener;
        final Map<Long, PublicKey> trusted;

        Fixture(CryptoProvider provider, SignatureAlgorithm algorithm, long seed) {
            this.provider = provider;
            this.algorithm = algorithm;
            this.signingKey = provider.keys().generate(algorithm.keyType());
            this.authKey = GroupAuthKey.of(0, SecretBytes.copyOf(RandomMessages.bytes(new Random(seed), 32)));
            this.sealer = new RekeyMessageSealer(provider, algorithm, signingKey.privateKey(), SIGNER_ID);
            this.opener = new RekeyMessageOpener(provider);
            this.trusted = Map.of(SIGNER_ID, signingKey.publicKey());
        }

        byte[] sample() {
            return sealer.seal(RekeyMessageCodecTest.sample(), authKey);
        }

        <T extends Throwable> T rejects(Class<T> type, byte[] sealed, String what) {
            T e = assertThrows(type, () -> opener.open(sealed, authKey, trusted), what);
            assertEquals(type, e.getClass(), what + ": " + e);
            return e;
        }

        /** An insider's move: recompute the MAC with the group authentication key. */
        byte[] remac(byte[] sealed) {
            return EnvelopeTags.remac(provider, authKey.key(), sealed);
        }
    }

    static int signerOffset() {
        return Envelope.HEADER_BYTES + RekeyMessageCodecTest.SAMPLE_LENGTH;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyMessageTypeSealsAndOpens(CryptoProvider provider, SignatureAlgorithm algorithm) throws Exception {
        Fixture f = new Fixture(provider, algorithm, 1);
        long seed = 0xE17E_1000L + algorithm.code();
        Random rnd = new Random(seed);
        for (MessageType type : MessageType.values()) {
            for (int i = 0; i < 5; i++) {
                RekeyMessage m = RandomMessages.message(rnd, type, 8);
                byte[] sealed = f.sealer.seal(m, f.authKey);
                OpenedRekeyMessage opened = f.opener.open(sealed, f.authKey, f.trusted);
                assertEquals(m, opened.message(), "seed " + seed);
                assertEquals(SIGNER_ID, opened.signerKeyId());
                assertEquals(algorithm, opened.algorithm());
                assertEquals(sealed.length, opened.sealedLength());
                int bodyLength = (int) RekeyMessageCodec.encodedSize(m);
                int sigLenAt = Envelope.HEADER_BYTES + bodyLength + 10;
                int signatureLength = ((sealed[sigLenAt] & 0xFF) << 8) | (sealed[sigLenAt + 1] & 0xFF);
                assertTrue(signatureLength >= 64 && signatureLength <= 72, "signature length " + signatureLength);
                assertEquals(bodyLength + Envelope.HEADER_BYTES + Envelope.SIGNER_BYTES + signatureLength + Envelope.TAG_BYTES,
                        sealed.length);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyFlippedByteIsRejectedAtTheRightStep(CryptoProvider provider, SignatureAlgorithm algorithm) {
        Fixture f = new Fixture(provider, algorithm, 2);
        byte[] sealed = f.sample();
        int sigLen = signerOffset() + 10;
        for (int mask : new int[] {0x01, 0xFF}) {
            for (int i = 0; i < sealed.length; i++) {
                byte[] t = sealed.clone();
                t[i] ^= (byte) mask;
                String what = "byte " + i + " ^ " + mask;
                if (i == 0 || (i == Envelope.AUTH_GENERATION_AT && mask == 0xFF)) {
                    f.rejects(MalformedMessageException.class, t, what); // version, or a generation with its top bit set
                } else if (i < Envelope.BODY_LENGTH_AT) {
                    f.rejects(MessageAuthenticationException.class, t, what); // another auth key generation
                } else if (i < Envelope.HEADER_BYTES || i == sigLen || i == sigLen + 1) {
                    f.rejects(MessageSizeException.class, t, what);
                } else {
                    f.rejects(MessageAuthenticationException.class, t, what);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyTruncationAndExtensionIsRejectedBySize(CryptoProvider provider, SignatureAlgorithm algorithm) {
        Fixture f = new Fixture(provider, algorithm, 3);
        byte[] sealed = f.sample();
        for (int len = 0; len < sealed.length; len++) {
            f.rejects(MessageSizeException.class, Arrays.copyOf(sealed, len), "truncated to " + len);
        }
        for (int extra = 1; extra <= 80; extra++) {
            f.rejects(MessageSizeException.class, Arrays.copyOf(sealed, sealed.length + extra), "extended by " + extra);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void envelopeLengthLiesAreRejectedEvenWithAValidMac(CryptoProvider provider, SignatureAlgorithm algorithm) {
        Fixture f = new Fixture(provider, algorithm, 4);
        byte[] sealed = f.sample();
        int b = RekeyMessageCodecTest.SAMPLE_LENGTH;
        for (int lie : new int[] {0, 1, b - 1, b + 1, b + 64, 0x7FFF_FFFF, -1}) {
            byte[] t = sealed.clone();
            RekeyMessageCodecTest.putInt(t, Envelope.BODY_LENGTH_AT, lie);
            f.rejects(MessageSizeException.class, f.remac(t), "body length " + lie);
        }
        int s = ((sealed[signerOffset() + 10] & 0xFF) << 8) | (sealed[signerOffset() + 11] & 0xFF);
        for (int lie : new int[] {0, 1, s - 1, s + 1, 72, 73, 0xFFFF}) {
            if (lie == s) {
                continue;
            }
            byte[] t = sealed.clone();
            RekeyMessageCodecTest.putU16(t, signerOffset() + 10, lie);
            f.rejects(MessageSizeException.class, f.remac(t), "signature length " + lie);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void bodyLengthLiesBehindAValidMacAndSignatureAreMalformed(CryptoProvider provider, SignatureAlgorithm algorithm) {
        Fixture f = new Fixture(provider, algorithm, 5);
        int[][] u8 = {{RekeyMessageCodecTest.GROUP_LEN, 2}, {RekeyMessageCodecTest.GKMA_NAME_LEN, 3},
            {RekeyMessageCodecTest.E1_ENC_LEN, 32}};
        int[][] u16 = {{RekeyMessageCodecTest.E0_CT_LEN, 40}, {RekeyMessageCodecTest.E1_CT_LEN, 48},
            {RekeyMessageCodecTest.PK0_LEN, 32}};
        int[][] u32 = {{RekeyMessageCodecTest.DERIVED_COUNT, 1}, {RekeyMessageCodecTest.ENTRY_COUNT, 2},
            {RekeyMessageCodecTest.PK_COUNT, 1}};
        List<byte[]> bodies = new ArrayList<>();
        for (int d : new int[] {-1, 1}) {
            for (int[] x : u8) {
                byte[] body = RekeyMessageCodecTest.sampleBody();
                body[x[0]] = (byte) (x[1] + d);
                bodies.add(body);
            }
            for (int[] x : u16) {
                byte[] body = RekeyMessageCodecTest.sampleBody();
                RekeyMessageCodecTest.putU16(body, x[0], x[1] + d);
                bodies.add(body);
            }
            for (int[] x : u32) {
                byte[] body = RekeyMessageCodecTest.sampleBody();
                RekeyMessageCodecTest.putInt(body, x[0], x[1] + d);
                bodies.add(body);
            }
        }
        byte[] trailing = Arrays.copyOf(RekeyMessageCodecTest.sampleBody(), RekeyMessageCodecTest.SAMPLE_LENGTH + 1);
        bodies.add(trailing);
        for (int i = 0; i < bodies.size(); i++) {
            f.rejects(MalformedMessageException.class, f.sealer.sealBody(bodies.get(i), f.authKey), "body lie " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reorderedEntriesAreRejected(CryptoProvider provider, SignatureAlgorithm algorithm) {
        Fixture f = new Fixture(provider, algorithm, 6);
        byte[] sealed = f.sample();
        int e0 = Envelope.HEADER_BYTES + RekeyMessageCodecTest.E0;
        int e1 = Envelope.HEADER_BYTES + RekeyMessageCodecTest.E1;
        int end = Envelope.HEADER_BYTES + RekeyMessageCodecTest.PK_COUNT;
        byte[] swapped = sealed.clone();
        byte[] first = Arrays.copyOfRange(sealed, e0, e1);
        byte[] second = Arrays.copyOfRange(sealed, e1, end);
        System.arraycopy(second, 0, swapped, e0, second.length);
        System.arraycopy(first, 0, swapped, e0 + second.length, first.length);
        f.rejects(MessageAuthenticationException.class, swapped, "entries swapped");
        // An insider holding the group authentication key can fix the MAC, not the signature.
        f.rejects(MessageSignatureException.class, f.remac(swapped), "entries swapped, MAC recomputed");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void wrongMacKeyIsRejected(CryptoProvider provider, SignatureAlgorithm algorithm) {
        Fixture f = new Fixture(provider, algorithm, 7);
        byte[] sealed = f.sample();
        GroupAuthKey other = GroupAuthKey.of(0, SecretBytes.copyOf(RandomMessages.bytes(new Random(77), 32)));
        MessageAuthenticationException e = assertThrows(MessageAuthenticationException.class,
                () -> f.opener.open(sealed, other, f.trusted));
        assertEquals("rekey message MAC does not verify", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void authKeyGenerationSelectsTheMacKeyAndTheDigestIdentifiesTheContent(CryptoProvider provider, SignatureAlgorithm algorithm)
            throws Exception {
        Fixture f = new Fixture(provider, algorithm, 13);
        RekeyMessage m = RekeyMessageCodecTest.sample();
        GroupAuthKey next = GroupAuthKey.of(1, SecretBytes.copyOf(RandomMessages.bytes(new Random(130), 32)));
        byte[] sealed = f.sealer.seal(m, next);
        assertEquals(1, RekeyMessageOpener.authGeneration(sealed));
        // the same bytes under generation 0: refused before the MAC is even computed
        MessageAuthenticationException e = assertThrows(MessageAuthenticationException.class,
                () -> f.opener.open(sealed, GroupAuthKey.of(0, next.key()), f.trusted));
        assertTrue(e.getMessage().contains("generation 1"), e.getMessage());
        OpenedRekeyMessage opened = f.opener.open(sealed, next, f.trusted);
        assertEquals(1, opened.authGeneration());
        assertArrayEquals(opened.signedDigest(), f.opener.signedDigest(sealed));
        // a requested (unicast) message opens without the MAC key, but never without the signature
        byte[] badTag = sealed.clone();
        badTag[badTag.length - 1] ^= 1;
        assertEquals(m, f.opener.openRequested(badTag, f.trusted).message());
        byte[] badSignature = sealed.clone();
        badSignature[badSignature.length - 33] ^= 1;
        assertThrows(MessageSignatureException.class, () -> f.opener.openRequested(badSignature, f.trusted));
        // the digest covers the signed content, not the signature or the tag: a re-seal under another
        // auth key generation is another message, the same content re-signed is the same one
        assertArrayEquals(f.opener.signedDigest(sealed), f.opener.signedDigest(badTag));
        assertFalse(Arrays.equals(f.opener.signedDigest(sealed), f.opener.signedDigest(f.sealer.seal(m, f.authKey))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void foreignSignersAreRejected(CryptoProvider provider, SignatureAlgorithm algorithm) {
        Fixture f = new Fixture(provider, algorithm, 8);
        KeyPair foreign = provider.keys().generate(algorithm.keyType());
        RekeyMessage m = RekeyMessageCodecTest.sample();
        // An untrusted key id.
        byte[] unknownId = new RekeyMessageSealer(provider, algorithm, foreign.privateKey(), 2).seal(m, f.authKey);
        f.rejects(UnknownSignerException.class, unknownId, "unknown key id");
        // A foreign key claiming the trusted id.
        byte[] impostor = new RekeyMessageSealer(provider, algorithm, foreign.privateKey(), SIGNER_ID).seal(m, f.authKey);
        f.rejects(MessageSignatureException.class, impostor, "foreign key under the trusted id");
        // A key id with the top bit set.
        byte[] negative = f.sample();
        negative[signerOffset()] |= (byte) 0x80;
        f.rejects(UnknownSignerException.class, f.remac(negative), "negative key id");
        // The MAC is checked first: a foreign signer with a wrong MAC key is a MAC failure.
        GroupAuthKey other = GroupAuthKey.of(0, SecretBytes.copyOf(RandomMessages.bytes(new Random(88), 32)));
        byte[] both = new RekeyMessageSealer(provider, algorithm, foreign.privateKey(), SIGNER_ID).seal(m, other);
        f.rejects(MessageAuthenticationException.class, both, "foreign signer and wrong MAC key");
        // The signature is checked before decoding: a malformed body signed by a foreign key is a signature failure.
        byte[] body = RekeyMessageCodecTest.sampleBody();
        body[0] = 9;
        byte[] malformedForeign = new RekeyMessageSealer(provider, algorithm, foreign.privateKey(), SIGNER_ID).sealBody(body, f.authKey);
        f.rejects(MessageSignatureException.class, malformedForeign, "foreign signature over a malformed body");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void signatureOfTheRightKeyOverAnotherBodyIsRejected(CryptoProvider provider, SignatureAlgorithm algorithm) throws Exception {
        Fixture f = new Fixture(provider, algorithm, 9);
        RekeyMessage a = RekeyMessageCodecTest.sample();
        RekeyMessage b = new RekeyMessage(a.group(), a.epoch(), a.sequence() + 1, a.type(), a.tek(), a.gkma(), a.senderId(),
                a.derived(), a.entries(), a.publicKeys());
        byte[] sa = f.sealer.seal(a, f.authKey);
        byte[] sb = f.sealer.seal(b, f.authKey);
        int sigAt = signerOffset() + 12;
        int lenA = sa.length - sigAt - 32;
        int lenB = sb.length - sigAt - 32;
        // Splice A's signature (and its length) into B's envelope, then fix the MAC as an insider could.
        byte[] spliced = new byte[sigAt + lenA + 32];
        System.arraycopy(sb, 0, spliced, 0, sigAt);
        System.arraycopy(sa, sigAt - 2, spliced, sigAt - 2, 2 + lenA);
        f.rejects(MessageSignatureException.class, f.remac(spliced), "A's signature on B's body (" + lenA + "/" + lenB + ")");
        // Replaying A itself still opens: replay is the member's sequence policy, not the envelope's.
        assertEquals(a, f.opener.open(sa, f.authKey, f.trusted).message());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void signatureAlgorithmSubstitutionIsRejected(CryptoProvider provider, SignatureAlgorithm algorithm) {
        Fixture f = new Fixture(provider, algorithm, 10);
        for (int code : new int[] {0x0000, 0xFFFF, SignatureAlgorithm.ED25519.code(), SignatureAlgorithm.ECDSA_P256_SHA256_DER.code(),
            SignatureAlgorithm.ECDSA_P256_SHA256_P1363.code()}) {
            if (code == algorithm.code()) {
                continue;
            }
            byte[] t = f.sample();
            RekeyMessageCodecTest.putU16(t, signerOffset() + 8, code);
            f.rejects(MessageSignatureException.class, f.remac(t), "algorithm code " + Integer.toHexString(code));
        }
    }

    @Test
    void oversizedAndUndersizedInputsAreRejectedBeforeAnyCryptography() {
        Fixture f = new Fixture(CryptoProviders.get(CryptoProviders.JAVA), SignatureAlgorithm.ED25519, 11);
        f.rejects(MessageSizeException.class, new byte[RekeyLimits.MAX_MESSAGE_BYTES + 1], "over 64 MiB");
        f.rejects(MessageSizeException.class, new byte[Envelope.MIN_SEALED_BYTES - 1], "below the minimum");
        f.rejects(MessageSizeException.class, new byte[0], "empty");
    }

    @Test
    void sealerRejectsMismatchedKeysAndShortAuthKeys() {
        CryptoProvider p = CryptoProviders.get(CryptoProviders.JAVA);
        KeyPair ed = p.keys().generate(SignatureAlgorithm.ED25519.keyType());
        assertThrows(IllegalArgumentException.class,
                () -> new RekeyMessageSealer(p, SignatureAlgorithm.ECDSA_P256_SHA256_DER, ed.privateKey(), 1));
        assertThrows(IllegalArgumentException.class, () -> new RekeyMessageSealer(p, SignatureAlgorithm.ED25519, ed.privateKey(), -1));
        assertThrows(IllegalArgumentException.class, () -> GroupAuthKey.of(0, SecretBytes.copyOf(new byte[15])));
        assertThrows(IllegalArgumentException.class, () -> GroupAuthKey.of(-1, SecretBytes.copyOf(new byte[32])));
    }

    @Test
    void providersProduceIdenticalEd25519SealedMessagesAndOpenEachOthers() throws Exception {
        List<CryptoProvider> providers = TestProviders.all();
        KeyPair key = providers.get(0).keys().generate(SignatureAlgorithm.ED25519.keyType());
        GroupAuthKey auth = GroupAuthKey.of(3, SecretBytes.copyOf(RandomMessages.bytes(new Random(12), 32)));
        RekeyMessage m = RandomMessages.message(new Random(12), MessageType.BATCH_REKEY, 50);
        byte[] reference = null;
        for (CryptoProvider p : providers) {
            byte[] sealed = new RekeyMessageSealer(p, SignatureAlgorithm.ED25519, key.privateKey(), 5).seal(m, auth);
            if (reference == null) {
                reference = sealed;
            }
            assertArrayEquals(reference, sealed, p.name());
            for (CryptoProvider q : providers) {
                assertEquals(m, new RekeyMessageOpener(q).open(sealed, auth, Map.of(5L, key.publicKey())).message());
            }
        }
        assertTrue(reference.length > 0);
    }
}
