package org.gkm.gkmp.pki;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.VerificationException;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The compromise recovery list (RFC 2093 sec. 1.1): a version number and the ids of compromised
 * entities (sorted, unique), signed by the security manager. Versions only grow; an exchange that
 * announces a newer version makes the receiver fetch and verify it before going on.
 */
public record Crl(long version, long issuedAtMillis, List<EntityId> revoked, byte[] signature) {
    static final String PURPOSE = "crl";
    public static final int MAX_ENTRIES = 512;
    public static final int MAX_ENCODED = 16 + 2 + MAX_ENTRIES * (1 + EntityId.MAX_LENGTH) + 2 + Signatures.MAX_LENGTH;

    public Crl {
        if (version < 0) {
            throw new IllegalArgumentException("negative version");
        }
        Objects.requireNonNull(revoked, "revoked");
        if (revoked.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("too many entries");
        }
        revoked = Collections.unmodifiableList(new ArrayList<>(new TreeSet<>(revoked)));
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public boolean isRevoked(EntityId id) {
        return Collections.binarySearch(revoked, id) >= 0;
    }

    static byte[] tbs(long version, long issuedAt, List<EntityId> revoked) {
        WireWriter w = WireWriter.growable();
        w.i64(version).i64(issuedAt).u16(revoked.size());
        for (EntityId id : revoked) {
            id.write(w);
        }
        return w.toByteArray();
    }

    public byte[] encode() {
        WireWriter w = WireWriter.growable();
        w.raw(tbs(version, issuedAtMillis, revoked));
        w.bytes16(signature, Signatures.MAX_LENGTH);
        return w.toByteArray();
    }

    public static Crl decode(byte[] b) throws MalformedMessageException {
        if (b.length > MAX_ENCODED) {
            throw new MalformedMessageException("CRL too long");
        }
        WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
        long version = r.nonNegativeLong("CRL version");
        long issued = r.i64("CRL issuedAt");
        int n = r.count16(MAX_ENTRIES, 2, "CRL entries");
        List<EntityId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            EntityId id = EntityId.read(r, "revoked id");
            if (!ids.isEmpty() && id.compareTo(ids.get(ids.size() - 1)) <= 0) {
                throw new MalformedMessageException("CRL entries not strictly increasing");
            }
            ids.add(id);
        }
        byte[] sig = r.bytes16(1, Signatures.MAX_LENGTH, "CRL signature");
        r.finish("CRL");
        return new Crl(version, issued, ids, sig);
    }

    /** Checks the security manager's signature (sec. 1.1: "it is signed by a higher authority"). */
    public void verify(CryptoProvider p, TrustAnchor anchor) throws VerificationException {
        Signatures.verify(p, anchor.key(), PURPOSE, tbs(version, issuedAtMillis, revoked), signature, Check.CRL_UPDATE);
    }
}
