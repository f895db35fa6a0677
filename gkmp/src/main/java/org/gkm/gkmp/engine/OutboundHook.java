package org.gkm.gkmp.engine;

import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.message.MessageType;

/**
 * Fault injection for tests: lets a test turn a node into a misbehaving peer by replacing the
 * plaintext of a sealed message (an {@link org.gkm.gkmp.message.Inner} record) just before it is
 * signed and encrypted (or its inner signature), so the receiver's checks can be exercised one at a time. Production code
 * uses {@link #NONE}.
 */
public interface OutboundHook {
    OutboundHook NONE = new OutboundHook() {};

    /** Returns the plaintext record to send instead of {@code inner} (same type). */
    default Object replace(MessageType type, EntityId peer, Object inner) {
        return inner;
    }

    /** Returns the signature to put inside a sign-then-encrypt plaintext instead of {@code signature}. */
    default byte[] replaceSignature(MessageType type, byte[] signature) {
        return signature;
    }
}
