package org.gkm.gkmp.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.LogVerificationException;
import org.gkm.gkmp.VerificationException;
import org.gkm.gkmp.engine.KeySchedule;
import org.gkm.gkmp.pki.Signatures;
import org.gkm.gkmp.pki.SigningKey;
import org.gkm.gkmp.pki.VerifyingKey;

/**
 * The group management log (RFC 2093 sec. 5.9 "Update group management log"):
 * append-only, hash-chained ({@code hash_i = H(encoding_i)}, {@code encoding_i} includes
 * {@code hash_{i-1}}), and signed by its owner (the controller) every {@code checkpointEvery}
 * records and on demand. {@link #verify} recomputes the chain: an edited record changes its hash, a
 * removed or reordered one breaks the sequence numbers and the links, and checkpoint signatures
 * stop anyone without the owner's key from rebuilding the chain. Records after the last checkpoint
 * are chained but not yet signed (see docs/gkmp.md).
 *
 * <p>Bounded: at most {@code maxInMemory} records stay in memory; when there are more, the oldest
 * are handed to the {@link LogStore} (a durable store in a GCKS, {@link InMemoryLogStore} by
 * default) until half that many remain. {@link #entries()} are the records still in memory, which
 * continue the stored chain ({@link #verify(CryptoProvider, VerifyingKey, List, long, byte[])}
 * checks such a segment). Not thread-safe: one node owns it.
 */
public final class GroupLog {
    public static final String CHECKPOINT = "CHECKPOINT";
    /** Records kept in memory unless configured otherwise. */
    public static final int DEFAULT_IN_MEMORY = 1024;
    /** Capacity of the default {@link InMemoryLogStore}. */
    public static final int DEFAULT_STORE_CAPACITY = 4096;
    static final String PURPOSE = "group-log-checkpoint";
    private static final byte[] LABEL = "group-log".getBytes(StandardCharsets.US_ASCII);

    private final CryptoProvider provider;
    private final KeySchedule hashes;
    private final EntityId owner;
    private final SigningKey key;
    private final int checkpointEvery;
    private final LogStore store;
    private final int maxInMemory;
    private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();
    private long nextSeq;
    private byte[] lastHash = new byte[32];
    private int sinceCheckpoint;

    /** A log with the default bounds: {@link #DEFAULT_IN_MEMORY} records in memory, older ones in an {@link InMemoryLogStore}. */
    public GroupLog(CryptoProvider provider, EntityId owner, SigningKey key, int checkpointEvery) {
        this(provider, owner, key, checkpointEvery, new InMemoryLogStore(DEFAULT_STORE_CAPACITY), DEFAULT_IN_MEMORY);
    }

    /** A log that keeps at most {@code maxInMemory} records in memory and hands older ones to {@code store}. */
    public GroupLog(CryptoProvider provider, EntityId owner, SigningKey key, int checkpointEvery, LogStore store, int maxInMemory) {
        this(provider, owner, key, checkpointEvery, store, maxInMemory, 0, new byte[32]);
    }

