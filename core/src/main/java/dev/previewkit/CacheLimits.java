package dev.previewkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of one on-disk cache: entries beyond {@code maxBytes} on disk are evicted least recently used first,
 * and entries unused for {@code maxIdle} are evicted too. Eviction deletes the entry's folder.
 *
 * @param maxBytes the most bytes the cache may hold on disk
 * @param maxIdle  how long an unused entry is kept
 */
public record CacheLimits(long maxBytes, Duration maxIdle) {
    /** Dependency sets: 10 GiB, kept 14 days unused. */
    public static final CacheLimits DEFAULT_DEPENDENCIES = new CacheLimits(10L << 30, Duration.ofDays(14));
    /** Artifacts: 2 GiB, kept 7 days unused. */
    public static final CacheLimits DEFAULT_ARTIFACTS = new CacheLimits(2L << 30, Duration.ofDays(7));

    public CacheLimits {
        Objects.requireNonNull(maxIdle, "maxIdle");
        if (maxBytes < 1 || maxIdle.isNegative() || maxIdle.isZero()) {
            throw new IllegalArgumentException("cache limits must be positive: " + maxBytes + " bytes, " + maxIdle);
        }
    }
}
