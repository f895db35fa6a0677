package org.gkm.gkmp.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.LogVerificationException;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.pki.Signatures;
import org.gkm.gkmp.pki.VerifyingKey;
import org.gkm.rekey.store.AuditEntry;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreGroupId;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * A {@link LogStore} in a GCKS's {@link GroupStore}: the group management log persisted as the
 * store's audit entries of one log id (usually the group's own store id, beside its snapshots and
 * change records), one entry per record at index = the record's sequence number, the records of one
 * flush in one durable transaction ({@link GroupStore#appendAudit(List)}). Under a {@link org.gkm.rekey.store.SealedGroupStore}
 * the entries are encrypted and bound to their log id and index like every other row.
 *
 * <p>An entry's bytes are the record's {@link LogEntry#encoded()} followed by its 32-byte hash. The
 * log reads back with {@link #read} (strict decoding: a malformed entry is a
 * {@link MalformedMessageException}) and verifies offline with {@link #verify}: the chain from
 * record 0 and the owner's checkpoint signatures ({@link GroupLog#verify}). A {@link GroupLog}
 * continues the stored chain after a restart from {@link #nextSeq()} and {@link #lastHash()};
 * {@link GroupLog#flush()} after a record makes it durable at once (else records reach the store
 * when the log's in-memory bound is passed).
 *
 * <p>{@link LogStore#append} cannot throw a checked exception: a store failure surfaces as
 * {@link StoredLogException} (its cause the {@link StoreException}); the {@link GroupLog} keeps the
 * records and hands them over again, and entries a failed batch had already stored are recognised
 * (same bytes) and skipped. Not thread-safe (one log, one writer).
 */
public final class GroupStoreLog implements LogStore {
    private static final int HASH = 32;

    private final GroupStore store;
    private final StoreGroupId log;
    private long next;
    private byte[] lastHash;

    private GroupStoreLog(GroupStore store, StoreGroupId log, long next, byte[] lastHash) {
        this.store = store;
        this.log = log;
        this.next = next;
        this.lastHash = lastHash;
    }

    /**
     * The log {@code log} of {@code store}, positioned after its last stored record (found by
     * probing, O(log n) reads).
     *
     * @throws StoreException if the store fails or its entries do not authenticate
     * @throws MalformedMessageException if the last stored entry does not decode
     */
    public static GroupStoreLog open(GroupStore store, StoreGroupId log) throws StoreException, MalformedMessageException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(log, "log");
        long n = count(store, log);
        byte[] last = new byte[HASH];
        if (n > 0) {
            last = decode(store.audit(log, n - 1, 1).get(0).entry()).hash();
        }
        return new GroupStoreLog(store, log, n, last);
    }

    /** Number of stored entries: the first absent index, by doubling then bisection. */
    private static long count(GroupStore store, StoreGroupId log) throws StoreException {
        if (store.audit(log, 0, 1).isEmpty()) {
            return 0;
        }
        long present = 0;
        long absent = 1;
        while (!store.audit(log, absent, 1).isEmpty()) {
            present = absent;
            absent = absent * 2;
        }
        while (absent - present > 1) {
            long mid = present + (absent - present) / 2;
            if (store.audit(log, mid, 1).isEmpty()) {
                absent = mid;
            } else {
                present = mid;
            }
        }
        return absent;
    }

    /** The sequence number the next record must have. */
    public synchronized long nextSeq() {
        return next;
    }

    /** The hash of the last stored record (32 zero bytes if none): what the next record links to. */
    public synchronized byte[] lastHash() {
        return lastHash.clone();
    }

    @Override
    public synchronized void append(List<LogEntry> records) {
        try {
            List<AuditEntry> batch = new java.util.ArrayList<>(records.size());
            long n = next;
            byte[] h = lastHash;
            for (LogEntry e : records) {
                byte[] bytes = encode(e);
                if (e.seq() < n) {
                    // stored by an earlier attempt of this batch that failed part-way: must be the same record
                    List<AuditEntry> stored = store.audit(log, e.seq(), 1);
                    if (stored.isEmpty() || !Arrays.equals(stored.get(0).entry(), bytes)) {
                        throw new IllegalStateException("record " + e.seq() + " differs from the stored one");
                    }
                    continue;
                }
                if (e.seq() != n || !Arrays.equals(e.prevHash(), h)) {
                    throw new IllegalStateException("record " + e.seq() + " does not continue the stored chain at " + n);
                }
                batch.add(new AuditEntry(log, e.seq(), bytes));
                n = e.seq() + 1;
                h = e.hash();
            }
            if (!batch.isEmpty()) {
                try {
                    store.appendAudit(batch); // one transaction for the whole flush (a store that is not atomic: see below)
                } catch (StoreException failed) {
                    advanceOverStored(batch, records);
                    throw failed;
                }
            }
            next = n;
            lastHash = h;
        } catch (StoreException e) {
            throw new StoredLogException("storing the group log failed: " + e.getMessage(), e);
        }
    }

    /**
     * After a failed append: a store whose batch append is not atomic may have kept a prefix of
     * {@code batch}. The position moves past the entries stored as sent, so the retry sends only
     * the rest (and compares the prefix, as records below the position). If the store cannot say,
     * the position stays and the retry finds out.
     */
    private void advanceOverStored(List<AuditEntry> batch, List<LogEntry> records) {
        try {
            List<AuditEntry> stored = store.audit(log, batch.get(0).index(), batch.size());
            for (int i = 0; i < stored.size() && Arrays.equals(stored.get(i).entry(), batch.get(i).entry()); i++) {
                long seq = batch.get(i).index();
                for (LogEntry r : records) {
                    if (r.seq() == seq) {
                        next = seq + 1;
                        lastHash = r.hash();
                    }
                }
            }
        } catch (StoreException ignored) {
            // the store cannot be read either: the position stays where it was
        }
    }

    /**
     * Every stored record of {@code log}, in order.
     *
     * @throws StoreException if the store fails, its entries have a hole or do not authenticate
     * @throws MalformedMessageException if an entry does not decode
     */
    public static List<LogEntry> read(GroupStore store, StoreGroupId log) throws StoreException, MalformedMessageException {
        List<LogEntry> out = new ArrayList<>();
        for (long from = 0; ; ) {
            List<AuditEntry> page = store.audit(log, from, 1024);
            if (page.isEmpty()) {
                return out;
            }
            for (AuditEntry a : page) {
                out.add(decode(a.entry()));
            }
            from += page.size();
        }
    }

    /**
     * Every record this log has stored so far, in order ({@link #read} of its own log id). Reads the
     * store only (never this log's position), so it may run on another thread than the writer's;
     * records the writer stores meanwhile may or may not be included.
     *
     * @throws StoreException if the store fails, its entries have a hole or do not authenticate
     * @throws MalformedMessageException if an entry does not decode
     */
    public List<LogEntry> readStored() throws StoreException, MalformedMessageException {
        return read(store, log);
    }

    /**
     * Offline verification of the stored log: reads it ({@link #read}) and checks the whole chain
     * from record 0 and every checkpoint signature under the owner's key ({@link GroupLog#verify}).
     *
     * @return the number of records covered by the last valid checkpoint
     * @throws LogVerificationException naming the first bad record
     */
    public static long verify(CryptoProvider provider, VerifyingKey ownerKey, GroupStore store, StoreGroupId log)
            throws StoreException, MalformedMessageException, LogVerificationException {
        return GroupLog.verify(provider, ownerKey, read(store, log));
    }

    static byte[] encode(LogEntry e) {
        byte[] hash = e.hash();
        if (hash.length != HASH) {
            throw new IllegalArgumentException("record " + e.seq() + " has no hash");
        }
        return WireWriter.growable().raw(e.encoded()).raw(hash).toByteArray();
    }

    /** Strict decoding of one stored entry (the inverse of {@link #encode}). */
    static LogEntry decode(byte[] b) throws MalformedMessageException {
        WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
        long seq = r.nonNegativeLong("log seq");
        long time = r.i64("log time");
        EntityId actor = EntityId.read(r, "log actor");
        long group = r.i64("log group");
        String action = r.ascii8(0, 255, ACTION_ALPHABET, "log action");
        String detail = new String(r.bytes16(0, 0xFFFF, "log detail"), StandardCharsets.UTF_8);
        if (detail.length() > LogEntry.MAX_DETAIL) {
            throw new MalformedMessageException("log detail of " + detail.length() + " characters, limit " + LogEntry.MAX_DETAIL);
        }
        byte[] prev = r.fixed(HASH, "log prevHash");
        byte[] sig = r.bytes16(0, Signatures.MAX_LENGTH, "log signature");
        byte[] hash = r.fixed(HASH, "log hash");
        r.finish("log entry");
        return new LogEntry(seq, time, actor, group, action, detail, prev, sig, hash);
    }

    /** Printable ASCII: what an action name is written with ({@code WireWriter.ascii8}). */
    private static final String ACTION_ALPHABET;

    static {
        StringBuilder sb = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            sb.append(c);
        }
        ACTION_ALPHABET = sb.toString();
    }

    @Override
    public synchronized String toString() {
        return "GroupStoreLog[" + log.hex() + ", next=" + next + "]";
    }
}
