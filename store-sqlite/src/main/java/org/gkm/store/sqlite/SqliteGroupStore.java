package org.gkm.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gkm.rekey.store.AuditEntry;
import org.gkm.rekey.store.ChangeRecord;
import org.gkm.rekey.store.GroupStatus;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.LoadedGroup;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.RecordKind;
import org.gkm.rekey.store.SegmentKey;
import org.gkm.rekey.store.Snapshot;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreException.Failure;
import org.gkm.rekey.store.StoreGroupId;
import org.gkm.rekey.store.StoreRules;
import org.gkm.rekey.store.StoredMessage;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The embedded {@link GroupStore}: one SQLite database file (through sqlite-jdbc), the default
 * durable store of a GCKS. Put a {@link org.gkm.rekey.store.SealedGroupStore} on top: this class
 * stores rows as given.
 *
 * <p><b>Durability.</b> WAL journal with {@code synchronous=FULL}: every commit fsyncs the WAL
 * before it returns, so a change acknowledged after {@link #append} returned survives a crash or
 * power loss. Each write method is one {@code BEGIN IMMEDIATE ... COMMIT} transaction (a change
 * record with its rekey message and audit entries is one), so a crash leaves it whole or absent;
 * every read is one read transaction, a consistent view. A write that throws has rolled back.
 *
 * <p><b>Opening.</b> {@link #open} takes an exclusive lock on {@code <file>.lock} (held until
 * {@link #close}; a second opener, in this or another process, gets
 * {@link StoreException.Failure#LOCKED}), then for an existing file checks, before changing
 * anything: that it is a SQLite database ({@code STORAGE_CORRUPT} if not), that its application id
 * is gkm's and its schema version ({@code user_version}) is {@value #SCHEMA_VERSION}
 * ({@code SCHEMA} if not), that the four tables exist, and {@code PRAGMA quick_check} (or
 * {@code integrity_check}, or none, by {@link Options}) ({@code STORAGE_CORRUPT}). A new (or
 * empty) file is created owner-only and gets the schema in one transaction. Reads also check what
 * they return: a hole among stored records is {@code RECORD_MISSING}.
 *
 * <p>All SQL is constant text with bound parameters. Thread-safe: one connection, one caller at a
 * time.
 */
public final class SqliteGroupStore implements GroupStore {
    /** The schema version this code writes and reads ({@code PRAGMA user_version}). */
    public static final int SCHEMA_VERSION = 1;
    /** {@code PRAGMA application_id} of a gkm store: "gkms". */
    public static final int APPLICATION_ID = 0x676b6d73;

    /** How much of the database {@link #open} checks before use. */
    public enum IntegrityCheck {
        /** {@code PRAGMA quick_check}: every page's structure, O(size) but without index cross-checks. */
        QUICK,
        /** {@code PRAGMA integrity_check}: also that every index matches its table. */
        FULL,
        /** No scan (very large stores whose operator checks them otherwise). */
        NONE
    }

    /**
     * Open options.
     *
     * @param integrityCheck the check {@link #open} runs on an existing file
     * @param busyTimeout how long a statement waits for a lock held by a reader in another process
     */
    public record Options(IntegrityCheck integrityCheck, Duration busyTimeout) {
        /** Quick check, 5 s busy timeout. */
        public static final Options DEFAULT = new Options(IntegrityCheck.QUICK, Duration.ofSeconds(5));

        public Options {
            Objects.requireNonNull(integrityCheck, "integrityCheck");
            if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("busyTimeout out of range: " + busyTimeout);
            }
        }
    }

    private static final Set<String> TABLES = Set.of("snapshots", "records", "audit", "segment_keys");
    private static final String[] SCHEMA = {
        "CREATE TABLE snapshots ("
                + " group_id BLOB NOT NULL CHECK (length(group_id) BETWEEN 1 AND 255),"
                + " sequence INTEGER NOT NULL CHECK (sequence >= 0),"
                + " epoch INTEGER NOT NULL CHECK (epoch >= 0),"
                + " payload BLOB NOT NULL,"
                + " PRIMARY KEY (group_id, sequence)) STRICT",
        "CREATE TABLE records ("
                + " group_id BLOB NOT NULL CHECK (length(group_id) BETWEEN 1 AND 255),"
                + " sequence INTEGER NOT NULL CHECK (sequence >= 1),"
                + " epoch INTEGER NOT NULL CHECK (epoch >= 0),"
                + " payload BLOB NOT NULL,"
                + " message BLOB NOT NULL,"
                + " PRIMARY KEY (group_id, sequence)) STRICT",
        "CREATE TABLE audit ("
                + " group_id BLOB NOT NULL CHECK (length(group_id) BETWEEN 1 AND 255),"
                + " idx INTEGER NOT NULL CHECK (idx >= 0),"
                + " entry BLOB NOT NULL,"
                + " PRIMARY KEY (group_id, idx)) STRICT",
        "CREATE TABLE segment_keys ("
                + " group_id BLOB NOT NULL CHECK (length(group_id) BETWEEN 1 AND 255),"
                + " segment INTEGER NOT NULL CHECK (segment >= 0),"
                + " material BLOB NOT NULL,"
                + " PRIMARY KEY (group_id, segment)) STRICT",
        "PRAGMA application_id = " + APPLICATION_ID,
        "PRAGMA user_version = " + SCHEMA_VERSION,
    };

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Connection db;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private boolean closed;

    private SqliteGroupStore(Path file, FileChannel lockChannel, FileLock lock, Connection db) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.db = db;
    }

    /** {@link #open(Path, Options)} with {@link Options#DEFAULT}. */
    public static SqliteGroupStore open(Path file) throws StoreException {
        return open(file, Options.DEFAULT);
    }

    /**
     * Opens (or creates) the store in {@code file}. On any failure nothing is left open and the
     * file is as it was (beyond SQLite's own recovery of an interrupted commit).
     *
     * @throws StoreException {@code LOCKED}, {@code SCHEMA}, {@code STORAGE_CORRUPT} or {@code IO}
     */
    public static SqliteGroupStore open(Path file, Options options) throws StoreException {
        Path path = file.toAbsolutePath().normalize();
        Path lockPath = path.resolveSibling(path.getFileName() + ".lock");
        FileChannel channel = null;
        FileLock lock = null;
        Connection db = null;
        boolean done = false;
        try {
            channel = FileChannel.open(createOwnerOnly(lockPath), StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException(Failure.LOCKED, "store " + path + " is open elsewhere (lock " + lockPath + " held)");
            }
            createOwnerOnly(path);
            db = connect(path, options);
            prepare(db, path, options);
            SqliteGroupStore store = new SqliteGroupStore(path, channel, lock, db);
            done = true;
            return store;
        } catch (IOException e) {
            throw new StoreException(Failure.IO, "cannot open store " + path + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw failure("open store " + path, e);
        } finally {
            if (!done) {
                closeQuietly(db, lock, channel);
            }
        }
    }

    private static Path createOwnerOnly(Path p) throws IOException {
        try {
            if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
                Files.createFile(p, ownerOnly);
            } else {
                Files.createFile(p);
            }
        } catch (FileAlreadyExistsException e) {
            // an existing store or lock file: used as it is
        }
        return p;
    }

    private static Connection connect(Path path, Options options) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout((int) options.busyTimeout().toMillis());
        return config.createConnection("jdbc:sqlite:" + path);
    }

    /** Checks an existing database, or creates the schema in a new one; then sets WAL and FULL sync. */
    private static void prepare(Connection db, Path path, Options options) throws SQLException, StoreException {
        try (Statement st = db.createStatement()) {
            int applicationId = intPragma(st, "PRAGMA application_id");
            int version = intPragma(st, "PRAGMA user_version");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            boolean fresh = applicationId == 0 && version == 0 && tables.isEmpty();
            if (!fresh) {
                if (applicationId != APPLICATION_ID) {
                    throw new StoreException(Failure.SCHEMA, path + " is not a gkm store (application id "
                            + Integer.toHexString(applicationId) + ")");
                }
                if (version != SCHEMA_VERSION) {
                    throw new StoreException(Failure.SCHEMA, path + " has schema version " + version + "; this code reads "
                            + SCHEMA_VERSION);
                }
                if (!tables.containsAll(TABLES)) {
                    throw new StoreException(Failure.SCHEMA, path + " lacks tables: has " + tables);
                }
                integrityCheck(st, path, options.integrityCheck());
            }
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                String mode = rs.next() ? rs.getString(1) : "";
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new StoreException(Failure.IO, path + ": cannot use WAL journal (got " + mode + ")");
                }
            }
            st.execute("PRAGMA synchronous = FULL");
            st.execute("PRAGMA cell_size_check = ON");
            st.execute("PRAGMA trusted_schema = OFF");
            if (fresh) {
                st.execute("BEGIN IMMEDIATE");
                try {
                    for (String sql : SCHEMA) {
                        st.execute(sql);
                    }
                    st.execute("COMMIT");
                } catch (SQLException e) {
                    st.execute("ROLLBACK");
                    throw e;
                }
            }
        }
    }

    private static void integrityCheck(Statement st, Path path, IntegrityCheck check) throws SQLException, StoreException {
        if (check == IntegrityCheck.NONE) {
            return;
        }
        List<String> problems = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(check == IntegrityCheck.FULL ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        }
        if (!problems.equals(List.of("ok"))) {
            throw new StoreException(Failure.STORAGE_CORRUPT, path + " fails its " + check.name().toLowerCase(Locale.ROOT)
                    + " integrity check: " + String.join("; ", problems));
        }
    }

    private static int intPragma(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized List<StoreGroupId> groups() throws StoreException {
        return read("list groups", () -> {
            List<StoreGroupId> out = new ArrayList<>();
            try (ResultSet rs = sql("SELECT DISTINCT group_id FROM snapshots").executeQuery()) {
                while (rs.next()) {
                    out.add(new StoreGroupId(rs.getBytes(1)));
                }
            }
            return out;
        });
    }

    @Override
    public synchronized Optional<GroupStatus> status(StoreGroupId group) throws StoreException {
        return read("read status of group " + group.hex(), () -> Optional.ofNullable(statusOf(group)));
    }

    private GroupStatus statusOf(StoreGroupId group) throws SQLException {
        PreparedStatement snap = bind(sql("SELECT max(sequence) FROM snapshots WHERE group_id = ?"), group);
        long latest;
        try (ResultSet rs = snap.executeQuery()) {
            rs.next();
            latest = rs.getLong(1);
            if (rs.wasNull()) {
                return null;
            }
        }
        long first;
        long last;
        try (ResultSet rs = bind(sql("SELECT min(sequence), max(sequence) FROM records WHERE group_id = ?"), group).executeQuery()) {
            rs.next();
            first = rs.getLong(1);
            boolean none = rs.wasNull();
            last = rs.getLong(2);
            if (none) {
                first = -1;
                last = -1;
            }
        }
        return StoreRules.status(latest, first, last, nextAuditIndex(group));
    }

    private long nextAuditIndex(StoreGroupId group) throws SQLException {
        try (ResultSet rs = bind(sql("SELECT max(idx) FROM audit WHERE group_id = ?"), group).executeQuery()) {
            rs.next();
            long max = rs.getLong(1);
            return rs.wasNull() ? 0 : max + 1;
        }
    }

    @Override
    public synchronized void writeSnapshot(Snapshot snapshot) throws StoreException {
        write("write snapshot " + snapshot.sequence() + " of group " + snapshot.group().hex(), () -> {
            StoreRules.checkSnapshot(snapshot.group(), statusOf(snapshot.group()), snapshot.sequence());
            PreparedStatement ps = bind(sql("INSERT INTO snapshots (group_id, sequence, epoch, payload) VALUES (?, ?, ?, ?)"),
                    snapshot.group());
            ps.setLong(2, snapshot.sequence());
            ps.setLong(3, snapshot.epoch());
            byte[] payload = snapshot.payload();
            try {
                ps.setBytes(4, payload);
                ps.executeUpdate();
            } finally {
                ps.clearParameters();
                Arrays.fill(payload, (byte) 0);
            }
        });
    }

    @Override
    public synchronized void append(ChangeRecord record, List<AuditEntry> auditEntries) throws StoreException {
        List<AuditEntry> entries = List.copyOf(auditEntries);
        write("append change record " + record.sequence() + " of group " + record.group().hex(), () -> {
            StoreRules.checkAppend(record.group(), statusOf(record.group()), record.sequence());
            StoreRules.checkAuditBatch(entries, nextAuditIndices(entries)::get);
            PreparedStatement ps = bind(sql("INSERT INTO records (group_id, sequence, epoch, payload, message)"
                    + " VALUES (?, ?, ?, ?, ?)"), record.group());
            ps.setLong(2, record.sequence());
            ps.setLong(3, record.epoch());
            byte[] payload = record.payload();
            try {
                ps.setBytes(4, payload);
                ps.setBytes(5, record.rekeyMessage());
                ps.executeUpdate();
            } finally {
                ps.clearParameters();
                Arrays.fill(payload, (byte) 0);
            }
            for (AuditEntry e : entries) {
                insertAudit(e);
            }
        });
    }

    private void insertAudit(AuditEntry e) throws SQLException {
        PreparedStatement ps = bind(sql("INSERT INTO audit (group_id, idx, entry) VALUES (?, ?, ?)"), e.group());
        ps.setLong(2, e.index());
        ps.setBytes(3, e.entry());
        ps.executeUpdate();
        ps.clearParameters();
    }

    @Override
    public synchronized Optional<LoadedGroup> load(StoreGroupId group) throws StoreException {
        return read("load group " + group.hex(), () -> {
            Snapshot snapshot;
            try (ResultSet rs = bind(sql("SELECT sequence, epoch, payload FROM snapshots WHERE group_id = ?"
                    + " ORDER BY sequence DESC LIMIT 1"), group).executeQuery()) {
                if (!rs.next()) {
                    return Optional.<LoadedGroup>empty();
                }
                byte[] payload = rs.getBytes(3);
                try {
                    snapshot = new Snapshot(group, rs.getLong(2), rs.getLong(1), payload);
                } finally {
                    Arrays.fill(payload, (byte) 0);
                }
            }
            List<ChangeRecord> records = new ArrayList<>();
            boolean done = false;
            try {
                PreparedStatement ps = bind(sql("SELECT sequence, epoch, payload, message FROM records"
                        + " WHERE group_id = ? AND sequence > ? ORDER BY sequence"), group);
                ps.setLong(2, snapshot.sequence());
                long expected = snapshot.sequence() + 1;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong(1);
                        if (seq != expected) {
                            throw StoreRules.missing(group, RecordKind.CHANGE, expected, seq);
                        }
                        byte[] payload = rs.getBytes(3);
                        try {
                            records.add(new ChangeRecord(group, rs.getLong(2), seq, payload, rs.getBytes(4)));
                        } finally {
                            Arrays.fill(payload, (byte) 0);
                        }
                        expected++;
                    }
                }
                LoadedGroup out = new LoadedGroup(snapshot, records);
                done = true;
                return Optional.of(out);
            } finally {
                if (!done) {
                    snapshot.destroy();
                    records.forEach(ChangeRecord::destroy);
                }
            }
        });
    }

    @Override
    public synchronized MessagesSince messagesSince(StoreGroupId group, long after, int maxMessages) throws StoreException {
        StoreRules.checkMessagesSince(after, maxMessages);
        return read("read rekey messages of group " + group.hex(), () -> {
            GroupStatus status = statusOf(group);
            MessagesSince answer = StoreRules.answerWithoutReading(status, after);
            if (answer != null) {
                return answer;
            }
            PreparedStatement ps = bind(sql("SELECT sequence, message FROM records WHERE group_id = ? AND sequence > ?"
                    + " ORDER BY sequence LIMIT ?"), group);
            ps.setLong(2, after);
            ps.setInt(3, maxMessages);
            List<StoredMessage> out = new ArrayList<>();
            long expected = after + 1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (seq != expected) {
                        throw StoreRules.missing(group, RecordKind.CHANGE, expected, seq);
                    }
                    out.add(new StoredMessage(seq, rs.getBytes(2)));
                    expected++;
                }
            }
            if (out.isEmpty()) {
                throw StoreRules.missing(group, RecordKind.CHANGE, expected, -1);
            }
            return new MessagesSince.Messages(status.headSequence(), out);
        });
    }

    @Override
    public synchronized int compact(StoreGroupId group, long through) throws StoreException {
        return write("compact group " + group.hex() + " through " + through, () -> {
            GroupStatus status = statusOf(group);
            StoreRules.checkCompact(group, status, through);
            PreparedStatement records = bind(sql("DELETE FROM records WHERE group_id = ? AND sequence <= ?"), group);
            records.setLong(2, through);
            int removed = records.executeUpdate();
            PreparedStatement snapshots = bind(sql("DELETE FROM snapshots WHERE group_id = ? AND sequence <= ?"
                    + " AND sequence < ?"), group);
            snapshots.setLong(2, through);
            snapshots.setLong(3, status.snapshotSequence());
            snapshots.executeUpdate();
            return removed;
        });
    }

    @Override
    public synchronized void appendAudit(AuditEntry entry) throws StoreException {
        write("append audit entry " + entry.index() + " of log " + entry.group().hex(), () -> {
            StoreRules.checkAuditIndex(entry, nextAuditIndex(entry.group()));
            insertAudit(entry);
        });
    }

    @Override
    public synchronized void appendAudit(List<AuditEntry> auditEntries) throws StoreException {
        List<AuditEntry> entries = List.copyOf(auditEntries);
        if (entries.isEmpty()) {
            return;
        }
        AuditEntry first = entries.get(0);
        write("append " + entries.size() + " audit entries from " + first.index() + " of log " + first.group().hex(), () -> {
            StoreRules.checkAuditBatch(entries, nextAuditIndices(entries)::get);
            for (AuditEntry e : entries) {
                insertAudit(e);
            }
        });
    }

    /** Each log's next audit index, once per log named in {@code entries} (inside the caller's transaction). */
    private Map<StoreGroupId, Long> nextAuditIndices(List<AuditEntry> entries) throws SQLException {
        Map<StoreGroupId, Long> next = new LinkedHashMap<>();
        for (AuditEntry e : entries) {
            if (!next.containsKey(e.group())) {
                next.put(e.group(), nextAuditIndex(e.group()));
            }
        }
        return next;
    }

    @Override
    public synchronized List<AuditEntry> audit(StoreGroupId group, long fromIndex, int maxEntries) throws StoreException {
        StoreRules.checkAuditRead(fromIndex, maxEntries);
        return read("read audit log " + group.hex(), () -> {
            long next = nextAuditIndex(group);
            PreparedStatement ps = bind(sql("SELECT idx, entry FROM audit WHERE group_id = ? AND idx >= ?"
                    + " ORDER BY idx LIMIT ?"), group);
            ps.setLong(2, fromIndex);
            ps.setInt(3, maxEntries);
            List<AuditEntry> out = new ArrayList<>();
            long expected = fromIndex;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long idx = rs.getLong(1);
                    if (idx != expected) {
                        throw StoreRules.missing(group, RecordKind.AUDIT, expected, idx);
                    }
                    out.add(new AuditEntry(group, idx, rs.getBytes(2)));
                    expected++;
                }
            }
            if (out.isEmpty() && fromIndex < next) {
                throw StoreRules.missing(group, RecordKind.AUDIT, fromIndex, -1);
            }
            return List.copyOf(out);
        });
    }

    @Override
    public synchronized void putSegmentKey(SegmentKey key) throws StoreException {
        write("store segment key " + key.segment() + " of group " + key.group().hex(), () -> {
            PreparedStatement q = bind(sql("SELECT 1 FROM segment_keys WHERE group_id = ? AND segment = ?"), key.group());
            q.setLong(2, key.segment());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    throw new StoreException(Failure.SEQUENCE_REPEAT, RecordKind.SEGMENT_KEY, key.segment(),
                            "segment " + key.segment() + " of group " + key.group().hex() + " already has a key record");
                }
            }
            PreparedStatement ps = bind(sql("INSERT INTO segment_keys (group_id, segment, material) VALUES (?, ?, ?)"),
                    key.group());
            ps.setLong(2, key.segment());
            ps.setBytes(3, key.material());
            ps.executeUpdate();
        });
    }

    @Override
    public synchronized List<SegmentKey> segmentKeys(StoreGroupId group) throws StoreException {
        return read("read segment keys of group " + group.hex(), () -> {
            List<SegmentKey> out = new ArrayList<>();
            try (ResultSet rs = bind(sql("SELECT segment, material FROM segment_keys WHERE group_id = ? ORDER BY segment"),
                    group).executeQuery()) {
                while (rs.next()) {
                    out.add(new SegmentKey(group, rs.getLong(1), rs.getBytes(2)));
                }
            }
            return out;
        });
    }

    /** Closes the connection (SQLite checkpoints the WAL) and releases the lock. Idempotent. */
    @Override
    public synchronized void close() throws StoreException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        statements.clear();
        try {
            db.close();
        } catch (SQLException e) {
            failure = e;
        }
        closeQuietly(null, lock, lockChannel);
        if (failure != null) {
            throw failure("close store " + file, failure);
        }
    }

    @Override
    public String toString() {
        return "SqliteGroupStore[" + file + "]";
    }

    /** The connection settings in force (journal mode, synchronous level, schema), for tests and status. */
    synchronized Map<String, String> settings() throws StoreException {
        return read("read settings", () -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (String pragma : List.of("PRAGMA journal_mode", "PRAGMA synchronous", "PRAGMA user_version",
                    "PRAGMA application_id")) {
                try (ResultSet rs = sql(pragma).executeQuery()) {
                    out.put(pragma.substring("PRAGMA ".length()), rs.next() ? rs.getString(1) : "");
                }
            }
            return out;
        });
    }

    /** A body of SQL work that may refuse with a StoreException. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException, StoreException;
    }

    /** A write body with no result. */
    @FunctionalInterface
    private interface VoidWork {
        void run() throws SQLException, StoreException;
    }

    private void write(String what, VoidWork work) throws StoreException {
        write(what, () -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction: committed (and synced) or rolled back. */
    private <T> T write(String what, Work<T> work) throws StoreException {
        return transaction("BEGIN IMMEDIATE", what, work);
    }

    /** Runs {@code work} in one read transaction (a consistent view). */
    private <T> T read(String what, Work<T> work) throws StoreException {
        return transaction("BEGIN DEFERRED", what, work);
    }

    private <T> T transaction(String begin, String what, Work<T> work) throws StoreException {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        boolean open = false;
        try {
            sql(begin).execute();
            open = true;
            T result = work.run();
            sql("COMMIT").execute();
            open = false;
            return result;
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            if (open) {
                try {
                    sql("ROLLBACK").execute();
                } catch (SQLException e) {
                    // the transaction is gone already (SQLite rolls back on some errors itself)
                }
            }
        }
    }

    /** The cached prepared statement of constant SQL text. */
    private PreparedStatement sql(String text) throws SQLException {
        PreparedStatement ps = statements.get(text);
        if (ps == null) {
            ps = db.prepareStatement(text);
            statements.put(text, ps);
        }
        return ps;
    }

    private static PreparedStatement bind(PreparedStatement ps, StoreGroupId group) throws SQLException {
        ps.setBytes(1, group.value());
        return ps;
    }

    private static StoreException failure(String what, SQLException e) {
        int code = e.getErrorCode() & 0xff;
        Failure reason = switch (code) {
            case 11, 26 -> Failure.STORAGE_CORRUPT; // SQLITE_CORRUPT, SQLITE_NOTADB
            case 5, 6 -> Failure.LOCKED; // SQLITE_BUSY, SQLITE_LOCKED
            default -> Failure.IO;
        };
        return new StoreException(reason, "cannot " + what + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection db, FileLock lock, FileChannel channel) {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                // already failing: the first error is the one reported
            }
        }
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel releases it too
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
