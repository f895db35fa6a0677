package org.gkm.gkmp.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
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
 * The group management log (RFC 2093 sec. 5.9 "Update group management log"; issue 5 sec. 6):
 * append-only, hash-chained ({@code hash_i = H(encoding_i)}, {@code encoding_i} includes
 * {@code hash_{i-1}}), and signed by its owner (the controller) every {@code checkpointEvery}
 * records and on demand. {@link #verify} recomputes the chain: an edited record changes its hash, a
 * removed or reordered one breaks the sequence numbers and the links, and checkpoint signatures
 * stop anyone without the owner's key from rebuilding the chain. Records after the last checkpoint
 * are chained but not yet signed (see docs/gkmp.md). Not thread-safe: one node owns it.
 */
public final class GroupLog {
    public static final String CHECKPOINT = "CHECKPOINT";
    static final String PURPOSE = "group-log-checkpoint";
    private static final byte[] LABEL = "group-log".getBytes(StandardCharsets.US_ASCII);

    private final CryptoProvider provider;
    private final KeySchedule hashes;
    private final EntityId owner;
    private final SigningKey key;
    private final int checkpointEvery;
    private final List<LogEntry> entries = new ArrayList<>();
    private int sinceCheckpoint;

    public GroupLog(CryptoProvider provider, EntityId owner, SigningKey key, int checkpointEvery) {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be positive");
        }
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
        return e;
    }

    /** Appends a checkpoint signed by the owner. */
    public LogEntry checkpoint(long nowMillis) {
        sinceCheckpoint = 0;
        return add(nowMillis, owner, -1, CHECKPOINT, "", true);
    }

    private LogEntry add(long now, EntityId actor, long group, String action, String detailIn, boolean sign) {
        String detail = detailIn.length() > LogEntry.MAX_DETAIL ? detailIn.substring(0, LogEntry.MAX_DETAIL) : detailIn;
        byte[] prev = entries.isEmpty() ? new byte[32] : entries.get(entries.size() - 1).hash();
        LogEntry unsigned = new LogEntry(entries.size(), now, actor, group, action, detail, prev, new byte[0], new byte[0]);
        byte[] sig = sign ? Signatures.sign(provider, key, PURPOSE, unsigned.unsignedEncoding()) : new byte[0];
        LogEntry withSig = new LogEntry(unsigned.seq(), now, actor, group, action, detail, prev, sig, new byte[0]);
        LogEntry e = new LogEntry(unsigned.seq(), now, actor, group, action, detail, prev, sig,
                hashes.hash(LABEL, withSig.encoded()));
        entries.add(e);
        return e;
    }

    public List<LogEntry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(entries));
    }

    public int size() {
        return entries.size();
    }

    /**
     * Verifies a log: sequence numbers 0..n-1 in order, each record's prevHash is its predecessor's
     * hash, each hash recomputes, every checkpoint signature verifies under {@code ownerKey}.
     *
     * @return the number of records covered by the last valid checkpoint
     * @throws LogVerificationException naming the first bad record
     */
    public static long verify(CryptoProvider p, VerifyingKey ownerKey, List<LogEntry> log) throws LogVerificationException {
        KeySchedule ks = new KeySchedule(p);
        byte[] prev = new byte[32];
        long signedUpTo = 0;
        for (int i = 0; i < log.size(); i++) {
            LogEntry e = log.get(i);
            if (e.seq() != i) {
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
