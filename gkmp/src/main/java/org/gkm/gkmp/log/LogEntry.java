package org.gkm.gkmp.log;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.pki.Signatures;
import org.gkm.wire.WireWriter;

/**
 * One record of the group management log (RFC 2093 sec. 5.9): sequence number, time, who (actor),
 * which group (-1 for none), what (action) and a non-secret detail, linked to its predecessor by
 * {@code prevHash}. A checkpoint is a record with action {@link GroupLog#CHECKPOINT} whose
 * signature, by the log owner, covers its encoding and therefore, through the chain, every earlier
 * record. {@code hash} is the hash of {@link #encoded()}.
 */
public record LogEntry(long seq, long timeMillis, EntityId actor, long group, String action, String detail,
        byte[] prevHash, byte[] signature, byte[] hash) {
    public static final int MAX_DETAIL = 1024;

    public LogEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(detail, "detail");
        prevHash = prevHash.clone();
        signature = signature.clone();
        hash = hash.clone();
    }

    @Override
    public byte[] prevHash() {
        return prevHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    public boolean isCheckpoint() {
        return GroupLog.CHECKPOINT.equals(action);
    }

    /** The canonical encoding without the signature: what a checkpoint signs. */
    public byte[] unsignedEncoding() {
        WireWriter w = WireWriter.growable();
        w.i64(seq).i64(timeMillis);
        actor.write(w);
        w.i64(group).ascii8(action);
        byte[] d = detail.getBytes(StandardCharsets.UTF_8);
        w.bytes16(d, 0xFFFF);
        w.fixed(prevHash, 32);
        return w.toByteArray();
    }

    /** The canonical encoding: {@link #unsignedEncoding()} then the u16-prefixed signature (empty unless checkpoint). */
    public byte[] encoded() {
        return WireWriter.growable().raw(unsignedEncoding()).bytes16(signature, Signatures.MAX_LENGTH).toByteArray();
    }

    /** A copy with one field changed, for tests that tamper with a log. */
    public LogEntry withDetail(String d) {
        return new LogEntry(seq, timeMillis, actor, group, action, d, prevHash, signature, hash);
    }

    @Override
    public String toString() {
        return "#" + seq + " @" + timeMillis + " " + actor + " grp " + group + " " + action + " " + detail;
    }
}
