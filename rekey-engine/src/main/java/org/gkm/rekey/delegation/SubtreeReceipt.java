package org.gkm.rekey.delegation;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.UnsupportedAlgorithmException;
import org.gkm.rekey.RejectedReportException;
import org.gkm.rekey.message.RekeyLimits;
import org.gkm.rekey.message.GroupId;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The parent's answer to an authentic {@link SubtreeReport}: the report was taken (its leaf
 * replaced by the parent's rekey {@code parentSequence}), or an equal or newer one had been taken
 * before ({@link Status#ALREADY_ACCEPTED}: the subtree stops resending it). Tagged under the link
 * key ({@link SubtreeLink#receiptTag}); a subtree acts only on a receipt that verifies for the
 * report it sent ({@link #verify}). Refusals of reports that do not authenticate carry no receipt:
 * the parent cannot prove anything to a sender it cannot authenticate.
 *
 * <p>Encoding: u8 version (1), the {@link Fields} (u8 status, u64 report sequence, u64 accepted
 * through, u64 parent sequence, u32 parent member id, u64 parent epoch, u16 signing key type code,
 * u16 length and the parent's rekey signing key, u16 length and the parent's engine group id), tag [32]. The receipt is how the subtree's
 * server learns, authenticated, what its members need to follow the parent: the member id, the
 * epoch and the key that signs the parent's messages.
 */
public record SubtreeReceipt(Fields fields, byte[] tag) {
    static final int VERSION = 1;

    /** Whether the report was taken now or had been taken before. */
    public enum Status {
        /** The report replaced the subtree's leaf keys at the parent. */
        ACCEPTED(1),
        /** The parent had accepted this report or a newer one of the subtree already; nothing changed. */
        ALREADY_ACCEPTED(2);

        final int code;

        Status(int code) {
            this.code = code;
        }
    }

    /**
     * What a receipt says.
     *
     * @param reportSequence the sequence of the report it answers
     * @param acceptedThrough the newest report sequence of the subtree the parent has taken ({@code >= reportSequence})
     * @param parentSequence the parent's sequence number: of the rekey that took the report, or its
     *     head when it had been taken before
     * @param parentMember the subtree's member id at the parent (whose published path its members read)
     * @param parentEpoch the parent group's epoch
     * @param parentKey the parent's rekey signing key
     * @param parentGroup the parent key server's group id (inside every parent message; the link's
     *     label names the parent's GKMP group, which need not be the same bytes)
     */
    public record Fields(Status status, long reportSequence, long acceptedThrough, long parentSequence, int parentMember,
            long parentEpoch, PublicKey parentKey, GroupId parentGroup) {
        public Fields {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(parentKey, "parentKey");
            Objects.requireNonNull(parentGroup, "parentGroup");
            if (reportSequence < 0 || acceptedThrough < reportSequence || parentSequence < 0 || parentMember < 0
                    || parentEpoch < 0) {
                throw new IllegalArgumentException("receipt fields out of range");
            }
        }

        byte[] encode() {
            return WireWriter.growable().u8(status.code).i64(reportSequence).i64(acceptedThrough).i64(parentSequence)
                    .u32(parentMember).i64(parentEpoch).u16(parentKey.type().code()).bytes16(parentKey.encoded(), MAX_KEY)
                    .bytes16(parentGroup.value(), RekeyLimits.MAX_GROUP_ID_BYTES).toByteArray();
        }
    }

    /** Largest signing key carried (an RSA-3072 SubjectPublicKeyInfo is under 500 bytes). */
    static final int MAX_KEY = 1024;

    public SubtreeReceipt {
        Objects.requireNonNull(fields, "fields");
        if (tag.length != SubtreeLink.TAG_BYTES) {
            throw new IllegalArgumentException("receipt tag must be " + SubtreeLink.TAG_BYTES + " bytes");
        }
        tag = tag.clone();
    }

    @Override
    public byte[] tag() {
        return tag.clone();
    }

    /** The parent's receipt of {@code fields}, tagged under {@code link}. */
    public static SubtreeReceipt issue(CryptoProvider p, SubtreeLink link, Fields fields) {
        return new SubtreeReceipt(fields, link.receiptTag(p, fields));
    }

    /**
     * Whether this receipt was issued under {@code link} for a report of sequence {@code reportSequence}
     * (constant-time tag comparison).
     */
    public boolean verify(CryptoProvider p, SubtreeLink link, long reportSequence) {
        byte[] expected = link.receiptTag(p, fields);
        return MessageDigest.isEqual(expected, tag) && fields.reportSequence() == reportSequence;
    }

    public byte[] encode() {
        return WireWriter.growable().u8(VERSION).raw(fields.encode()).raw(tag).toByteArray();
    }

    /** Strict decoding: another length, version, status or out-of-range field is a {@link RejectedReportException}. */
    public static SubtreeReceipt decode(byte[] encoded) throws RejectedReportException {
        WireReader<RejectedReportException> r = new WireReader<>(encoded, m -> new RejectedReportException("malformed subtree receipt: " + m));
        int version = r.u8("version");
        if (version != VERSION) {
            throw new RejectedReportException("subtree receipt version " + version + ", expected " + VERSION);
        }
        int code = r.u8("status");
        Status status = Arrays.stream(Status.values()).filter(s -> s.code == code).findFirst()
                .orElseThrow(() -> new RejectedReportException("subtree receipt status " + code));
        long reportSequence = r.nonNegativeLong("report sequence");
        long through = r.nonNegativeLong("accepted through");
        long parentSequence = r.nonNegativeLong("parent sequence");
        int member = r.nonNegativeInt("parent member id");
        long epoch = r.nonNegativeLong("parent epoch");
        int keyType = r.u16("signing key type");
        byte[] key = r.bytes16(1, MAX_KEY, "signing key");
        PublicKey parentKey;
        try {
            parentKey = PublicKey.decode(KeyType.fromCode(keyType), key);
        } catch (UnsupportedAlgorithmException | InvalidKeyException e) {
            throw new RejectedReportException("subtree receipt signing key: " + e.getMessage());
        }
        byte[] group = r.bytes16(RekeyLimits.MIN_GROUP_ID_BYTES, RekeyLimits.MAX_GROUP_ID_BYTES, "parent group");
        byte[] tag = r.fixed(SubtreeLink.TAG_BYTES, "tag");
        r.finish("subtree receipt");
        if (through < reportSequence) {
            throw new RejectedReportException("subtree receipt accepted through " + through + " below its report " + reportSequence);
        }
        return new SubtreeReceipt(new Fields(status, reportSequence, through, parentSequence, member, epoch, parentKey,
                new GroupId(group)), tag);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubtreeReceipt r && r.fields.equals(fields) && Arrays.equals(r.tag, tag);
    }

    @Override
    public int hashCode() {
        return 31 * fields.hashCode() + Arrays.hashCode(tag);
    }

    @Override
    public String toString() {
        return "SubtreeReceipt[" + fields + "]";
    }
}
