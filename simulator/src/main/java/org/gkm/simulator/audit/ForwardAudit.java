package org.gkm.simulator.audit;

import org.gkm.crypto.CryptoProvider;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.TreeView;
import org.gkm.rekey.message.RekeyMessage;

/**
 * Forward access control: the coalition of ALL departed members pools every key each held when it
 * left, then processes every later rekey message greedily ({@link KeyPool#learn}). Any key it
 * learns is a key of a later generation, i.e. a violation. Feed departures before the rekey that
 * removes them ({@link #departed}), then every message in order ({@link #observe}).
 */
public final class ForwardAudit {
    private final KeyPool pool;
    private long violations;
    private long departed;

    public ForwardAudit(CryptoProvider provider) {
        this.pool = new KeyPool(provider);
    }

    /** A member leaves holding {@code keys} (read before the rekey that removes it). */
    public void departed(MemberKeyState.HeldKeys keys) {
        pool.absorb(keys);
        departed++;
    }

    /** The coalition sees {@code m}; returns the keys it learnt from it (violations). */
    public long observe(RekeyMessage m, TreeView after) {
        long v = pool.learn(m);
        violations += v;
        pool.prune(after);
        return v;
    }

    public long violations() {
        return violations;
    }

    public long departedMembers() {
        return departed;
    }

    public int pooledKeys() {
        return pool.size();
    }
}
