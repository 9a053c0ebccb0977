package dev.previewkit.internal.cache;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The open leases on the entries of a {@link DiskStore}, by key, and whether an entry evicted while leased is to
 * be deleted when its last lease closes. A key is tracked only while it is leased; every change of a key's count
 * and deferral is one atomic step, so an eviction and the last release cannot miss each other. Thread-safe.
 */
final class Leases {
    private final ConcurrentHashMap<String, Count> counts = new ConcurrentHashMap<>();

    /** How many leases a key has, and whether its deletion waits for the last one. */
    private record Count(int open, boolean deleteWhenReleased) {}

    /** Adds a lease on {@code key}. */
    void open(String key) {
        counts.merge(key, new Count(1, false), (held, added) -> new Count(held.open() + 1, held.deleteWhenReleased()));
    }

    /**
     * Closes a lease on {@code key}.
     *
     * @return whether it was the last one and the entry waited for it to be deleted
     */
    boolean close(String key) {
        boolean[] delete = {false};
        counts.computeIfPresent(key, (k, held) -> {
            if (held.open() > 1) {
                return new Count(held.open() - 1, held.deleteWhenReleased());
            }
            delete[0] = held.deleteWhenReleased();
            return null;
        });
        return delete[0];
    }

    /**
     * Defers the deletion of an evicted entry to the close of its last lease, if it has any.
     *
     * @return false when {@code key} is not leased: delete it now
     */
    boolean deferDeletion(String key) {
        return counts.computeIfPresent(key, (k, held) -> new Count(held.open(), true)) != null;
    }

    boolean isLeased(String key) {
        return counts.containsKey(key);
    }

    /** How many keys are leased. */
    int size() {
        return counts.size();
    }
}
