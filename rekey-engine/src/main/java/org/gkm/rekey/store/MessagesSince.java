package org.gkm.rekey.store;

import java.util.List;

/**
 * The answer to "rekey messages after sequence n" ({@link GroupStore#messagesSince}): the messages,
 * or that the store no longer has them, or that it does not know the group.
 */
public sealed interface MessagesSince {
    /**
     * The messages n+1, n+2, ... in order, at most the number asked for; more follow when the last
     * one's sequence is below {@code headSequence}. Empty when n is at (or past) the head.
     *
     * @param headSequence the group's latest sequence number
     * @param messages the messages (an unmodifiable copy)
     */
    record Messages(long headSequence, List<StoredMessage> messages) implements MessagesSince {
        public Messages {
            messages = List.copyOf(messages);
        }
    }

    /**
     * Messages up to and including {@code compactedThrough} were compacted away: a member behind that
     * must re-register or read the published infrastructure.
     *
     * @param compactedThrough the last sequence number whose message is gone
     */
    record CompactedPast(long compactedThrough) implements MessagesSince {
    }

    /** The store holds no snapshot of the group. */
    record UnknownGroup() implements MessagesSince {
    }
}
