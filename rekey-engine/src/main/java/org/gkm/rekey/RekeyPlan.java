package org.gkm.rekey;

import java.util.Arrays;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.TekId;

/**
 * What one rekey did to the tree, as an immutable value: which members left and joined (and where),
 * which leaves were split, which nodes got new keys (bottom-up, i.e. in decreasing node id) and
 * whether by the one-way function (joins only, claim 16) or fresh random keys, the new TEK id and
 * the number of wraps. Two engines given the same state, request and random bytes produce equal
 * plans (the determinism tests compare them across providers). Arrays are copied in and out.
 */
public final class RekeyPlan {
    private final MessageType type;
    private final int[] leavers;
    private final int[] leaverLeaves;
    private final int[] joiners;
    private final int[] joinerLeaves;
    private final int[] splits;
    private final int[] refreshed;
    private final int[] derived;
    private final TekId tek;
    private final int wraps;

    RekeyPlan(MessageType type, int[] leavers, int[] leaverLeaves, int[] joiners, int[] joinerLeaves, int[] splits,
            int[] refreshed, int[] derived, TekId tek, int wraps) {
        this.type = type;
        this.leavers = leavers.clone();
        this.leaverLeaves = leaverLeaves.clone();
        this.joiners = joiners.clone();
        this.joinerLeaves = joinerLeaves.clone();
        this.splits = splits.clone();
        this.refreshed = refreshed.clone();
        this.derived = derived.clone();
        this.tek = tek;
        this.wraps = wraps;
    }

    public MessageType type() {
        return type;
    }

    /** Member ids that left. */
    public int[] leavers() {
        return leavers.clone();
    }

    /** The leaves they left, same order. */
    public int[] leaverLeaves() {
        return leaverLeaves.clone();
    }

    /** Member ids given to the joiners, in request order. */
    public int[] joiners() {
        return joiners.clone();
    }

    /** The leaves the joiners got, same order. */
    public int[] joinerLeaves() {
        return joinerLeaves.clone();
    }

    /** Leaves split to make room (each became interior, its member moved to its first child). */
    public int[] splits() {
        return splits.clone();
    }

    /** Nodes with new keys, bottom-up (decreasing id); includes {@link #derived()}. */
    public int[] refreshed() {
        return refreshed.clone();
    }

    /** The refreshed nodes whose new key is the one-way function of the old one (join, claim 16). */
    public int[] derived() {
        return derived.clone();
    }

    /** TEK after this rekey. */
    public TekId tek() {
        return tek;
    }

    /** AES-KW wraps this rekey computed (multicast and key downloads). */
    public int wraps() {
        return wraps;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RekeyPlan)) {
            return false;
        }
        RekeyPlan p = (RekeyPlan) o;
        return type == p.type && Arrays.equals(leavers, p.leavers) && Arrays.equals(leaverLeaves, p.leaverLeaves)
                && Arrays.equals(joiners, p.joiners) && Arrays.equals(joinerLeaves, p.joinerLeaves)
                && Arrays.equals(splits, p.splits) && Arrays.equals(refreshed, p.refreshed)
                && Arrays.equals(derived, p.derived) && tek.equals(p.tek) && wraps == p.wraps;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(refreshed) * 31 + tek.hashCode();
    }

    @Override
    public String toString() {
        return "RekeyPlan[" + type + ", leavers=" + leavers.length + ", joiners=" + joiners.length + ", splits="
                + splits.length + ", refreshed=" + refreshed.length + ", derived=" + derived.length + ", tek=" + tek
                + ", wraps=" + wraps + "]";
    }
}
