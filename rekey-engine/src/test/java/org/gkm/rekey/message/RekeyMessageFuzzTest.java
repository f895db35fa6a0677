package org.gkm.rekey.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random mutations of encoded and sealed messages (DESIGN.md "Wire formats": fuzzed-decode
 * tests). Override the seed with {@code -Dgkm.fuzz.seed=N} and the count with {@code -Dgkm.fuzz.cases=N};
 * every failure names the seed and the case.
 */
class RekeyMessageFuzzTest {
    static final long SEED = Long.getLong("gkm.fuzz.seed", 0xF022_2026L);
    static final int CASES = Integer.getInteger("gkm.fuzz.cases", 100_000);

    static List<byte[]> bases(Random rnd) {
        List<byte[]> out = new ArrayList<>();
        out.add(RekeyMessageCodecTest.sampleBody());
        for (MessageType t : MessageType.values()) {
            out.add(RekeyMessageCodec.encode(RandomMessages.message(rnd, t, 4)));
        }
        return out;
    }

    /**
     * The body decoder on mutated bodies: each either fails with {@link MalformedMessageException} or
     * decodes to a message that re-encodes to exactly the mutated bytes (the decoder accepts only
     * canonical encodings); no other exception ever.
     */
    @Test
    void mutatedBodiesAreRejectedOrCanonical() {
        Random rnd = new Random(SEED);
        List<byte[]> bases = bases(rnd);
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] mutated = Mutator.mutate(rnd, bases.get(rnd.nextInt(bases.size())));
            try {
                RekeyMessage m = RekeyMessageCodec.decode(mutated);
                assertArrayEquals(mutated, RekeyMessageCodec.encode(m), "non-canonical body accepted, seed " + SEED + " case " + i);
            } catch (MalformedMessageException e) {
                rejected++;
            } catch (RuntimeException | Error e) {
                fail("seed " + SEED + " case " + i + ": " + e, e);
            }
        }
        // Most mutations break the structure; the rest changed a free byte (ciphertext, id, number).
        assertTrue(rejected > CASES / 2, "only " + rejected + " of " + CASES + " rejected, seed " + SEED);
    }

    /**
     * Sealed messages: every mutation is rejected with a typed {@link RekeyMessageException}; some
     * (a quarter of them) get a recomputed MAC (an insider holding the group authentication key) so that the signature and
     * decoding steps are reached too.
     */
    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void mutatedSealedMessagesAreAllRejectedWithTypedExceptions(CryptoProvider provider) {
        long seed = SEED ^ provider.name().hashCode();
        Random rnd = new Random(seed);
        KeyPair key = provider.keys().generate(SignatureAlgorithm.ED25519.keyType());
        GroupAuthKey auth = GroupAuthKey.of(0, SecretBytes.copyOf(RandomMessages.bytes(rnd, 32)));
        RekeyMessageSealer sealer = new RekeyMessageSealer(provider, SignatureAlgorithm.ED25519, key.privateKey(), 3);
        RekeyMessageOpener opener = new RekeyMessageOpener(provider);
        Map<Long, PublicKey> trusted = Map.of(3L, key.publicKey());
        List<byte[]> sealed = new ArrayList<>();
        for (byte[] body : bases(rnd)) {
            sealed.add(sealer.sealBody(body, auth));
        }
        int[] byType = new int[5];
        for (int i = 0; i < CASES; i++) {
            byte[] original = sealed.get(rnd.nextInt(sealed.size()));
            byte[] mutated = Mutator.mutate(rnd, original);
            if (rnd.nextInt(4) == 0 && mutated.length > 32) {
                mutated = EnvelopeTags.remac(provider, auth.key(), mutated);
            }
            if (Arrays.equals(mutated, original)) {
                continue;
            }
            try {
                opener.open(mutated, auth, trusted);
                fail("mutated message accepted, seed " + seed + " case " + i);
            } catch (MessageSizeException e) {
                byType[0]++;
            } catch (MessageAuthenticationException e) {
                byType[1]++;
            } catch (MessageSignatureException e) {
                byType[2]++;
            } catch (MalformedMessageException e) {
                byType[3]++;
            } catch (RekeyMessageException e) {
                byType[4]++;
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + " case " + i + ": " + e, e);
            }
        }
        // Each step was reached by some mutation.
        for (int t = 0; t < 4; t++) {
            assertTrue(byType[t] > 0, "no rejection of kind " + t + " in " + Arrays.toString(byType) + ", seed " + seed);
        }
    }
}
