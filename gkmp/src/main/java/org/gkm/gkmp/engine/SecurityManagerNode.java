package org.gkm.gkmp.engine;

import java.util.Objects;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Frame;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.pki.SecurityManagerAuthority;

/**
 * The security manager on the wire: answers CRL requests (sec. 1.1: "when a CRL update is detected
 * it is downloaded and verified") with its current signed CRL. Everything else it ignores.
 */
public final class SecurityManagerNode {
    private final SecurityManagerAuthority authority;

    public SecurityManagerNode(SecurityManagerAuthority authority) {
        this.authority = Objects.requireNonNull(authority, "authority");
    }

    public Result receive(byte[] frame, long nowMillis) throws MalformedMessageException {
        Frame f = Codec.decode(frame);
        Result r = new Result();
        if (f.header().type() == MessageType.CRL_REQUEST) {
            Header h = new Header(MessageType.CRL_UPDATE, f.header().group(), authority.id(), f.header().sender());
            r.send(new Outbound(f.header().sender(), f.header().group(), Codec.encode(h, new Messages.CrlUpdate(authority.crl()))));
        }
        return r;
    }
}
