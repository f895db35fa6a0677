package org.gkm.crypto.spi;

/**
 * A provider's parsed form of a key (see {@link KeyMaterial}), destroyed with the key.
 *
 * <p>{@link #destroy()} is idempotent and thread-safe. A form that owns native memory frees it
 * exactly once: when destroyed and no call is using it any more, or when it becomes unreachable.
 * Secret material it holds is erased before it is freed.
 */
public interface ParsedKey {

    /** Releases what this form holds; later uses fail with {@link IllegalStateException}. */
    void destroy();
}
