package org.gkm.rekey.delegation;

import java.util.Arrays;
import java.util.Objects;
import org.gkm.rekey.RejectedReportException;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * What a delegated subtree's key server sends its parent when the subtree's root key changed: the
 * subtree id, the subtree server's sequence number of the rekey that changed it, the root key's
 * generation, and the new parent leaf keys wrapped under the link key
 * ({@link SubtreeLink}), which also authenticates the three header fields. The parent accepts a
 * subtree's reports in increasing sequence order only.
 *
 * <p>Encoding: u8 version (1), u32 subtree, u64 sequence, u32 root generation, u16 length and the
 * wrapped keys (40 bytes, or 72 with a parent leaf private key). The wrapped bytes are a
 * ciphertext, not a secret, but still not shown by {@code toString}.
 */
public record SubtreeReport(int subtree, long sequence, int rootGeneration, byte[] wrapped) {
    static final int VERSION = 1;
    private static final int MIN_WRAPPED = 40;
    private static final int MAX_WRAPPED = 72;

    public SubtreeReport {
        Objects.requireNonNull(wrapped, "wrapped");
        if (subtree < 0 || sequence < 0 || rootGeneration < 0) {
            throw new IllegalArgumentException("subtree, sequence and root generation must be >= 0");
        }
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    /** The wire form. */
    public byte[] encode() {
        return WireWriter.growable().u8(VERSION).u32(subtree).i64(sequence).u32(rootGeneration)
                .bytes16(wrapped, MAX_WRAPPED).toByteArray();
    }

    /** Strict decoding: any other length, version or field range is a {@link RejectedReportException}. */
    public static SubtreeReport decode(byte[] encoded) throws RejectedReportException {
        Objects.requireNonNull(encoded, "encoded");
        WireReader<RejectedReportException> r = new WireReader<>(encoded,
                m -> new RejectedReportException("malformed subtree report: " + m));
        int version = r.u8("version");
        if (version != VERSION) {
            throw new RejectedReportException("subtree report version " + version + ", expected " + VERSION);
        }
        int subtree = r.nonNegativeInt("subtree");
        long sequence = r.nonNegativeLong("sequence");
        int generation = r.nonNegativeInt("root generation");
        byte[] wrapped = r.bytes16(MIN_WRAPPED, MAX_WRAPPED, "wrapped keys");
        r.finish("subtree report");
        if (wrapped.length != MIN_WRAPPED && wrapped.length != MAX_WRAPPED) {
            throw new RejectedReportException("wrapped parent leaf keys of " + wrapped.length + " bytes");
        }
        return new SubtreeReport(subtree, sequence, generation, wrapped);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubtreeReport r && r.subtree == subtree && r.sequence == sequence
                && r.rootGeneration == rootGeneration && Arrays.equals(r.wrapped, wrapped);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subtree, sequence, rootGeneration, Arrays.hashCode(wrapped));
    }

    @Override
    public String toString() {
        return "SubtreeReport[subtree=" + subtree + ", seq=" + sequence + ", rootGen=" + rootGeneration + "]";
    }
}
