package org.gkm.rekey;

/**
 * Cost counters of a GCKS or an initiator, cumulative since creation or {@link #reset()}. Not
 * thread-safe (one engine is driven by one thread). {@code wrapNanos} is the time spent inside
 * {@code KeyWrap.wrapBatch} calls, so {@code wrapNanos / wraps} is the per-wrap cost;
 * {@code kekNanos} the time spent deriving the AES-KW sub-keys of node keys ({@link Labels#nodeKek})
 * that a wrap needed and no cache held, {@code kekDerivations} how many.
 */
public final class RekeyStats {
    long rekeys;
    long wraps;
    long unwraps;
    long hpkeSeals;
    long hpkeOpens;
    long keyPairs;
    long entries;
    long derivations;
    long wrapBatches;
    long wrapNanos;
    long kekDerivations;
    long kekNanos;

    public long rekeys() {
        return rekeys;
    }

    public long wraps() {
        return wraps;
    }

    public long unwraps() {
        return unwraps;
    }

    public long hpkeSeals() {
        return hpkeSeals;
    }

    public long hpkeOpens() {
        return hpkeOpens;
    }

    public long keyPairsGenerated() {
        return keyPairs;
    }

    public long entries() {
        return entries;
    }

    public long derivations() {
        return derivations;
    }

    public long wrapBatches() {
        return wrapBatches;
    }

    public long wrapNanos() {
        return wrapNanos;
    }

    public long kekDerivations() {
        return kekDerivations;
    }

    public long kekNanos() {
        return kekNanos;
    }

    /** Adds every counter of {@code o} to this one. */
    public void add(RekeyStats o) {
        rekeys += o.rekeys;
        wraps += o.wraps;
        unwraps += o.unwraps;
        hpkeSeals += o.hpkeSeals;
        hpkeOpens += o.hpkeOpens;
        keyPairs += o.keyPairs;
        entries += o.entries;
        derivations += o.derivations;
        wrapBatches += o.wrapBatches;
        wrapNanos += o.wrapNanos;
        kekDerivations += o.kekDerivations;
        kekNanos += o.kekNanos;
    }

    public void reset() {
        rekeys = wraps = unwraps = hpkeSeals = hpkeOpens = keyPairs = entries = derivations = wrapBatches = wrapNanos = kekDerivations
                = kekNanos = 0;
    }

    @Override
    public String toString() {
        return "RekeyStats[rekeys=" + rekeys + ", wraps=" + wraps + ", unwraps=" + unwraps + ", hpkeSeals=" + hpkeSeals
                + ", hpkeOpens=" + hpkeOpens + ", keyPairs=" + keyPairs + ", entries=" + entries
                + ", wrapBatches=" + wrapBatches + ", wrapNanos=" + wrapNanos + ", kekDerivations=" + kekDerivations
                + ", kekNanos=" + kekNanos + "]";
    }
}
