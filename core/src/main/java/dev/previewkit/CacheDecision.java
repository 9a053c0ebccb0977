package dev.previewkit;

import java.util.Objects;

/**
 * What a build reused, and on a miss why not: one decision per cache a build consults, reported by
 * {@link BuildResult#cacheDecisions()} and {@link BuildListener#cacheDecided}.
 *
 * @param kind    the cache
 * @param outcome what happened
 * @param key     the cache key looked up (a SHA-256 hex string)
 * @param reason  a sentence for people, such as {@code new dependency set: added lucide-react@0.460.0}
 */
public record CacheDecision(Kind kind, Outcome outcome, String key, String reason) {
    /** The caches of a build. */
    public enum Kind {
        /** Built artifacts, keyed by every input of a build ({@code outputKey}). */
        ARTIFACT,
        /** Installed dependency sets, keyed by what shapes {@code node_modules} ({@code dependencyKey}). */
        DEPENDENCIES,
        /**
         * The installed modern toolchain set ({@link BuildProfile#modernToolchain()}), a dependency set of its own;
         * consulted only by builds that use it.
         */
        TOOLCHAIN
    }

    /** What the cache lookup led to. */
    public enum Outcome {
        /** A stored entry was used as it was: no build (artifact) or no package manager (dependencies) ran. */
        REUSED,
        /** An identical build or install was already running, here or in another process; its result was used. */
        SHARED,
        /** Nothing stored matched; the install started from the closest stored dependency set. */
        SEEDED,
        /** Nothing stored matched; the build or install ran from scratch. */
        MISS
    }

    public CacheDecision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether stored or shared work was used instead of running it again. */
    public boolean reused() {
        return outcome == Outcome.REUSED || outcome == Outcome.SHARED;
    }

    @Override
    public String toString() {
        return kind + " " + outcome + " (" + reason + ")";
    }
}
