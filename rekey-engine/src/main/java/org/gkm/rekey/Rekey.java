package org.gkm.rekey;

import java.util.List;
import java.util.Objects;
import org.gkm.rekey.message.RekeyMessage;

/**
 * The outcome of one GCKS operation: its plan, the multicast rekey message (to seal and send to
 * the whole group) and the unicast key downloads for joiners that cannot read the multicast
 * (one-way joins: the joiner gets its path keys under its client key).
 */
public record Rekey(RekeyPlan plan, RekeyMessage message, List<Download> downloads) {
    public Rekey {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(message, "message");
        downloads = List.copyOf(downloads);
    }

    /** A key download for member {@code memberId}. */
    public record Download(int memberId, RekeyMessage message) {
        public Download {
            Objects.requireNonNull(message, "message");
        }
    }
}
