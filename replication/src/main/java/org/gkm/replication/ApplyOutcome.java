package org.gkm.replication;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * What a replica did with one committed log entry: applied it at {@code sequence}, or refused it
 * (the same on every replica: the refusal depends only on the entry and the committed state before
 * it). The reply a leader's Raft client receives for its entry carries this value.
 *
 * <pre>outcome = u8 version(1) || u8 applied(0|1) || u64 sequence || u16 length || reason (UTF-8)</pre>
 *
 * @param applied whether the entry became the group's state
 * @param sequence the entry's sequence number (the group's sequence after it when applied)
 * @param reason why it was refused (empty when applied); names no key material
 */
record ApplyOutcome(boolean applied, long sequence, String reason) {
    private static final int VERSION = 1;
    private static final int MAX_REASON = 1024;

    ApplyOutcome {
        Objects.requireNonNull(reason, "reason");
        if (reason.length() > MAX_REASON / 4) {
            reason = reason.substring(0, MAX_REASON / 4);
        }
    }

    static ApplyOutcome applied(long sequence) {
        return new ApplyOutcome(true, sequence, "");
    }

    static ApplyOutcome refused(long sequence, String reason) {
        return new ApplyOutcome(false, sequence, reason);
    }

    byte[] encode() {
        return WireWriter.growable().u8(VERSION).u8(applied ? 1 : 0).i64(sequence)
                .bytes16(reason.getBytes(StandardCharsets.UTF_8), MAX_REASON).toByteArray();
    }

    static ApplyOutcome decode(byte[] bytes) throws MalformedChangeException {
        WireReader<MalformedChangeException> r = new WireReader<>(bytes, MalformedChangeException::new);
        if (r.u8("version") != VERSION) {
            throw new MalformedChangeException("apply outcome of an unknown version");
        }
        int applied = r.u8("applied");
        if (applied > 1) {
            throw new MalformedChangeException("apply outcome flag " + applied);
        }
        long sequence = r.i64("sequence");
        String reason = new String(r.bytes16(0, MAX_REASON, "reason"), StandardCharsets.UTF_8);
        r.finish("apply outcome");
        return new ApplyOutcome(applied == 1, sequence, reason);
    }
}
