package org.gkm.rekey.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.NonceSequenceAead;
import org.gkm.crypto.OpeningKey;
import org.gkm.crypto.SealingKey;
import org.gkm.crypto.SecretBytes;

/**
 * The at-rest barrier: a {@link GroupStore} that encrypts and authenticates every payload before
 * the store underneath sees it, so that store (a file, a database, a disk image) is untrusted, as
 * Vault's barrier treats its storage backend. Change-record payloads, snapshots and audit entries
 * are sealed; rekey messages are public and protect themselves, so they stay in the clear (resync
 * is served from them without the master key) but each is bound into its change record's
 * associated data.
 *
 * <p><b>Keys.</b>
 * <ul>
 *   <li>The <b>master key</b> (32 bytes) is given to {@link #open} and never written to the store.
 *   <li>A <b>group key-encryption key</b> per group: HKDF-SHA256 of the master key with the group id
 *       in the info. It only wraps and unwraps key records (AES-KW, a few per segment), so one
 *       group's key records cannot be moved to another group.
 *   <li>A <b>key check</b> per group (segment 0): a constant wrapped under the group KEK. It tells a
 *       wrong master key ({@link StoreException.Failure#WRONG_MASTER_KEY}) apart from an edited key
 *       record.
 *   <li>A <b>data key</b> per segment (segments 1, 2, ...): 32 fresh bytes from the provider's CSPRNG,
 *       stored AES-KW-wrapped under the group KEK together with the segment number (so a key record
 *       copied to another segment is detected) and the salt of its sealing key. A new segment starts
 *       with every snapshot, after {@link Options#recordsPerSegment} sealed payloads or
 *       {@link Options#bytesPerSegment} sealed bytes, and in every new barrier instance (a reopened
 *       store never continues an old segment, so no counter has to survive a restart).
 *   <li>Payloads are sealed with {@link NonceSequenceAead} (AES-256-GCM) under a sealing key drawn
 *       from the segment's data key with a random salt (wrapped in the key record) and a context
 *       naming the group and segment; the nonce is the message number 1, 2, ... of that key.
 * </ul>
 *
 * <p><b>Why AES-GCM's per-key limits hold.</b> Nonces are counters under a key only this object
 * holds, so they never repeat (no birthday bound on random nonces applies); each segment key seals
 * at most {@code recordsPerSegment} messages (at most {@link NonceSequenceAead#MAX_MESSAGES}) and
 * about {@code bytesPerSegment} bytes (default 2^30 bytes, 2^26 blocks, far inside GCM's
 * confidentiality bound), and a fresh key is used after that.
 *
 * <p><b>Binding.</b> The associated data of every sealed payload binds the group id, epoch,
 * sequence (audit: index), record kind, segment and, for a change record, its rekey message; the
 * segment's key is itself derived with the group and segment in its context. A payload moved to
 * another group, sequence, kind or segment, an edited or truncated payload, a swapped rekey message
 * or an edited key record fails with {@link StoreException.Failure#RECORD_CORRUPT} or
 * {@link StoreException.Failure#KEY_RECORD_CORRUPT} naming the row. What it cannot detect on its own:
 * the store rolled back to an earlier consistent state (the latest records dropped together), which
 * needs a sequence number kept elsewhere (members' sequence numbers, the signed audit log).
 *
 * <p><b>Failures.</b> Reads decrypt everything before returning anything: a failure returns
 * nothing (payloads decrypted so far are zeroed). Writes seal first and then commit through the
 * store underneath; a refused write commits nothing of the group (it may leave a new key record,
 * which holds no state).
 *
 * <p>One barrier per store at a time (the SQLite store's lock enforces it across processes).
 * Thread-safe. {@link #close()} zeroes every key it holds (master copy, KEKs, sealing keys) and
 * closes the store underneath. {@link #putSegmentKey} is refused: key records are the barrier's own.
 */
public final class SealedGroupStore implements GroupStore {
    /** Length of the master key. */
    public static final int MASTER_KEY_LENGTH = 32;

