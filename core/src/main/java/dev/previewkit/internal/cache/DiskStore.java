package dev.previewkit.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.previewkit.CacheLimits;
import dev.previewkit.PreviewException;
import dev.previewkit.internal.fs.Directories;
import dev.previewkit.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of immutable entries, one sub-folder per key, with a Caffeine index bounded by bytes on disk and
 * idle time.
 *
 * <p>Caffeine expires entries unused for the idle limit and keeps them in access order; the byte bound is
 * enforced here, least recently used first, because entries in use (leased) and the entry just written must
 * never be the ones to go. (Caffeine's own weight bound may reject a new entry outright, which would delete an
 * artifact right after it was built.)
 *
 * <p>An entry is complete when its marker {@code <key>.json} (size and metadata) exists beside its folder:
 * entries are built in {@code .staging-<key>}, renamed into place, and only then marked. {@link #recover()}
 * indexes complete entries and deletes everything else, so a crash mid-write is never served. Writers hold
 * {@link KeyLock} {@code <key>.lock}, which works across processes sharing the folder; a lock file exists only
 * while its lock is held, and {@link #recover()} deletes those a crash left. What the store tracks in memory is
 * bounded by its entries: leases are forgotten when the last one closes.
 *
 * <p>Eviction deletes an entry's marker, then its folder, unless a build holds a {@link #lease} on it: then
 * deletion waits for the last lease to close. A store with a {@link Releaser} (the dependency store, whose
 * backend may hold a set elsewhere) first turns the marker into {@code <key>.discard}, releases the entry on its
 * own thread outside its locks, and deletes the folder only once that succeeded; {@link #recover()} releases
 * again what a failure or a crash left. Thread-safe.
 *
 * <p>Names starting with {@code .} other than staging folders belong to the store's owner (the artifact
 * store's {@code .blobs}) and are never treated as entries.
 */
final class DiskStore {
    private static final Logger LOG = LoggerFactory.getLogger(DiskStore.class);
    static final String STAGING_PREFIX = ".staging-";
    private static final String MARKER_SUFFIX = ".json";
    /** The marker of an entry that is being released: it left the index, its release is pending or failed. */
    private static final String DISCARD_SUFFIX = ".discard";
    private static final String LOCK_SUFFIX = ".lock";

    private final Path root;
    private final String name;
    private final Consumer<StoreEntry> onDelete;
    private final Optional<Releaser> releaser;
    private final ExecutorService releases;
    private final Usage usage;
    private final Cache<String, StoreEntry> index;
    private final long maxBytes;
    private final Cache<String, String> evictions = Caffeine.newBuilder().maximumSize(10_000).build();
    private final Leases leases = new Leases();

    /** How many bytes a store holds on disk, given its indexed entries. */
    interface Usage {
        /** Each entry weighs the bytes recorded in its marker. */
        Usage SUM_OF_ENTRIES = entries -> entries.stream().mapToLong(StoreEntry::bytes).sum();

        long bytes(Collection<StoreEntry> entries);
    }

    /**
     * Releases what an entry holds outside its folder (a backend's dependency set), before the store forgets the
     * entry. Runs on the store's own thread, never under the store's locks.
     */
    interface Releaser {
        /**
         * Releases the entry's resources; must be idempotent (a release that failed is tried again at the next
         * start).
         *
         * @throws RuntimeException when they cannot be released now; the entry is kept for the next start
         */
        void release(StoreEntry entry);
    }

    /** A store whose entries weigh the bytes of their folders; see {@link #DiskStore(Path, String, CacheLimits, Consumer, Usage)}. */
    DiskStore(Path root, String name, CacheLimits limits, Consumer<StoreEntry> onDelete) {
        this(root, name, limits, onDelete, Usage.SUM_OF_ENTRIES, Optional.empty());
    }

    /**
     * A store whose evicted entries are first released by {@code releaser}, off the caller's thread and outside
     * the store's locks, and only then deleted; an entry whose release failed is released again by
     * {@link #recover()}. Entries weigh the bytes recorded in their markers, as their owner counted them.
     */
    static DiskStore releasing(Path root, String name, CacheLimits limits, Releaser releaser) {
        return new DiskStore(root, name, limits, entry -> { }, Usage.SUM_OF_ENTRIES, Optional.of(releaser));
    }

    DiskStore(Path root, String name, CacheLimits limits, Consumer<StoreEntry> onDelete, Usage usage) {
        this(root, name, limits, onDelete, usage, Optional.empty());
    }

    /**
     * @param onDelete called after an evicted entry's folder is deleted, for example to let a backend release
     *                 what it holds for the entry
     * @param usage    the bytes on disk that the byte limit bounds, measured again after each eviction
     * @param releaser releases what an entry holds elsewhere before the entry is deleted, if anything does
     */
    private DiskStore(Path root, String name, CacheLimits limits, Consumer<StoreEntry> onDelete, Usage usage,
            Optional<Releaser> releaser) {
        this.root = root;
        this.name = name;
        this.onDelete = onDelete;
        this.releaser = releaser;
        this.releases = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "previewkit-" + name + "-release");
            thread.setDaemon(true);
            return thread;
        });
        this.usage = usage;
        this.maxBytes = limits.maxBytes();
        this.index = Caffeine.newBuilder()
                .expireAfterAccess(limits.maxIdle())
                .executor(Runnable::run)
                .removalListener(this::removed)
                .build();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new PreviewException("Cannot create the " + name + " store " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Indexes the complete entries found on disk and deletes incomplete ones (staging folders and folders
     * without a marker) that no other process is writing.
     */
    void recover() {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                String fileName = child.getFileName().toString();
                if (fileName.startsWith(".") && !fileName.startsWith(STAGING_PREFIX)) {
                    continue;  // the owner's, such as .blobs, or the lock files' guard
                }
                if (fileName.endsWith(LOCK_SUFFIX)) {
                    KeyLock.tryAcquire(child).ifPresent(KeyLock::close);  // a crash's leftover, unless held now
                    continue;
                }
                if (fileName.endsWith(DISCARD_SUFFIX)) {
                    String key = fileName.substring(0, fileName.length() - DISCARD_SUFFIX.length());
                    readMarker(key, child).ifPresent(entry -> releases.execute(() -> releaseAndDelete(entry)));
                    continue;
                }
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                        && Files.exists(root.resolve(fileName + DISCARD_SUFFIX))
                        && !Files.exists(marker(fileName))) {
                    continue;  // being released: deleted once its release succeeds
                }
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    String key = fileName.startsWith(STAGING_PREFIX) ? fileName.substring(STAGING_PREFIX.length())
                            : fileName;
                    Optional<StoreEntry> entry = fileName.startsWith(STAGING_PREFIX) ? Optional.empty() : readEntry(key);
                    if (entry.isPresent()) {
                        index.put(key, entry.get());
                    } else {
                        deleteIncomplete(key, child);
                    }
                } else if (fileName.endsWith(MARKER_SUFFIX)
                        && !Files.isDirectory(root.resolve(fileName.substring(0, fileName.length() - MARKER_SUFFIX.length())))) {
                    Files.deleteIfExists(child);
                }
            }
        } catch (IOException e) {
            throw new PreviewException("Cannot read the " + name + " store " + root + ": " + e.getMessage(), e);
        }
        enforceSizeLimit(null);
        LOG.info("{} store {}: {} complete entries", name, root, index.estimatedSize());
    }

    private void deleteIncomplete(String key, Path folder) {
        try (KeyLock ignored = KeyLock.tryAcquire(lockFile(key)).orElse(null)) {
            if (ignored == null) {
                return;  // another process is writing this entry right now
            }
            LOG.warn("Deleting incomplete {} entry {} (no completion marker)", name, folder);
            Directories.deleteRecursively(folder);
        }
    }

    /** The complete entry for a key, from the index or, when another process wrote it, from disk. */
    Optional<StoreEntry> get(String key) {
        StoreEntry entry = index.getIfPresent(key);
        if (entry != null && Files.exists(marker(key))) {
            return Optional.of(entry);
        }
        if (entry != null) {
            index.invalidate(key);  // deleted by another process
        }
        Optional<StoreEntry> onDisk = readEntry(key);
        onDisk.ifPresent(found -> index.put(key, found));
        return onDisk;
    }

    /** Every indexed entry, without touching their access times. */
    Stream<StoreEntry> entries() {
        return index.asMap().values().stream();
    }

    /** Why a key was evicted from this process's index, if it was. */
    Optional<String> evictionReason(String key) {
        return Optional.ofNullable(evictions.getIfPresent(key));
    }

    /** Locks a key for writing, across threads and processes. */
    KeyLock lock(String key, BooleanSupplier cancelled) {
        return KeyLock.acquire(lockFile(key), cancelled);
    }

    /** A fresh, empty staging folder for a key. The caller must hold the key's lock. */
    Path newStaging(String key) {
        Path staging = root.resolve(STAGING_PREFIX + key);
        try {
            Directories.deleteRecursively(staging);
            return Files.createDirectory(staging);
        } catch (IOException | UncheckedIOException e) {
            throw new PreviewException("Cannot create " + staging + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a staging folder after a failure. */
    void discardStaging(String key) {
        try {
            Directories.deleteRecursively(root.resolve(STAGING_PREFIX + key));
        } catch (UncheckedIOException e) {
            LOG.warn("Cannot delete staging folder of {} entry {}", name, key, e);
        }
    }

    /**
     * Moves a filled staging folder into place with one rename, then writes the completion marker; the entry
     * weighs {@code bytes}, as its owner counts them. The caller must hold the key's lock.
     */
    synchronized StoreEntry commit(String key, ObjectNode metadata, long bytes) {
        Path staging = root.resolve(STAGING_PREFIX + key);
        Path folder = root.resolve(key);
        try {
            Directories.deleteRecursively(folder);  // an unmarked leftover of a crash; the lock is ours
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
            ObjectNode marker = metadata.deepCopy();
            marker.put("key", key).put("bytes", bytes).put("created", Instant.now().toString());
            Path temporary = root.resolve(STAGING_PREFIX + key + MARKER_SUFFIX);
            Files.write(temporary, Json.MAPPER.writeValueAsBytes(marker));
            Files.move(temporary, marker(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            StoreEntry entry = new StoreEntry(key, folder, bytes, marker);
            index.put(key, entry);
            enforceSizeLimit(key);
            return entry;
        } catch (IOException | UncheckedIOException e) {
            throw new PreviewException("Cannot publish " + name + " entry " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * The complete entry for a key, held in place until the returned lease closes; taking the lease in the
     * same step as the lookup leaves no moment in which the entry could be evicted.
     */
    synchronized Optional<Held> hold(String key) {
        return get(key).map(entry -> new Held(entry, lease(entry)));
    }

    /**
     * {@link #commit(String, ObjectNode, long)}, with the new entry held in place from the start. The caller must
     * hold the key's lock.
     */
    synchronized Held commitAndHold(String key, ObjectNode metadata, long bytes) {
        StoreEntry entry = commit(key, metadata, bytes);
        return new Held(entry, lease(entry));
    }

    /** An entry and the lease that keeps it in place. */
    record Held(StoreEntry entry, Lease lease) {}

    /** Keeps an entry's folder from being deleted until the returned lease is closed. */
    Lease lease(StoreEntry entry) {
        leases.open(entry.key());
        return () -> release(entry);
    }

    private void release(StoreEntry entry) {
        if (leases.close(entry.key())) {
            delete(entry);
        }
        enforceSizeLimit(null);  // a lease may have kept the store over its limit
    }

    /** How many keys are leased now (for tests). */
    int leasedKeys() {
        return leases.size();
    }

    /**
     * Evicts least recently used entries until the store's {@link Usage} fits its byte limit, sparing leased
     * entries and {@code spared} (the entry just written). When only those remain, the store stays over its
     * limit until they are released.
     */
    private synchronized void enforceSizeLimit(String spared) {
        long total = usage.bytes(index.asMap().values());
        if (total <= maxBytes) {
            return;
        }
        Map<String, StoreEntry> byAge = index.policy().expireAfterAccess().orElseThrow().oldest(Integer.MAX_VALUE);
        for (StoreEntry entry : byAge.values()) {
            if (total <= maxBytes) {
                return;
            }
            if (entry.key().equals(spared) || leases.isLeased(entry.key()) || !index.asMap().remove(entry.key(), entry)) {
                continue;
            }
            evictions.put(entry.key(), "evicted to keep the " + name + " store under its size limit of "
                    + maxBytes + " bytes");
            delete(entry);
            total = usage.bytes(index.asMap().values());
        }
    }

    /** Runs pending evictions now (Caffeine otherwise does it during later operations). */
    void cleanUp() {
        index.cleanUp();
    }

    private void removed(String key, StoreEntry entry, RemovalCause cause) {
        if (key == null || entry == null || !cause.wasEvicted()) {
            return;
        }
        evictions.put(key, cause == RemovalCause.EXPIRED
                ? "evicted after it went unused for the " + name + " store's idle limit"
                : "evicted (" + cause + ")");
        if (!leases.deferDeletion(key)) {
            delete(entry);
        }
    }

    private void delete(StoreEntry entry) {
        if (releaser.isPresent()) {
            retire(entry);
            return;
        }
        try (KeyLock lock = KeyLock.tryAcquire(lockFile(entry.key())).orElse(null)) {
            if (lock == null) {
                return;  // being rewritten right now; the writer owns it
            }
            Files.deleteIfExists(marker(entry.key()));
            Directories.deleteRecursively(entry.folder());
            LOG.info("Deleted {} entry {} ({} bytes)", name, entry.key(), entry.bytes());
            onDelete.accept(entry);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete {} entry {}", name, entry.folder(), e);
        }
    }

    /**
     * Takes an entry out of service for good: its marker becomes a discard marker (so a crash before the
     * release finishes is retried at the next start), then its release runs on the store's thread.
     */
    private void retire(StoreEntry entry) {
        try (KeyLock lock = KeyLock.tryAcquire(lockFile(entry.key())).orElse(null)) {
            if (lock == null) {
                return;  // being rewritten right now; the writer owns it
            }
            Files.move(marker(entry.key()), discardMarker(entry.key()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot retire {} entry {}", name, entry.key(), e);
            return;
        }
        releases.execute(() -> releaseAndDelete(entry));
    }

    /** Releases a retired entry, then deletes its discard marker and, unless it was written anew, its folder. */
    private void releaseAndDelete(StoreEntry entry) {
        try {
            releaser.orElseThrow().release(entry);
        } catch (RuntimeException e) {
            LOG.warn("Cannot release {} entry {}; trying again at the next start", name, entry.key(), e);
            return;
        }
        try (KeyLock lock = KeyLock.tryAcquire(lockFile(entry.key())).orElse(null)) {
            if (lock == null) {
                return;  // being rewritten right now; the discard marker is released again at the next start
            }
            Files.deleteIfExists(discardMarker(entry.key()));
            if (!Files.exists(marker(entry.key()))) {
                Directories.deleteRecursively(entry.folder());
            }
            LOG.info("Released and deleted {} entry {} ({} bytes)", name, entry.key(), entry.bytes());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete {} entry {}", name, entry.folder(), e);
        }
    }

    /**
     * Deletes an entry without releasing anything, for one whose resources are known to be gone: the owner
     * found that what the entry stood for no longer exists.
     */
    void forget(StoreEntry entry) {
        index.asMap().remove(entry.key(), entry);
        try (KeyLock lock = KeyLock.tryAcquire(lockFile(entry.key())).orElse(null)) {
            if (lock == null) {
                return;
            }
            Files.deleteIfExists(marker(entry.key()));
            Directories.deleteRecursively(entry.folder());
            LOG.info("Dropped {} entry {}: what it stood for is gone", name, entry.key());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete {} entry {}", name, entry.folder(), e);
        }
    }

    /** Whether a writer (here or in another process) holds the key's lock right now. */
    boolean writing(String key) {
        Optional<KeyLock> lock = KeyLock.tryAcquire(lockFile(key));
        lock.ifPresent(KeyLock::close);
        return lock.isEmpty();
    }

    /** Keys of entries whose release is pending or failed. */
    Set<String> releasing() {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(DISCARD_SUFFIX))
                    .map(file -> file.substring(0, file.length() - DISCARD_SUFFIX.length()))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** Waits up to {@code seconds} for pending releases, then stops the release thread. */
    void close(long seconds) {
        releases.shutdown();
        try {
            if (!releases.awaitTermination(seconds, TimeUnit.SECONDS)) {
                LOG.warn("{} store: releases still running after {} s; they are retried at the next start", name,
                        seconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<StoreEntry> readEntry(String key) {
        Path marker = marker(key);
        Path folder = root.resolve(key);
        if (!Files.isRegularFile(marker) || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return readMarker(key, marker);
    }

    private Optional<StoreEntry> readMarker(String key, Path marker) {
        Path folder = root.resolve(key);
        try {
            JsonNode metadata = Json.MAPPER.readTree(marker.toFile());
            return Optional.of(new StoreEntry(key, folder, metadata.path("bytes").asLong(), metadata));
        } catch (IOException e) {
            LOG.warn("Unreadable marker {}; treating the entry as incomplete", marker, e);
            return Optional.empty();
        }
    }

    private Path marker(String key) {
        return root.resolve(key + MARKER_SUFFIX);
    }

    private Path discardMarker(String key) {
        return root.resolve(key + DISCARD_SUFFIX);
    }

    private Path lockFile(String key) {
        return root.resolve(key + LOCK_SUFFIX);
    }

    /** Holds an entry in place; closing it more than once is a mistake. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
