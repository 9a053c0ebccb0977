package dev.previewkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of one on-disk cache: entries beyond {@code maxBytes} on disk are evicted least recently used first,
 * and entries unused for {@code maxIdle} are evicted too. Eviction deletes the entry's folder. The artifact
 * cache counts a file content that several artifacts share once (see {@code docs/caching.md}).
 *
 * @param maxBytes the most bytes the cache may hold on disk
 * @param maxIdle  how long an unused entry is kept
 */
public record CacheLimits(long maxBytes, Duration maxIdle) {
    /** Dependency sets: 10 GiB, kept 14 days unused. */
    public static final CacheLimits DEFAULT_DEPENDENCIES = new CacheLimits(10L << 30, Duration.ofDays(14));
    /**
     * Artifacts: 4 GiB of distinct file contents, kept 7 days unused. Files that several artifacts share (the
     * images and videos of every version of one app) count once, so this holds a few apps at the largest
     * artifact {@link OutputLimits#DEFAULT} allows, or hundreds of versions of apps with a few hundred MB of
     * assets.
     */
    public static final CacheLimits DEFAULT_ARTIFACTS = new CacheLimits(4L << 30, Duration.ofDays(7));

    public CacheLimits {
        Objects.requireNonNull(maxIdle, "maxIdle");
        if (maxBytes < 1 || maxIdle.isNegative() || maxIdle.isZero()) {
            throw new IllegalArgumentException("cache limits must be positive: " + maxBytes + " bytes, " + maxIdle);
        }
    }
}
