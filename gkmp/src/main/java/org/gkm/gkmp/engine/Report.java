package org.gkm.gkmp.engine;

import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.message.MessageType;

/**
 * The report generated when an exchange terminates on a failed check (RFC 2093 sec. 5.3, 5.6,
 * 5.10: "the exchange is terminated and a report is generated"): which group, which peer, the
 * state (1-13, or 0 when no state applies), the message being handled, the check that failed and a
 * non-secret detail.
 */
public record Report(GkmpGroupId group, EntityId peer, int state, MessageType message, Check check, String detail, long atMillis) {
    @Override
    public String toString() {
        return "Report[" + check + " in state " + state + " on " + message + " from " + peer + " for " + group + ": " + detail + "]";
    }
}