    /**
     * When a segment ends and a new data key begins (besides every snapshot and every new barrier
     * instance).
     *
     * @param recordsPerSegment payloads sealed per data key, 1..{@link NonceSequenceAead#MAX_MESSAGES}
     * @param bytesPerSegment plaintext bytes per data key; a payload larger than this gets a segment
     *     of its own
     */
    public record Options(long recordsPerSegment, long bytesPerSegment) {
        /** 65,536 payloads or 1 GiB per data key. */
        public static final Options DEFAULT = new Options(65_536, 1L << 30);

        public Options {
            if (recordsPerSegment < 1 || recordsPerSegment > NonceSequenceAead.MAX_MESSAGES) {
                throw new IllegalArgumentException("recordsPerSegment must be 1.." + NonceSequenceAead.MAX_MESSAGES
                        + ", got " + recordsPerSegment);
            }
            if (bytesPerSegment < 1 || bytesPerSegment > 1L << 36) {
                throw new IllegalArgumentException("bytesPerSegment must be 1..2^36, got " + bytesPerSegment);
            }
        }
    }

    private final GroupStore inner;
    private final CryptoProvider provider;
    private final SecretBytes master;
    private final Options options;
    private final Map<StoreGroupId, GroupKeys> groups = new HashMap<>();
    private boolean closed;

    /** A group's KEK (verified against its key check) and its current segment, if any. */
    private static final class GroupKeys {
        final SecretBytes kek;
        long nextSegment;
        Segment current;

        GroupKeys(SecretBytes kek, long nextSegment) {
            this.kek = kek;
            this.nextSegment = nextSegment;
        }

        void destroy() {
            kek.destroy();
            if (current != null) {
                current.key.destroy();
                current = null;
            }
        }
    }

    /** The segment being written: its number, its sealing key and what it has sealed. */
    private static final class Segment {
        final long id;
        final SealingKey key;
        long sealed;
        long bytes;

        Segment(long id, SealingKey key) {
            this.id = id;
            this.key = key;
        }
    }

    private SealedGroupStore(GroupStore inner, CryptoProvider provider, SecretBytes master, Options options) {
        this.inner = inner;
        this.provider = provider;
        this.master = master;
        this.options = options;
    }

