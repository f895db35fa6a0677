package org.gkm.rekey.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.gkm.wire.WireWriter;

/**
 * One encrypted key of a rekey message (RFC 4046 sec. 5.8: key identifier, lifetime, encrypted key,
 * identifier of the encrypting key). {@code target} is the key carried, {@code content} what kind of
 * key it is, {@code encryptingKey} the tree key under which it is encrypted and {@code encryption}
 * how.
 *
 * <p>Invariants: lifetime >= 0 seconds (0 = no stated lifetime); SYMMETRIC entries have an empty
 * encapsulation and a ciphertext that is an AES-KW/KWP output (a multiple of 8 bytes); PUBLIC
 * entries have an encapsulation of 0..{@value RekeyLimits#MAX_ENCAPSULATION_BYTES} bytes (empty for
 * RSA-OAEP); every ciphertext is {@value RekeyLimits#MIN_CIPHERTEXT_BYTES}..{@value
 * RekeyLimits#MAX_CIPHERTEXT_BYTES} bytes. Byte arrays are copied in and out; {@code toString} shows
 * only their lengths.
 */
public record KeyEntry(KeyRef target, KeyContent content, long lifetimeSeconds, KeyRef encryptingKey,
                       Encryption encryption, byte[] encapsulation, byte[] ciphertext) {
    /** Domain-separation label at the start of {@link #hpkeInfo}. */
    static final byte[] HPKE_INFO_LABEL = "gkm rekey entry v2".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] EMPTY = new byte[0];

    public KeyEntry {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(encryptingKey, "encryptingKey");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(encapsulation, "encapsulation");
        Objects.requireNonNull(ciphertext, "ciphertext");
        String problem = problem(lifetimeSeconds, encryption, encapsulation.length, ciphertext.length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        encapsulation = encapsulation.length == 0 ? EMPTY : encapsulation.clone();
        ciphertext = ciphertext.clone();
    }

    /** A SYMMETRIC (AES-KW/KWP) entry. */
    public static KeyEntry symmetric(KeyRef target, KeyContent content, long lifetimeSeconds, KeyRef encryptingKey, byte[] ciphertext) {
        return new KeyEntry(target, content, lifetimeSeconds, encryptingKey, Encryption.SYMMETRIC, EMPTY, ciphertext);
    }

    /** A PUBLIC entry: HPKE's encapsulated key and ciphertext (or an empty encapsulation for RSA-OAEP). */
    public static KeyEntry toPublicKey(KeyRef target, KeyContent content, long lifetimeSeconds, KeyRef encryptingKey,
                                       byte[] encapsulation, byte[] ciphertext) {
        return new KeyEntry(target, content, lifetimeSeconds, encryptingKey, Encryption.PUBLIC, encapsulation, ciphertext);
    }

    /**
     * Why these field values are invalid, or {@code null} when they are valid. Shared with the decoder
     * so both sides apply exactly one rule set.
     */
    static String problem(long lifetimeSeconds, Encryption encryption, int encapsulationLength, int ciphertextLength) {
        if (lifetimeSeconds < 0) {
            return "lifetime must be >= 0 seconds, got " + lifetimeSeconds;
        }
        if (encryption == Encryption.SYMMETRIC && encapsulationLength != 0) {
            return "a SYMMETRIC entry has no encapsulation, got " + encapsulationLength + " bytes";
        }
        if (encapsulationLength < 0 || encapsulationLength > RekeyLimits.MAX_ENCAPSULATION_BYTES) {
            return "encapsulation must be 0.." + RekeyLimits.MAX_ENCAPSULATION_BYTES + " bytes, got " + encapsulationLength;
        }
        if (ciphertextLength < RekeyLimits.MIN_CIPHERTEXT_BYTES || ciphertextLength > RekeyLimits.MAX_CIPHERTEXT_BYTES) {
            return "entry ciphertext must be " + RekeyLimits.MIN_CIPHERTEXT_BYTES + ".." + RekeyLimits.MAX_CIPHERTEXT_BYTES
                    + " bytes, got " + ciphertextLength;
        }
        if (encryption == Encryption.SYMMETRIC && ciphertextLength % 8 != 0) {
            return "a SYMMETRIC (AES-KW/KWP) ciphertext is a multiple of 8 bytes, got " + ciphertextLength;
        }
        return null;
    }

    /**
     * The HPKE {@code info} for a PUBLIC entry carrying {@code content} for {@code target} in
     * {@code group}'s Rekey SA {@code epoch}: label || u8 group id length || group id || u64 epoch ||
     * u32 node id || u32 generation || u8 content code. Binding the target (shared contract: "info =
     * a fixed label || group id || target KeyRef"), the epoch and the content means a ciphertext
     * cannot be moved to another node, generation, group, Rekey SA or key kind (node ids and
     * generations start over in a new epoch). The GCKS/initiator and the member must both use this
     * method.
     */
    public static byte[] hpkeInfo(GroupId group, long epoch, KeyRef target, KeyContent content) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        byte[] info = new byte[HPKE_INFO_LABEL.length + 1 + group.length() + 8 + 4 + 4 + 1];
        WireWriter.into(info, 0).raw(HPKE_INFO_LABEL).u8(group.length()).raw(group.array()).i64(epoch)
                .u32(target.nodeId()).u32(target.generation()).u8(content.code());
        return info;
    }

    /** The HPKE encapsulated key (a copy; empty for SYMMETRIC). */
    @Override
    public byte[] encapsulation() {
        return encapsulation.length == 0 ? EMPTY : encapsulation.clone();
    }

    /** The ciphertext (a copy). */
    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** Length of the ciphertext, without copying it. */
    public int ciphertextLength() {
        return ciphertext.length;
    }

    /** Length of the encapsulation, without copying it. */
    public int encapsulationLength() {
        return encapsulation.length;
    }

    /** Backing arrays without copying: package use by the codec only. */
    byte[] encapsulationArray() {
        return encapsulation;
    }

    byte[] ciphertextArray() {
        return ciphertext;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyEntry)) {
            return false;
        }
        KeyEntry e = (KeyEntry) o;
        return target.equals(e.target) && content == e.content && lifetimeSeconds == e.lifetimeSeconds
                && encryptingKey.equals(e.encryptingKey) && encryption == e.encryption
                && Arrays.equals(encapsulation, e.encapsulation) && Arrays.equals(ciphertext, e.ciphertext);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(target, content, lifetimeSeconds, encryptingKey, encryption);
        h = 31 * h + Arrays.hashCode(encapsulation);
        return 31 * h + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "KeyEntry[target=" + target + ", content=" + content + ", lifetime=" + lifetimeSeconds + "s, encryptingKey="
                + encryptingKey + ", encryption=" + encryption + ", encapsulation=" + encapsulation.length
                + " bytes, ciphertext=" + ciphertext.length + " bytes]";
    }
}
