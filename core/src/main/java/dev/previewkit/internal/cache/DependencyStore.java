package dev.previewkit.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.CacheDecision.Outcome;
import dev.previewkit.CacheLimits;
import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.project.PackageManifest;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Installed dependency sets, keyed by {@code dependencyKey}: a build whose dependencies were installed before
 * runs no package manager at all.
 *
 * <p>A new set is installed once: concurrent requests in this process wait for the same install, and a
 * {@link KeyLock} makes processes sharing the work directory do the same. The backend is offered the closest
 * stored set as a seed (held in place while it installs) and says whether it used it; only then is the set
 * reported as {@link Outcome#SEEDED}. What the install reported (warnings) is kept with the set and given to
 * every build that uses it. Thread-safe.
 */
public final class DependencyStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DiskStore store;
    private final BuildBackend backend;
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> installing = new ConcurrentHashMap<>();

    public DependencyStore(Path root, CacheLimits limits, BuildBackend backend) {
        this.backend = backend;
        this.store = new DiskStore(root, "dependency", limits, entry -> backend.discard(installed(entry)));
    }

    /** Indexes the sets on disk and deletes incomplete ones. */
    public void recover() {
        store.recover();
    }

    /**
     * A dependency set kept in place while a build uses it, and how it was obtained. Close it when the build
     * ends.
     */
    public record Lease(InstalledDependencies dependencies, CacheDecision decision, DiskStore.Lease hold)
            implements AutoCloseable {
        /** What the install of this set reported (a lockfile out of step, a replaced package manager). */
        public List<Diagnostic> warnings() {
            return dependencies.warnings();
        }

        @Override
        public void close() {
            hold.close();
        }
    }

    /**
     * The installed set for {@code key}: stored, installed by a concurrent build, or installed now.
     *
     * @throws StepFailedException when the install fails, times out or the build is cancelled
     */
    public Lease acquire(String key, ProjectFiles files, PackageManifest manifest, BuildContext context) {
        while (true) {
            Optional<DiskStore.Held> stored = store.hold(key);
            if (stored.isPresent()) {
                return lease(stored.get(), Outcome.REUSED, "the same dependency set was installed before");
            }
            CompletableFuture<Boolean> mine = new CompletableFuture<>();
            CompletableFuture<Boolean> running = installing.putIfAbsent(key, mine);
            if (running != null) {
                Optional<DiskStore.Held> shared = await(running, context) ? store.hold(key) : Optional.empty();
                if (shared.isPresent()) {
                    return lease(shared.get(), Outcome.SHARED, "a concurrent build installed the same dependency set");
                }
                continue;  // that install was cancelled, or its set is gone already: try again
            }
            try {
                Obtained obtained = installUnderLock(key, files, manifest, context);
                mine.complete(true);
                return lease(obtained.held(), obtained.outcome(), obtained.reason());
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                installing.remove(key, mine);
            }
        }
    }

    /** A set this build installed, or found installed by another process, held in place. */
    private record Obtained(DiskStore.Held held, Outcome outcome, String reason) {}

    private Obtained installUnderLock(String key, ProjectFiles files, PackageManifest manifest, BuildContext context) {
        try (KeyLock ignored = store.lock(key, KeyLock.untilStopped(context))) {
            Optional<DiskStore.Held> done = store.hold(key);
            if (done.isPresent()) {
                return new Obtained(done.get(), Outcome.SHARED,
                        "another process sharing the work directory installed the same dependency set");
            }
            Map<String, String> packages = PackageSets.declared(manifest.json());
            String lockfiles = Fingerprints.lockfileDigest(files);
            Optional<DiskStore.Held> seed = closest(packages).flatMap(entry -> store.hold(entry.key()));
            Optional<StoreEntry> closest = seed.map(DiskStore.Held::entry);
            Path staging = store.newStaging(key);
            try (DiskStore.Lease seedHold = seed.map(DiskStore.Held::lease).orElse(null)) {
                for (Map.Entry<String, byte[]> file : PackageManifest.installFiles(files).entrySet()) {
                    Files.write(staging.resolve(file.getKey()), file.getValue());
                }
                InstalledDependencies installed = backend.install(new DependencyRequest(staging,
                        manifest.packageManager(), manifest.lockfile().isPresent(), closest.map(StoreEntry::folder)),
                        context);
                ObjectNode metadata = JSON.createObjectNode()
                        .put("backend", backend.id())
                        .put("packageManager", installed.packageManager().name())
                        .put("seeded", installed.seeded())
                        .put("lockfiles", lockfiles);
                metadata.set("packages", JSON.valueToTree(packages));
                metadata.set("warnings", StoredWarnings.toJson(installed.warnings()));
                return new Obtained(store.commitAndHold(key, metadata),
                        installed.seeded() ? Outcome.SEEDED : Outcome.MISS,
                        missReason(key, packages, lockfiles, closest, installed.seeded()));
            } catch (IOException e) {
                store.discardStaging(key);
                throw new PreviewException("Cannot prepare dependency set " + key + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                store.discardStaging(key);
                throw e;
            }
        }
    }

    /** The stored set of this backend with the most packages in common, if any: the backend's seed hint. */
    private Optional<StoreEntry> closest(Map<String, String> packages) {
        return store.entries()
                .filter(entry -> backend.id().equals(entry.metadata().path("backend").asText()))
                .filter(entry -> PackageSets.common(packages, packagesOf(entry)) > 0)
                .max(Comparator.comparingInt(entry -> PackageSets.common(packages, packagesOf(entry))));
    }

    private String missReason(String key, Map<String, String> packages, String lockfiles,
            Optional<StoreEntry> closest, boolean seeded) {
        Optional<String> evicted = store.evictionReason(key);
        if (evicted.isPresent()) {
            return "this dependency set was " + evicted.get();
        }
        if (closest.isEmpty()) {
            return "new dependency set (" + packages.size() + " packages); no similar set is stored";
        }
        Map<String, String> other = packagesOf(closest.get());
        String shortKey = closest.get().key().substring(0, 12);
        if (other.equals(packages)) {
            return "the lockfile changed; stored set " + shortKey + " has the same packages";
        }
        String difference = "new dependency set: " + PackageSets.describeChange(other, packages) + " (compared with "
                + "stored set " + shortKey + ", " + PackageSets.common(packages, other) + " of " + packages.size()
                + " packages in common)";
        return seeded ? difference + "; installed on top of a copy of it" : difference;
    }

    private static Map<String, String> packagesOf(StoreEntry entry) {
        return PackageSets.fromJson(entry.metadata().path("packages"));
    }

    private static Lease lease(DiskStore.Held held, Outcome outcome, String reason) {
        StoreEntry entry = held.entry();
        return new Lease(installed(entry), new CacheDecision(CacheDecision.Kind.DEPENDENCIES, outcome, entry.key(),
                reason), held.lease());
    }

    private static InstalledDependencies installed(StoreEntry entry) {
        JsonNode metadata = entry.metadata();
        return new InstalledDependencies(entry.folder(),
                PackageManager.valueOf(metadata.path("packageManager").asText(PackageManager.NPM.name())),
                metadata.path("seeded").asBoolean(), StoredWarnings.fromJson(metadata.path("warnings")));
    }

    /** Waits for another build's install; false when that build was cancelled (so this one tries itself). */
    private static boolean await(CompletableFuture<Boolean> running, BuildContext context) {
        while (true) {
            context.checkRunning();
            context.heartbeat();  // the install waited for has its own timers
            try {
                return running.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailedException(BuildStatus.CANCELLED, "Interrupted while waiting for an install");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StepFailedException failed) {
                    if (failed.status() == BuildStatus.CANCELLED) {
                        return false;
                    }
                    throw new StepFailedException(failed.status(), failed.getMessage()
                            + " (in a concurrent install of the same dependency set)");
                }
                throw new PreviewException("A concurrent install failed: " + e.getCause(), e.getCause());
            }
        }
    }

}
