package org.gkm.crypto.openssl;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.gkm.crypto.spi.ParsedKey;

/**
 * Owns one native object (an OpenSSL {@code EVP_PKEY}, a libgkm_native key) and frees it exactly
 * once: after {@link #destroy()} when no call is using it any more, or when this owner becomes
 * unreachable (a {@link Cleaner}), whichever comes first.
 *
 * <p>A call brackets its use with {@link #acquire()} and {@link #release()}: a count of the uses in
 * flight plus one for the owner, so a {@code destroy()} on one thread never frees the object under
 * a call on another. The object itself must be safe for concurrent read-only use (an
 * {@code EVP_PKEY} is, once imported: each call makes its own {@code EVP_PKEY_CTX}).
 *
 * <p>This is the one place the provider's long-lived native objects are allocated, used and freed;
 * per-call objects stay in a {@code try}/{@code finally} of the call that made them.
 */
final class NativeResource implements ParsedKey {
    private static final Cleaner CLEANER = Cleaner.create();

    private final MemorySegment handle;
    private final Cleaner.Cleanable cleanable;
    /** 1 for the owner + 1 per use in flight; 0 once freed (then acquire fails). */
    private final AtomicInteger refs = new AtomicInteger(1);
    private final java.util.concurrent.atomic.AtomicBoolean destroyed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Takes ownership of {@code handle} (not NULL); {@code free} releases it and must not refer to
     * this owner (it runs when the owner is unreachable).
     */
    NativeResource(MemorySegment handle, Consumer<MemorySegment> free) {
        if (handle.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("NULL native handle");
        }
        this.handle = handle;
        this.cleanable = CLEANER.register(this, () -> free.accept(handle));
    }

    /** An {@code EVP_PKEY} owner. */
    static NativeResource pkey(MemorySegment pkey) {
        return new NativeResource(pkey, LibCrypto::EVP_PKEY_free);
    }

    /**
     * A libgkm_native prepared key made from {@code pkey} (an {@code EVP_PKEY} it takes ownership
     * of, also when it fails).
     */
    static NativeResource prepared(MemorySegment pkey) {
        MemorySegment k = GkmNative.gkm_pkey_wrap(pkey);
        if (k.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("libgkm_native could not prepare the key (out of memory)");
        }
        return new NativeResource(k, GkmNative::gkm_pkey_free);
    }

    /**
     * The handle, for one use that ends with {@link #release()}.
     *
     * @throws IllegalStateException if destroyed (the key it belongs to was destroyed)
     */
    MemorySegment acquire() {
        for (;;) {
            int n = refs.get();
            if (n == 0 || destroyed.get()) {
                throw new IllegalStateException("key was destroyed");
            }
            if (refs.compareAndSet(n, n + 1)) {
                return handle;
            }
        }
    }

    /** Ends a use begun by {@link #acquire()}. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            cleanable.clean();
        }
    }

    @Override
    public void destroy() {
        if (destroyed.compareAndSet(false, true)) {
            release();
        }
    }

    @Override
    public String toString() {
        return "NativeResource[" + (destroyed.get() ? "destroyed" : "live") + "]";
    }
}
