package org.gkm.simulator.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.message.RekeyMessage;

/**
 * Backward access control: a joiner, holding exactly the keys it received, must not obtain any
 * earlier TEK or earlier key. The audit keeps the last {@code window} rekey messages and every
 * earlier TEK value; for each joiner a fresh {@link KeyPool} with the joiner's keys processes those
 * earlier messages greedily (any key learnt is a violation), and the joiner's TEK must differ from
 * every earlier TEK (a reused TEK would be a violation too).
 */
public final class BackwardAudit {
    private final CryptoProvider provider;
    private final int window;
    private final Deque<RekeyMessage> recent = new ArrayDeque<>();
    private final List<byte[]> earlierTeks = new ArrayList<>();
    private long violations;
    private long joinersChecked;

    public BackwardAudit(CryptoProvider provider, int window) {
        this.provider = provider;
        this.window = window;
    }

    /** Records a message and the TEK it replaced (call before the joiners of the next rekey are checked). */
    public void record(RekeyMessage m, byte[] previousTek) {
        recent.addLast(m);
        if (recent.size() > window) {
            recent.removeFirst();
        }
        if (previousTek != null && earlierTeks.size() < 1 << 16) {
            earlierTeks.add(previousTek.clone());
        }
    }

    /** Checks a joiner holding {@code keys} against the messages and TEKs recorded before its join. */
    public long checkJoiner(MemberKeyState.HeldKeys keys) {
        KeyPool p = new KeyPool(provider);
        p.absorb(keys);
        long v = 0;
        for (RekeyMessage m : recent) {
            v += p.learn(m);
        }
        for (byte[] t : earlierTeks) {
            if (java.security.MessageDigest.isEqual(t, keys.tek())) {
                v++;
            }
        }
        violations += v;
        joinersChecked++;
        return v;
    }

    public long violations() {
        return violations;
    }

    public long joinersChecked() {
        return joinersChecked;
    }
}
