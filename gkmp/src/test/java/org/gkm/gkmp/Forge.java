package org.gkm.gkmp;

import java.util.function.UnaryOperator;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Frame;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Signatures;

/** Builds misbehaving frames for the negative tests: re-signed with a real key, or with a flipped signature/ciphertext bit. */
final class Forge {
    private Forge() {}

    static Messages.Body withTail(Messages.Body b, byte[] tail) {
        if (b instanceof Messages.CreateGrpKeys1) {
            Messages.CreateGrpKeys1 m = (Messages.CreateGrpKeys1) b;
            return new Messages.CreateGrpKeys1(m.request(), m.gtekId(), m.gkekId(), m.gtekShare(), m.gkekShare(), m.token(), m.controllerCert(), tail);
        }
        if (b instanceof Messages.CreateGrpKeys2) {
            Messages.CreateGrpKeys2 m = (Messages.CreateGrpKeys2) b;
            return new Messages.CreateGrpKeys2(m.gtekId(), m.gkekId(), m.gtekShare(), m.gkekShare(), m.inReplyTo(), m.memberCert(), tail);
        }
        if (b instanceof Messages.CreateSessionKek1) {
            Messages.CreateSessionKek1 m = (Messages.CreateSessionKek1) b;
            return new Messages.CreateSessionKek1(m.request(), m.skekId(), m.share(), m.controllerCert(), tail);
        }
        if (b instanceof Messages.CreateSessionKek2) {
            Messages.CreateSessionKek2 m = (Messages.CreateSessionKek2) b;
            return new Messages.CreateSessionKek2(m.skekId(), m.share(), m.inReplyTo(), m.memberCert(), tail);
        }
        if (b instanceof Messages.RequestGroupJoin) {
            Messages.RequestGroupJoin m = (Messages.RequestGroupJoin) b;
            return new Messages.RequestGroupJoin(m.request(), m.nonce(), m.sentAtMillis(), m.memberCert(), tail);
        }
        if (b instanceof Messages.NegotiateGrpKeys1) {
            Messages.NegotiateGrpKeys1 m = (Messages.NegotiateGrpKeys1) b;
            return new Messages.NegotiateGrpKeys1(m.gtekId(), m.gkekId(), tail);
        }
        if (b instanceof Messages.NegotiateSessionKeys1) {
            return new Messages.NegotiateSessionKeys1(((Messages.NegotiateSessionKeys1) b).skekId(), tail);
        }
        if (b instanceof Messages.NegotiateSessionKeys2) {
            return new Messages.NegotiateSessionKeys2(((Messages.NegotiateSessionKeys2) b).skekId(), tail);
        }
        if (b instanceof Messages.DownloadGrpKeys) {
            return new Messages.DownloadGrpKeys(((Messages.DownloadGrpKeys) b).skekId(), tail);
        }
        if (b instanceof Messages.KeyDownloadAck) {
            return new Messages.KeyDownloadAck(((Messages.KeyDownloadAck) b).skekId(), tail);
        }
        throw new IllegalArgumentException("no tail rewrite for " + b.type());
    }

    /** The body with its sender certificate replaced (signed message types only). */
    static Messages.Body withCert(Messages.Body b, byte[] cert) {
        if (b instanceof Messages.CreateSessionKek1) {
            Messages.CreateSessionKek1 m = (Messages.CreateSessionKek1) b;
            return new Messages.CreateSessionKek1(m.request(), m.skekId(), m.share(), cert, m.signature());
        }
        if (b instanceof Messages.CreateSessionKek2) {
            Messages.CreateSessionKek2 m = (Messages.CreateSessionKek2) b;
            return new Messages.CreateSessionKek2(m.skekId(), m.share(), m.inReplyTo(), cert, m.signature());
        }
        if (b instanceof Messages.CreateGrpKeys1) {
            Messages.CreateGrpKeys1 m = (Messages.CreateGrpKeys1) b;
            return new Messages.CreateGrpKeys1(m.request(), m.gtekId(), m.gkekId(), m.gtekShare(), m.gkekShare(), m.token(), cert, m.signature());
        }
        if (b instanceof Messages.CreateGrpKeys2) {
            Messages.CreateGrpKeys2 m = (Messages.CreateGrpKeys2) b;
            return new Messages.CreateGrpKeys2(m.gtekId(), m.gkekId(), m.gtekShare(), m.gkekShare(), m.inReplyTo(), cert, m.signature());
        }
        throw new IllegalArgumentException("no certificate in " + b.type());
    }

    static byte[] tail(Messages.Body b) {
        if (b instanceof Messages.CreateGrpKeys1) {
            return ((Messages.CreateGrpKeys1) b).signature();
        }
        if (b instanceof Messages.CreateGrpKeys2) {
            return ((Messages.CreateGrpKeys2) b).signature();
        }
        if (b instanceof Messages.CreateSessionKek1) {
            return ((Messages.CreateSessionKek1) b).signature();
        }
        if (b instanceof Messages.CreateSessionKek2) {
            return ((Messages.CreateSessionKek2) b).signature();
        }
        if (b instanceof Messages.RequestGroupJoin) {
            return ((Messages.RequestGroupJoin) b).signature();
        }
        if (b instanceof Messages.NegotiateGrpKeys1) {
            return ((Messages.NegotiateGrpKeys1) b).ciphertext();
        }
        if (b instanceof Messages.NegotiateSessionKeys1) {
            return ((Messages.NegotiateSessionKeys1) b).ciphertext();
        }
        if (b instanceof Messages.NegotiateSessionKeys2) {
            return ((Messages.NegotiateSessionKeys2) b).ciphertext();
        }
        if (b instanceof Messages.DownloadGrpKeys) {
            return ((Messages.DownloadGrpKeys) b).ciphertext();
        }
        if (b instanceof Messages.KeyDownloadAck) {
            return ((Messages.KeyDownloadAck) b).ciphertext();
        }
        throw new IllegalArgumentException("no tail for " + b.type());
    }

    /** Flips one bit of the signature or ciphertext: still well-formed, no longer authentic. */
    static byte[] flipTail(byte[] frame) throws MalformedMessageException {
        Frame f = Codec.decode(frame);
        byte[] t = tail(f.body()).clone();
        t[t.length / 2] ^= 0x10;
        return Codec.encode(f.header(), withTail(f.body(), t));
    }

    /** Rewrites header and body, then signs properly with {@code signer}'s key. */
    static byte[] resign(CryptoProvider p, Credentials signer, byte[] frame, UnaryOperator<Header> header,
            UnaryOperator<Messages.Body> body) throws MalformedMessageException {
        Frame f = Codec.decode(frame);
        Header h = header.apply(f.header());
        Messages.Body b = body.apply(f.body());
        byte[] sig = Signatures.sign(p, signer.signingKey(), "frame", Codec.prefix(h, b));
        return Codec.encode(h, withTail(b, sig));
    }
}
