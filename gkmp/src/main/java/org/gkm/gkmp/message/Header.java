package org.gkm.gkmp.message;

import java.util.Objects;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The frame header every message starts with: protocol version, message type, Grp ID (every
 * message of sec. 4 names the group), sender id, and the recipient id or none for a multicast to
 * the group. It is covered by every signature and is the associated data of every encryption, so it
 * cannot be re-addressed.
 */
public record Header(MessageType type, GkmpGroupId group, EntityId sender, EntityId recipient) {
    public static final int VERSION = 1;

    public Header {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(sender, "sender");
    }

    public boolean isMulticast() {
        return recipient == null;
    }

    void write(WireWriter w) {
        w.u8(VERSION).u8(type.code()).i64(group.value());
        sender.write(w);
        if (recipient == null) {
            w.u8(0);
        } else {
            w.u8(1);
            recipient.write(w);
        }
    }

    static Header read(WireReader<MalformedMessageException> r) throws MalformedMessageException {
        int v = r.u8("protocol version");
        if (v != VERSION) {
            throw new MalformedMessageException("unsupported protocol version " + v);
        }
        MessageType t = MessageType.fromCode(r.u8("message type"));
        GkmpGroupId g = new GkmpGroupId(r.nonNegativeLong("group id"));
        EntityId s = EntityId.read(r, "sender");
        int flag = r.u8("recipient flag");
        EntityId to;
        if (flag == 0) {
            to = null;
        } else if (flag == 1) {
            to = EntityId.read(r, "recipient");
        } else {
            throw new MalformedMessageException("bad recipient flag " + flag);
        }
        return new Header(t, g, s, to);
    }
}
