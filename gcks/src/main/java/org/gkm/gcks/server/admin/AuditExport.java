package org.gkm.gcks.server.admin;

import java.util.Base64;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.LogVerificationException;
import org.gkm.gkmp.VerificationException;
import org.gkm.gkmp.log.GroupLog;
import org.gkm.gkmp.log.LogEntry;
import org.gkm.gkmp.pki.Certificates;
import org.gkm.gkmp.pki.Identity;
import org.gkm.gkmp.pki.TrustAnchor;

/**
 * An export of a group's GKMP management log (RFC 2093 sec. 5.9), as JSON: the records the
 * controller holds, ending in a checkpoint it signed at export time, and the controller's X.509
 * certificate. {@link #verify} checks the certificate against a trust anchor the verifier supplies
 * (from a member credential: the export cannot vouch for itself), then the hash chain and every
 * checkpoint signature ({@link GroupLog#verify}). When {@code firstSeq} is above 0 the export is a
 * segment: older records were handed to the log's store, and the chain is checked from the segment's
 * first link on.
 */
public record AuditExport(long group, String controller, String controllerCertificate, long firstSeq, List<Entry> entries) {

    /** One log record; binary fields base64. */
    public record Entry(long seq, long timeMillis, String actor, long group, String action, String detail, String prevHash,
            String signature, String hash) {
        static Entry of(LogEntry e) {
            Base64.Encoder b = Base64.getEncoder();
            return new Entry(e.seq(), e.timeMillis(), e.actor().value(), e.group(), e.action(), e.detail(),
                    b.encodeToString(e.prevHash()), b.encodeToString(e.signature()), b.encodeToString(e.hash()));
        }

        LogEntry toLogEntry() {
            Base64.Decoder d = Base64.getDecoder();
            return new LogEntry(seq, timeMillis, EntityId.of(actor), group, action, detail, d.decode(prevHash), d.decode(signature),
                    d.decode(hash));
        }
    }

    /** What a verification found. */
    public record Verified(long records, long signedRecords, long firstSeq) {
    }

    public AuditExport {
        entries = List.copyOf(entries);
    }

    static AuditExport of(long group, EntityId controller, byte[] certificate, List<LogEntry> log) {
        return new AuditExport(group, controller.value(), Base64.getEncoder().encodeToString(certificate),
                log.isEmpty() ? 0 : log.get(0).seq(), log.stream().map(Entry::of).toList());
    }

    /**
     * Verifies the export under {@code anchor}.
     *
     * @throws VerificationException the controller's certificate does not verify under the anchor or is not the controller's
     * @throws LogVerificationException the chain or a checkpoint signature does not verify (naming the record)
     * @throws IllegalArgumentException a field does not decode, or the log is empty
     */
    public Verified verify(CryptoProvider p, TrustAnchor anchor, long nowMillis) throws VerificationException, LogVerificationException {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the export holds no records");
        }
        Identity id = Certificates.verify(p, anchor, Base64.getDecoder().decode(controllerCertificate), nowMillis);
        if (!id.id().value().equals(controller)) {
            throw new IllegalArgumentException("the certificate is " + id.id() + "'s, not the controller " + controller + "'s");
        }
        List<LogEntry> log = entries.stream().map(Entry::toLogEntry).toList();
        long signed = GroupLog.verify(p, id.key(), log, firstSeq, log.get(0).prevHash());
        if (firstSeq == 0 && !java.util.Arrays.equals(log.get(0).prevHash(), new byte[32])) {
            throw new IllegalArgumentException("record 0 does not start the chain");
        }
        return new Verified(log.size(), signed, firstSeq);
    }
}