    /**
     * A barrier over {@code inner}. It keeps its own copy of {@code masterKey} (the caller may
     * destroy its own) and owns {@code inner} from now on (closing the barrier closes it). Nothing is
     * read or written until the first operation; a group's key check is verified the first time the
     * group is touched.
     *
     * @throws IllegalArgumentException if the master key is not {@value #MASTER_KEY_LENGTH} bytes
     */
    public static SealedGroupStore open(GroupStore inner, CryptoProvider provider, SecretBytes masterKey, Options options) {
        Objects.requireNonNull(inner, "inner");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(options, "options");
        if (masterKey.length() != MASTER_KEY_LENGTH) {
            throw new IllegalArgumentException("master key must be " + MASTER_KEY_LENGTH + " bytes, got " + masterKey.length());
        }
        byte[] raw = masterKey.toByteArray(InsecureSecretAccess.get());
        try {
            return new SealedGroupStore(inner, provider, SecretBytes.copyOf(raw), options);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** {@link #open(GroupStore, CryptoProvider, SecretBytes, Options)} with {@link Options#DEFAULT}. */
    public static SealedGroupStore open(GroupStore inner, CryptoProvider provider, SecretBytes masterKey) {
        return open(inner, provider, masterKey, Options.DEFAULT);
    }

    @Override
    public synchronized List<StoreGroupId> groups() throws StoreException {
        checkOpen();
        return inner.groups();
    }

    @Override
    public synchronized Optional<GroupStatus> status(StoreGroupId group) throws StoreException {
        checkOpen();
        return inner.status(group);
    }

    @Override
    public synchronized void writeSnapshot(Snapshot snapshot) throws StoreException {
        checkOpen();
        GroupKeys keys = keysForWriting(snapshot.group());
        startSegment(snapshot.group(), keys);
        byte[] plain = snapshot.payload();
        try {
            byte[] sealed = seal(keys, plain, RecordKind.SNAPSHOT, snapshot.group(), snapshot.epoch(), snapshot.sequence(), null);
            inner.writeSnapshot(new Snapshot(snapshot.group(), snapshot.epoch(), snapshot.sequence(), sealed));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public synchronized void append(ChangeRecord record, List<AuditEntry> auditEntries) throws StoreException {
        checkOpen();
        List<AuditEntry> sealedAudit = new ArrayList<>(auditEntries.size());
        for (AuditEntry e : auditEntries) {
            sealedAudit.add(sealAudit(e));
        }
        GroupKeys keys = keysForWriting(record.group());
        byte[] plain = record.payload();
        byte[] message = record.rekeyMessage();
        try {
            byte[] sealed = seal(keys, plain, RecordKind.CHANGE, record.group(), record.epoch(), record.sequence(), message);
            inner.append(new ChangeRecord(record.group(), record.epoch(), record.sequence(), sealed, message), sealedAudit);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public synchronized Optional<LoadedGroup> load(StoreGroupId group) throws StoreException {
        checkOpen();
        Optional<LoadedGroup> stored = inner.load(group);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        LoadedGroup rows = stored.get();
        try (Openers openers = new Openers(group, keysForReading(group))) {
            Snapshot snapshot = null;
            List<ChangeRecord> records = new ArrayList<>(rows.records().size());
            boolean done = false;
            try {
                Snapshot s = rows.snapshot();
                byte[] plain = openers.open(s.payload(), RecordKind.SNAPSHOT, s.epoch(), s.sequence(), null);
                try {
                    snapshot = new Snapshot(group, s.epoch(), s.sequence(), plain);
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
                for (ChangeRecord r : rows.records()) {
                    byte[] message = r.rekeyMessage();
                    plain = openers.open(r.payload(), RecordKind.CHANGE, r.epoch(), r.sequence(), message);
                    try {
                        records.add(new ChangeRecord(group, r.epoch(), r.sequence(), plain, message));
                    } finally {
                        Arrays.fill(plain, (byte) 0);
                    }
                }
                LoadedGroup out = new LoadedGroup(snapshot, records);
                done = true;
                return Optional.of(out);
            } finally {
                if (!done) {
                    if (snapshot != null) {
                        snapshot.destroy();
                    }
                    records.forEach(ChangeRecord::destroy);
                }
                rows.destroy();
            }
        }
    }

    @Override
    public synchronized MessagesSince messagesSince(StoreGroupId group, long after, int maxMessages) throws StoreException {
        checkOpen();
        return inner.messagesSince(group, after, maxMessages);
    }

    @Override
    public synchronized int compact(StoreGroupId group, long through) throws StoreException {
        checkOpen();
        return inner.compact(group, through);
    }

    @Override
    public synchronized void appendAudit(AuditEntry entry) throws StoreException {
        checkOpen();
        inner.appendAudit(sealAudit(entry));
    }

    @Override
    public synchronized void appendAudit(List<AuditEntry> entries) throws StoreException {
        checkOpen();
        List<AuditEntry> sealed = new java.util.ArrayList<>(entries.size());
        for (AuditEntry e : entries) {
            sealed.add(sealAudit(e));
        }
        inner.appendAudit(sealed);
    }

    @Override
    public synchronized List<AuditEntry> audit(StoreGroupId group, long fromIndex, int maxEntries) throws StoreException {
        checkOpen();
        List<AuditEntry> rows = inner.audit(group, fromIndex, maxEntries);
        if (rows.isEmpty()) {
            return rows;
        }
        List<AuditEntry> out = new ArrayList<>(rows.size());
        try (Openers openers = new Openers(group, keysForReading(group))) {
            long expected = fromIndex;
            for (AuditEntry e : rows) {
                if (e.index() != expected) {
                    throw StoreRules.missing(group, RecordKind.AUDIT, expected, e.index());
                }
                byte[] plain = openers.open(e.entry(), RecordKind.AUDIT, 0, e.index(), null);
                try {
                    out.add(new AuditEntry(group, e.index(), plain));
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
                expected++;
            }
        }
        return List.copyOf(out);
    }

    /** Refused: key records are the barrier's own. */
    @Override
    public void putSegmentKey(SegmentKey key) {
        throw new UnsupportedOperationException("segment key records belong to the barrier");
    }

    /** The store's key records of the group (wrapped keys: nothing secret in the clear). */
    @Override
    public synchronized List<SegmentKey> segmentKeys(StoreGroupId group) throws StoreException {
        checkOpen();
        return inner.segmentKeys(group);
    }

    /** Zeroes every key held (master copy, KEKs, sealing keys), then closes the store underneath. */
    @Override
    public synchronized void close() throws StoreException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            groups.values().forEach(GroupKeys::destroy);
            groups.clear();
            master.destroy();
        } finally {
            inner.close();
        }
    }

    @Override
    public String toString() {
        return "SealedGroupStore[" + inner + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    private AuditEntry sealAudit(AuditEntry e) throws StoreException {
        GroupKeys keys = keysForWriting(e.group());
        byte[] plain = e.entry();
        try {
            return new AuditEntry(e.group(), e.index(), seal(keys, plain, RecordKind.AUDIT, e.group(), 0, e.index(), null));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private byte[] seal(GroupKeys keys, byte[] plain, RecordKind kind, StoreGroupId group, long epoch, long sequence,
            byte[] rekeyMessage) throws StoreException {
        Segment seg = keys.current;
        if (seg == null || seg.sealed >= options.recordsPerSegment()
                || (seg.sealed > 0 && seg.bytes + plain.length > options.bytesPerSegment())) {
            seg = startSegment(group, keys);
        }
        byte[] aad = BarrierFormat.associatedData(kind, group, epoch, sequence, seg.id, rekeyMessage);
        SealingKey.Sealed sealed;
        try {
            sealed = seg.key.seal(plain, aad);
        } catch (CryptoException e) {
            // The segment limits keep the key below its message limit and payloads below GCM's.
            throw new IllegalStateException("sealing refused: " + e.getMessage(), e);
        }
        seg.sealed++;
        seg.bytes += plain.length;
        return BarrierFormat.sealed(seg.id, sealed.number(), sealed.ciphertext());
    }

    /** A new segment: fresh data key, wrapped and stored, then made current. */
    private Segment startSegment(StoreGroupId group, GroupKeys keys) throws StoreException {
        long id = keys.nextSegment++;
        byte[] dataKey = provider.random().bytes(BarrierFormat.KEY_LENGTH);
        SecretBytes dk = SecretBytes.copyOf(dataKey);
        SealingKey sealingKey = null;
        byte[] keyData = null;
        byte[] wrapped;
        try {
            sealingKey = provider.nonceSequenceAead().newSealingKey(BarrierFormat.AEAD, dk, BarrierFormat.context(group, id));
            keyData = BarrierFormat.keyData(dataKey, id, sealingKey.salt());
            wrapped = provider.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, keys.kek, keyData);
        } catch (CryptoException e) {
            if (sealingKey != null) {
                sealingKey.destroy();
            }
            throw new IllegalStateException("segment key set-up refused: " + e.getMessage(), e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            if (keyData != null) {
                Arrays.fill(keyData, (byte) 0);
            }
            dk.destroy();
        }
        try {
            inner.putSegmentKey(new SegmentKey(group, id, BarrierFormat.segmentRecord(wrapped)));
        } catch (StoreException | RuntimeException e) {
            sealingKey.destroy();
            throw e;
        }
        if (keys.current != null) {
            keys.current.key.destroy();
        }
        keys.current = new Segment(id, sealingKey);
        return keys.current;
    }

    /** The group's keys for a write: verified against the key check, which a new group gets first. */
    private GroupKeys keysForWriting(StoreGroupId group) throws StoreException {
        GroupKeys keys = groups.get(group);
        if (keys != null) {
            return keys;
        }
        List<SegmentKey> stored = inner.segmentKeys(group);
        SecretBytes kek = deriveKek(group);
        try {
            if (stored.isEmpty()) {
                byte[] check = BarrierFormat.checkData();
                byte[] wrapped;
                try {
                    wrapped = provider.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, kek, check);
                } catch (CryptoException e) {
                    throw new IllegalStateException("key check wrap refused: " + e.getMessage(), e);
                }
                inner.putSegmentKey(new SegmentKey(group, BarrierFormat.CHECK_SEGMENT, BarrierFormat.checkRecord(wrapped)));
                keys = new GroupKeys(kek, BarrierFormat.CHECK_SEGMENT + 1);
            } else {
                verifyCheck(group, kek, stored);
                keys = new GroupKeys(kek, stored.get(stored.size() - 1).segment() + 1);
            }
        } catch (StoreException | RuntimeException e) {
            kek.destroy();
            throw e;
        }
        groups.put(group, keys);
        return keys;
    }

    /**
     * The group's KEK for a read and every key record stored. The key check is verified on every
     * read (one unwrap), since the store may have been edited since the group was first touched.
     */
    private ReadKeys keysForReading(StoreGroupId group) throws StoreException {
        List<SegmentKey> stored = inner.segmentKeys(group);
        GroupKeys cached = groups.get(group);
        if (cached != null) {
            verifyCheck(group, cached.kek, stored);
            return new ReadKeys(cached.kek, stored, false);
        }
        SecretBytes kek = deriveKek(group);
        try {
            verifyCheck(group, kek, stored);
        } catch (StoreException | RuntimeException e) {
            kek.destroy();
            throw e;
        }
        return new ReadKeys(kek, stored, true);
    }

    private void verifyCheck(StoreGroupId group, SecretBytes kek, List<SegmentKey> stored) throws StoreException {
        if (stored.isEmpty() || stored.get(0).segment() != BarrierFormat.CHECK_SEGMENT) {
            throw new StoreException(StoreException.Failure.KEY_RECORD_MISSING, RecordKind.SEGMENT_KEY,
                    BarrierFormat.CHECK_SEGMENT, "the key check record of group " + group.hex() + " is missing");
        }
        byte[] m = stored.get(0).material();
        if (m.length != BarrierFormat.CHECK_RECORD || m[0] != BarrierFormat.VERSION || m[1] != BarrierFormat.TYPE_CHECK) {
            throw new StoreException(StoreException.Failure.KEY_RECORD_CORRUPT, RecordKind.SEGMENT_KEY,
                    BarrierFormat.CHECK_SEGMENT, "the key check record of group " + group.hex() + " is malformed");
        }
        byte[] data;
        try {
            data = provider.keyWrap().unwrap(KeyWrapAlgorithm.AES_KW, kek, Arrays.copyOfRange(m, 2, m.length));
        } catch (InvalidCiphertextException e) {
            throw new StoreException(StoreException.Failure.WRONG_MASTER_KEY, RecordKind.SEGMENT_KEY,
                    BarrierFormat.CHECK_SEGMENT, "the master key does not open the key check of group " + group.hex()
                            + " (wrong master key, or the check record was edited)");
        } catch (CryptoException e) {
            throw new IllegalStateException("key check unwrap refused: " + e.getMessage(), e);
        }
        if (!BarrierFormat.isCheckData(data)) {
            throw new StoreException(StoreException.Failure.KEY_RECORD_CORRUPT, RecordKind.SEGMENT_KEY,
                    BarrierFormat.CHECK_SEGMENT, "the key check record of group " + group.hex() + " holds other data");
        }
    }

    private SecretBytes deriveKek(StoreGroupId group) {
        byte[] ikm = master.toByteArray(InsecureSecretAccess.get());
        byte[] kek = null;
        try {
            kek = provider.kdf().derive(null, ikm, BarrierFormat.kekInfo(group), BarrierFormat.KEY_LENGTH);
            return SecretBytes.copyOf(kek);
        } catch (CryptoException e) {
            throw new IllegalStateException("KEK derivation refused: " + e.getMessage(), e);
        } finally {
            Arrays.fill(ikm, (byte) 0);
            if (kek != null) {
                Arrays.fill(kek, (byte) 0);
            }
        }
    }

    /** A read's KEK (owned if derived for this read only) and the key records stored. */
    private record ReadKeys(SecretBytes kek, List<SegmentKey> stored, boolean owned) {
    }

    /** The opening keys of one read, one per segment met, all destroyed when the read ends. */
    private final class Openers implements AutoCloseable {
        private final StoreGroupId group;
        private final ReadKeys keys;
        private final Map<Long, SegmentKey> records = new HashMap<>();
        private final Map<Long, OpeningKey> opened = new HashMap<>();

        Openers(StoreGroupId group, ReadKeys keys) {
            this.group = group;
            this.keys = keys;
            for (SegmentKey k : keys.stored()) {
                records.put(k.segment(), k);
            }
        }

        /** Opens a sealed payload of the row (kind, epoch, sequence) of this group. */
        byte[] open(byte[] sealed, RecordKind kind, long epoch, long sequence, byte[] rekeyMessage) throws StoreException {
            String row = kind.label() + " " + sequence + " of group " + group.hex();
            if (sealed.length < BarrierFormat.MIN_SEALED || sealed[0] != BarrierFormat.VERSION) {
                throw new StoreException(StoreException.Failure.RECORD_CORRUPT, kind, sequence,
                        row + " is truncated or not sealed (" + sealed.length + " bytes)");
            }
            long segment = BarrierFormat.u64(sealed, 1);
            long number = BarrierFormat.u64(sealed, 9);
            if (segment <= BarrierFormat.CHECK_SEGMENT || number < 1 || number > NonceSequenceAead.MAX_MESSAGES) {
                throw new StoreException(StoreException.Failure.RECORD_CORRUPT, kind, sequence,
                        row + " has an impossible header (segment " + segment + ", message " + number + ")");
            }
            OpeningKey key = opener(segment, row);
            byte[] aad = BarrierFormat.associatedData(kind, group, epoch, sequence, segment, rekeyMessage);
            try {
                return key.open(number, Arrays.copyOfRange(sealed, BarrierFormat.HEADER, sealed.length), aad);
            } catch (InvalidCiphertextException e) {
                throw new StoreException(StoreException.Failure.RECORD_CORRUPT, kind, sequence,
                        row + " does not authenticate (edited, truncated, moved or swapped)");
            } catch (CryptoException e) {
                throw new IllegalStateException("open refused: " + e.getMessage(), e);
            }
        }

        private OpeningKey opener(long segment, String row) throws StoreException {
            OpeningKey key = opened.get(segment);
            if (key != null) {
                return key;
            }
            SegmentKey record = records.get(segment);
            String what = "the key record of segment " + segment + " of group " + group.hex() + " (needed by " + row + ")";
            if (record == null) {
                throw new StoreException(StoreException.Failure.KEY_RECORD_MISSING, RecordKind.SEGMENT_KEY, segment,
                        what + " is missing");
            }
            byte[] m = record.material();
            if (m.length != BarrierFormat.SEGMENT_RECORD || m[0] != BarrierFormat.VERSION
                    || m[1] != BarrierFormat.TYPE_SEGMENT || ((m[2] & 0xff) << 8 | (m[3] & 0xff)) != BarrierFormat.AEAD.code()) {
                throw new StoreException(StoreException.Failure.KEY_RECORD_CORRUPT, RecordKind.SEGMENT_KEY, segment,
                        what + " is malformed");
            }
            byte[] data = null;
            SecretBytes dk = null;
            try {
                data = provider.keyWrap().unwrap(KeyWrapAlgorithm.AES_KW, keys.kek(), Arrays.copyOfRange(m, 4, m.length));
                if (data.length != BarrierFormat.SEGMENT_KEY_DATA || BarrierFormat.u64(data, BarrierFormat.KEY_LENGTH) != segment) {
                    throw new StoreException(StoreException.Failure.KEY_RECORD_CORRUPT, RecordKind.SEGMENT_KEY, segment,
                            what + " carries another segment's key");
                }
                dk = SecretBytes.copyOf(data, 0, BarrierFormat.KEY_LENGTH);
                byte[] salt = Arrays.copyOfRange(data, BarrierFormat.KEY_LENGTH + 8, data.length);
                key = provider.nonceSequenceAead().openingKey(BarrierFormat.AEAD, dk, salt, BarrierFormat.context(group, segment));
            } catch (InvalidCiphertextException e) {
                throw new StoreException(StoreException.Failure.KEY_RECORD_CORRUPT, RecordKind.SEGMENT_KEY, segment,
                        what + " does not unwrap under the group key (edited or from another group)");
            } catch (CryptoException e) {
                throw new IllegalStateException("segment key unwrap refused: " + e.getMessage(), e);
            } finally {
                if (data != null) {
                    Arrays.fill(data, (byte) 0);
                }
                if (dk != null) {
                    dk.destroy();
                }
            }
            opened.put(segment, key);
            return key;
        }

        @Override
        public void close() {
            opened.values().forEach(OpeningKey::destroy);
            opened.clear();
            if (keys.owned()) {
                keys.kek().destroy();
            }
        }
    }
}
