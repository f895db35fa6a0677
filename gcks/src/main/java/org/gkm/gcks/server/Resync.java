package org.gkm.gcks.server;

import java.util.ArrayList;
import java.util.List;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.StoredMessage;

/**
 * Resync (b) and (c) answers (RFC 4046 sec. 5.3): committed rekey messages after a sequence, read
 * from a key server's committed state, so any replica of a replicated group answers them.
 */
final class Resync {
    private Resync() {
    }

    /** The body of a resync answer: messages after {@code after}, at most {@code max} and about {@code maxBytes}. */
    static byte[] body(long group, GroupBackend backend, long after, int max, int maxBytes) {
        MessagesSince ms;
        try {
            ms = backend.messagesSince(after, max);
        } catch (BackendException e) {
            return Payloads.refusedBody(Refusal.SERVER_ERROR, "store failed");
        }
        return switch (ms) {
            case MessagesSince.Messages m -> {
                List<StoredMessage> out = new ArrayList<>();
                int bytes = 64;
                for (StoredMessage sm : m.messages()) {
                    int size = 12 + sm.message().length;
                    if (!out.isEmpty() && bytes + size > maxBytes) {
                        break;
                    }
                    out.add(sm);
                    bytes += size;
                }
                yield Payloads.messagesBody(group, m.headSequence(), out);
            }
            case MessagesSince.CompactedPast c -> Payloads.compactedBody(group, c.compactedThrough());
            case MessagesSince.UnknownGroup u -> Payloads.refusedBody(Refusal.UNKNOWN_GROUP, "no such group");
        };
    }
}
