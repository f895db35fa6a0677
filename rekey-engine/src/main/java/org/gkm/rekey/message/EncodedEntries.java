package org.gkm.rekey.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of {@link KeyEntry} values kept in their wire encoding: a block of
 * {@code count} SYMMETRIC entries of one ciphertext length, each exactly as
 * {@link RekeyMessageCodec} writes it ({@value RekeyMessageCodec#ENTRY_FIXED_BYTES} header bytes +
 * ciphertext), followed by an ordinary list of further entries (the tail). This is how the GCKS
 * builds the entries of a large rekey: the key wrap batch writes each ciphertext straight into its
 * slot of the block, so a 10^5-entry message needs no entry object and the codec copies the block
 * in one piece. {@link #get} decodes an entry on demand (a fresh {@link KeyEntry} each call), so the
 * list is equal to, and behaves as, the list of those entries; {@link RekeyMessage} keeps it as is.
 *
 * <p>Built only through {@link Builder}: it writes every header itself (checking each value as
 * {@link KeyEntry} does), exposes the block only for writing the ciphertexts, and re-checks every
 * header before handing the bytes to the immutable list, so an encoded entry is always one the
 * decoder accepts.
 */
public final class EncodedEntries extends AbstractList<KeyEntry> implements RandomAccess {
    private static final int H = RekeyMessageCodec.ENTRY_FIXED_BYTES;
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] block;
    private final int count;
    private final int stride;
    private final List<KeyEntry> tail;

    private EncodedEntries(byte[] block, int count, int stride, List<KeyEntry> tail) {
        this.block = block;
        this.count = count;
        this.stride = stride;
        this.tail = tail;
    }

    /**
     * A builder of {@code count} SYMMETRIC entries with {@code ciphertextLength}-byte ciphertexts
     * (a multiple of 8, {@value RekeyLimits#MIN_CIPHERTEXT_BYTES}..{@value RekeyLimits#MAX_CIPHERTEXT_BYTES}).
     */
    public static Builder symmetric(int count, int ciphertextLength) {
        return new Builder(count, ciphertextLength);
    }

    @Override
    public int size() {
        return count + tail.size();
    }

    @Override
    public KeyEntry get(int i) {
        if (i >= count) {
            return tail.get(i - count);
        }
        Objects.checkIndex(i, count);
        int o = i * stride;
        KeyRef target = new KeyRef(i32(o), i32(o + 4));
        KeyContent content = content(block[o + 8]);
        long lifetime = i64(o + 9);
        KeyRef enc = new KeyRef(i32(o + 17), i32(o + 21));
        return KeyEntry.symmetric(target, content, lifetime, enc, Arrays.copyOfRange(block, o + H, o + stride));
    }

    /** Bytes of the encoded block (without the tail). */
    int blockBytes() {
        return count * stride;
    }

    /** The tail entries (after the block). */
    List<KeyEntry> tail() {
        return tail;
    }

    /** Copies the encoded block to {@code out[off..]}: package use by the codec. */
    void copyBlock(byte[] out, int off) {
        System.arraycopy(block, 0, out, off, count * stride);
    }

    private int i32(int o) {
        return (int) I32.get(block, o);
    }

    private long i64(int o) {
        return (long) I64.get(block, o);
    }

    private static KeyContent content(byte code) {
        KeyContent k = KeyContent.fromCode(code & 0xFF);
        if (k == null) {
            throw new IllegalStateException("unchecked content code " + (code & 0xFF)); // build() checked every header
        }
        return k;
    }

    /**
     * Writes the headers of a block of SYMMETRIC entries and lets the caller write each ciphertext
     * in place ({@link #array()} at {@link #ciphertextOffset(int)}); {@link #build} freezes it. Not
     * thread-safe; single use.
     */
    public static final class Builder {
        private byte[] block;
        private final int count;
        private final int ciphertextLength;
        private final int stride;

        private Builder(int count, int ciphertextLength) {
            if (count < 0 || count > RekeyLimits.MAX_ENTRIES) {
                throw new IllegalArgumentException("entry count " + count + " outside 0.." + RekeyLimits.MAX_ENTRIES);
            }
            String problem = KeyEntry.problem(0, Encryption.SYMMETRIC, 0, ciphertextLength);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            this.count = count;
            this.ciphertextLength = ciphertextLength;
            this.stride = H + ciphertextLength;
            this.block = new byte[Math.multiplyExact(count, stride)];
        }

        /** Writes entry {@code i}'s header: target key, content, lifetime, encrypting key (all >= 0). */
        public void header(int i, int targetNode, int targetGeneration, KeyContent content, long lifetimeSeconds,
                int encryptingNode, int encryptingGeneration) {
            byte[] b = live();
            Objects.checkIndex(i, count);
            if ((targetNode | targetGeneration | encryptingNode | encryptingGeneration) < 0 || lifetimeSeconds < 0) {
                throw new IllegalArgumentException("entry " + i + ": node ids, generations and lifetime must be >= 0");
            }
            int o = i * stride;
            I32.set(b, o, targetNode);
            I32.set(b, o + 4, targetGeneration);
            b[o + 8] = (byte) content.code();
            I64.set(b, o + 9, lifetimeSeconds);
            I32.set(b, o + 17, encryptingNode);
            I32.set(b, o + 21, encryptingGeneration);
            // encryption SYMMETRIC, no encapsulation, u16 ciphertext length
            I32.set(b, o + 25, (Encryption.SYMMETRIC.code() << 24) | ciphertextLength);
        }

        /** The block being built: write entry i's ciphertext at {@link #ciphertextOffset(int)}, nothing else. */
        public byte[] array() {
            return live();
        }

        /** Where entry {@code i}'s ciphertext goes in {@link #array()}. */
        public int ciphertextOffset(int i) {
            Objects.checkIndex(i, count);
            return i * stride + H;
        }

        public int count() {
            return count;
        }

        /**
         * Freezes the block (every header re-checked: a header overwritten through {@link #array()}
         * is refused) and appends {@code tail}.
         *
         * @throws IllegalStateException if a header is not one {@link #header} writes
         */
        public EncodedEntries build(List<KeyEntry> tail) {
            byte[] b = live();
            List<KeyEntry> t = List.copyOf(tail);
            if ((long) count + t.size() > RekeyLimits.MAX_ENTRIES) {
                throw new IllegalArgumentException("at most " + RekeyLimits.MAX_ENTRIES + " entries");
            }
            int tail32 = (Encryption.SYMMETRIC.code() << 24) | ciphertextLength;
            for (int i = 0, o = 0; i < count; i++, o += stride) {
                int c = b[o + 8] & 0xFF;
                if ((b[o] | b[o + 4] | b[o + 9] | b[o + 17] | b[o + 21]) < 0 || KeyContent.fromCode(c) == null
                        || (int) I32.get(b, o + 25) != tail32) {
                    throw new IllegalStateException("entry " + i + " of the encoded block has no valid header");
                }
            }
            block = null;
            return new EncodedEntries(b, count, stride, t);
        }

        private byte[] live() {
            if (block == null) {
                throw new IllegalStateException("already built");
            }
            return block;
        }

    }
}