    /**
     * A log that continues a stored chain (after a restart): its next record gets sequence number
     * {@code nextSeq} and links to {@code lastHash}, the hash of the stored record {@code nextSeq - 1}
     * (32 zero bytes for an empty log); {@link GroupStoreLog#nextSeq()} and
     * {@link GroupStoreLog#lastHash()} give them. A checkpoint count starts afresh.
     */
    public GroupLog(CryptoProvider provider, EntityId owner, SigningKey key, int checkpointEvery, LogStore store, int maxInMemory,
            long nextSeq, byte[] lastHash) {
        if (nextSeq < 0 || lastHash.length != 32) {
            throw new IllegalArgumentException("nextSeq must be >= 0 and lastHash 32 bytes");
        }
        this.nextSeq = nextSeq;
        this.lastHash = lastHash.clone();
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be positive");
        }
        if (maxInMemory < 1) {
            throw new IllegalArgumentException("maxInMemory must be positive");
        }
        this.store = Objects.requireNonNull(store, "store");
        this.maxInMemory = maxInMemory;
        this.provider = Objects.requireNonNull(provider, "provider");
        this.hashes = new KeySchedule(provider);
        this.owner = Objects.requireNonNull(owner, "owner");
        this.key = Objects.requireNonNull(key, "key");
        this.checkpointEvery = checkpointEvery;
    }

    /** Appends a record (and a checkpoint when due). {@code group} may be null. */
    public LogEntry append(long nowMillis, EntityId actor, GkmpGroupId group, String action, String detail) {
        LogEntry e = add(nowMillis, actor, group == null ? -1 : group.value(), action, detail, false);
        if (++sinceCheckpoint >= checkpointEvery) {
            checkpoint(nowMillis);
        }
        flushIfFull();
        return e;
    }

    /** Appends a checkpoint signed by the owner. */
    public LogEntry checkpoint(long nowMillis) {
        sinceCheckpoint = 0;
        LogEntry e = add(nowMillis, owner, -1, CHECKPOINT, "", true);
        flushIfFull();
        return e;
    }

    /**
     * Hands every record still in memory to the store now (a durable store: they are durable when
     * this returns). A GCKS calls it after each record that must survive a crash; otherwise records
     * reach the store only when more than {@code maxInMemory} are held. If the store throws, the
     * records stay in memory and go with the next flush.
     */
    public void flush() {
        if (entries.isEmpty()) {
            return;
        }
        store.append(Collections.unmodifiableList(new ArrayList<>(entries)));
        entries.clear();
    }

    /** Hands the oldest records to the store once more than {@code maxInMemory} are held, keeping half. */
    private void flushIfFull() {
        if (entries.size() <= maxInMemory) {
            return;
        }
        int n = entries.size() - maxInMemory / 2;
        List<LogEntry> batch = new ArrayList<>(n);
        Iterator<LogEntry> it = entries.iterator();
        for (int i = 0; i < n; i++) {
            batch.add(it.next());
        }
        store.append(Collections.unmodifiableList(batch));
        for (int i = 0; i < n; i++) {
            entries.removeFirst();
        }
    }

    private LogEntry add(long now, EntityId actor, long group, String action, String detailIn, boolean sign) {
        String detail = detailIn.length() > LogEntry.MAX_DETAIL ? detailIn.substring(0, LogEntry.MAX_DETAIL) : detailIn;
        byte[] prev = lastHash;
        LogEntry unsigned = new LogEntry(nextSeq, now, actor, group, action, detail, prev, new byte[0], new byte[0]);
        byte[] sig = sign ? Signatures.sign(provider, key, PURPOSE, unsigned.unsignedEncoding()) : new byte[0];
        LogEntry withSig = new LogEntry(unsigned.seq(), now, actor, group, action, detail, prev, sig, new byte[0]);
        LogEntry e = new LogEntry(unsigned.seq(), now, actor, group, action, detail, prev, sig,
                hashes.hash(LABEL, withSig.encoded()));
        entries.addLast(e);
        nextSeq++;
        lastHash = e.hash();
        return e;
    }

    /**
     * Removes and returns the records still in memory, oldest first, for an owner that writes them to
     * the store itself ({@link LogStore#append}, in order, e.g. after releasing its own lock so that
     * several flushes become one write). The caller keeps them until they are written: this log no
     * longer holds them.
     */
    public List<LogEntry> drain() {
        List<LogEntry> out = new ArrayList<>(entries);
        entries.clear();
        return out;
    }

    /** The records still in memory, oldest first (the whole log until the first flush). */
    public List<LogEntry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(entries));
    }

    /** Number of records still in memory (at most {@code maxInMemory}). */
    public int size() {
        return entries.size();
    }

    /** Number of records appended since the log began (in memory and handed to the store). */
    public long length() {
        return nextSeq;
    }

    /**
     * Verifies a whole log: sequence numbers 0..n-1 in order, each record's prevHash is its
     * predecessor's hash (zeros for the first), each hash recomputes, every checkpoint signature
     * verifies under {@code ownerKey}.
     *
     * @return the number of records covered by the last valid checkpoint
     * @throws LogVerificationException naming the first bad record (its index in {@code log})
     */
    public static long verify(CryptoProvider p, VerifyingKey ownerKey, List<LogEntry> log) throws LogVerificationException {
        return verify(p, ownerKey, log, 0, new byte[32]);
    }

    /**
     * Verifies a segment of a log that starts at sequence number {@code firstSeq} and continues a
     * record whose hash is {@code prevHash} (e.g. the records still in memory after the store's), as
     * {@link #verify(CryptoProvider, VerifyingKey, List)} does a whole log.
     *
     * @return the number of records of the segment covered by its last valid checkpoint
     */
    public static long verify(CryptoProvider p, VerifyingKey ownerKey, List<LogEntry> log, long firstSeq, byte[] prevHash)
            throws LogVerificationException {
        KeySchedule ks = new KeySchedule(p);
        byte[] prev = prevHash.clone();
        long signedUpTo = 0;
        for (int i = 0; i < log.size(); i++) {
            LogEntry e = log.get(i);
            if (e.seq() != firstSeq + i) {
                throw new LogVerificationException(i, "sequence number " + e.seq() + " (record removed or reordered)");
            }
            if (!MessageDigest.isEqual(e.prevHash(), prev)) {
                throw new LogVerificationException(i, "chain link broken (record removed, reordered or edited)");
            }
            if (!MessageDigest.isEqual(ks.hash(LABEL, e.encoded()), e.hash())) {
                throw new LogVerificationException(i, "hash mismatch (record edited)");
            }
            if (e.isCheckpoint()) {
                try {
                    Signatures.verify(p, ownerKey, PURPOSE, e.unsignedEncoding(), e.signature(), Check.SOURCE_SIGNATURE);
                } catch (VerificationException ex) {
                    throw new LogVerificationException(i, "checkpoint signature invalid");
                }
                signedUpTo = i + 1;
            } else if (e.signature().length != 0) {
                throw new LogVerificationException(i, "signature on a non-checkpoint record");
            }
            prev = e.hash();
        }
        return signedUpTo;
    }
}
