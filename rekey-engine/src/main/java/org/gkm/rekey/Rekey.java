package org.gkm.rekey;

import java.util.List;
import java.util.Objects;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.RekeyMessage;

/**
 * The outcome of one GCKS operation: its plan, the multicast rekey message (to seal and send to
 * the whole group) and the unicast key downloads for joiners that cannot read the multicast
 * (one-way joins: the joiner gets its path keys under its client key), and the group
 * authentication key to seal them under: the one the members hold when the message reaches them (a
 * rekey after a departure carries the next one, so this is the key before that rotation).
 */
public record Rekey(RekeyPlan plan, RekeyMessage message, List<Download> downloads, GroupAuthKey authKey) {
    public Rekey {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(authKey, "authKey");
        downloads = List.copyOf(downloads);
    }

    @Override
    public String toString() {
        return "Rekey[" + plan + ", " + message + ", downloads=" + downloads.size() + ", " + authKey + "]";
    }

    /** A key download for member {@code memberId}. */
    public record Download(int memberId, RekeyMessage message) {
        public Download {
            Objects.requireNonNull(message, "message");
        }
    }
}
