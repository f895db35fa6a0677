package org.gkm.gcks.member;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How a {@link MemberAgent} moves to another replica of a replicated GCKS: after a refusal naming
 * no usable leader, a replica that cannot be reached, or a lost connection, it waits a random time
 * before the next attempt (full jitter: uniform in [0, min(cap, initial * 2^n)) for the n-th
 * attempt), so members that lost the same replica do not all arrive at the next one at once
 * (RFC 4046 sec. 5.5), and gives up when {@code budget} has passed since the first failure.
 *
 * @param initialBackoff the bound of the first wait
 * @param maxBackoff the cap of the doubling bound
 * @param budget how long one failover may take in all; zero turns failover off (the agent stays with
 *     the one server it was given, as a single GCKS needs)
 */
public record ReconnectPolicy(Duration initialBackoff, Duration maxBackoff, Duration budget) {
    /** The default bound of the first wait. */
    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(100);
    /** The default cap of the wait's bound. */
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(5);
    /** The default budget of one failover. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(60);

    public ReconnectPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(budget, "budget");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initial back-off must be positive: " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("back-off cap " + maxBackoff + " is below the initial back-off " + initialBackoff);
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("reconnect budget must not be negative: " + budget);
        }
    }

    /** Failover off: the agent stays with its one server (a single GCKS). */
    public static ReconnectPolicy off() {
        return new ReconnectPolicy(DEFAULT_INITIAL, DEFAULT_MAX, Duration.ZERO);
    }

    /** 100 ms doubling to 5 s, within {@code budget} (zero: off). */
    public static ReconnectPolicy within(Duration budget) {
        return new ReconnectPolicy(DEFAULT_INITIAL, DEFAULT_MAX, budget);
    }

    /** 100 ms doubling to 5 s, within 60 s. */
    public static ReconnectPolicy defaults() {
        return within(DEFAULT_BUDGET);
    }

    /** Whether the agent moves to other replicas at all. */
    public boolean enabled() {
        return !budget.isZero();
    }

    /**
     * The wait before attempt {@code attempt} (0 for the first retry): uniform in [0, bound) where
     * the bound doubles from the initial back-off up to the cap. The jitter is not a secret, so any
     * generator does.
     */
    public Duration delay(int attempt, RandomGenerator random) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative: " + attempt);
        }
        long cap = maxBackoff.toNanos();
        long bound = initialBackoff.toNanos();
        for (int i = 0; i < attempt && bound < cap; i++) {
            bound = bound > cap / 2 ? cap : bound * 2;
        }
        bound = Math.min(bound, cap);
        return Duration.ofNanos(random.nextLong(bound));
    }
}
