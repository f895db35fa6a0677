package org.gkm.gkmp.engine;

import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.message.MessageType;

/**
 * What a failed check reports: which group, which peer (the frame's claimed sender), the state
 * (1-13, or 0 when no state applies), the message being handled, the check that failed and a
 * non-secret detail. Carried by {@link Event.Terminated} when an exchange ends (RFC 2093 sec. 5.3,
 * 5.6, 5.10: "the exchange is terminated and a report is generated") and by {@link Event.Rejected}
 * when a frame is refused before authentication (then the peer is only what the frame claims).
 */
public record Report(GkmpGroupId group, EntityId peer, int state, MessageType message, Check check, String detail, long atMillis) {
    @Override
    public String toString() {
        return "Report[" + check + " in state " + state + " on " + message + " from " + peer + " for " + group + ": " + detail + "]";
    }
}
