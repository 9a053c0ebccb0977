package dev.previewkit.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.previewkit.BuildStatus;
import dev.previewkit.CacheDecision;
import dev.previewkit.CacheDecision.Outcome;
import dev.previewkit.CacheLimits;
import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.json.Json;
import dev.previewkit.internal.project.PackageManifest;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.SetReference;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(DependencyStore.class);

    private final DiskStore store;
    private final BuildBackend backend;
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> installing = new ConcurrentHashMap<>();

    public DependencyStore(Path root, CacheLimits limits, BuildBackend backend) {
        this.backend = backend;
        this.store = DiskStore.releasing(root, "dependency", limits, entry -> backend.discard(reference(entry)));
    }

    /**
     * Indexes the sets on disk, deletes incomplete ones, releases again what an earlier release left, and
     * reconciles with the sets the backend says it holds: a set it holds that no entry knows (a crash between
     * install and marker) is discarded, an entry of this backend whose set is gone is dropped.
     */
    public void recover() {
        store.recover();
        backend.heldSets().ifPresent(this::reconcile);
    }

    private void reconcile(List<SetReference> held) {
        Set<SetReference> known = new HashSet<>();
        store.entries().filter(entry -> backend.id().equals(entry.metadata().path("backend").asText()))
                .forEach(entry -> {
                    SetReference reference = reference(entry);
                    if (held.contains(reference)) {
                        known.add(reference);
                    } else {
                        LOG.warn("Dependency set {} ({}) is no longer held by backend {}; dropping it",
                                entry.key(), reference.reference(), backend.id());
                        store.forget(entry);
                    }
                });
        Set<String> releasing = store.releasing();
        for (SetReference set : held) {
            if (!known.contains(set) && !releasing.contains(set.dependencyKey())
                    && !store.writing(set.dependencyKey())) {
                LOG.warn("Backend {} holds dependency set {} ({}) that no store entry knows; discarding it",
                        backend.id(), set.dependencyKey(), set.reference());
                discardQuietly(set);
            }
        }
    }

    private void discardQuietly(SetReference set) {
        try {
            backend.discard(set);
        } catch (RuntimeException e) {
            LOG.warn("Cannot discard dependency set {} ({}); it is found again at the next start",
                    set.dependencyKey(), set.reference(), e);
        }
    }

    /** Waits up to {@code seconds} for discards in progress; the backend is closed after this. */
    public void close(long seconds) {
        store.close(seconds);
    }

    /**
     * A dependency set kept in place while a build uses it, and how it was obtained. Close it when the build
     * ends.
     */
    public record Lease(DependencySet set, List<Diagnostic> warnings, CacheDecision decision, DiskStore.Lease hold)
            implements AutoCloseable {

        @Override
        public void close() {
            hold.close();
        }
    }

    /**
     * The installed set for {@code key}: stored, installed by a concurrent build, or installed now, from the closest
     * stored set when {@code offerSeed} (a set that shares nothing with the stored ones, such as the modern
     * toolchain, is better installed afresh).
     *
     * @throws StepFailedException when the install fails, times out or the build is cancelled
     */
    public Lease acquire(String key, ProjectFiles files, PackageManifest manifest, BuildContext context,
            boolean offerSeed) {
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
                Obtained obtained = installUnderLock(key, files, manifest, context, offerSeed);
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

    private Obtained installUnderLock(String key, ProjectFiles files, PackageManifest manifest, BuildContext context,
            boolean offerSeed) {
        try (KeyLock ignored = store.lock(key, KeyLock.untilStopped(context))) {
            Optional<DiskStore.Held> done = store.hold(key);
            if (done.isPresent()) {
                return new Obtained(done.get(), Outcome.SHARED,
                        "another process sharing the work directory installed the same dependency set");
            }
            Map<String, String> packages = PackageSets.declared(manifest.json());
            String lockfiles = Fingerprints.lockfileDigest(files);
            Optional<DiskStore.Held> seed = offerSeed
                    ? closest(packages).flatMap(entry -> store.hold(entry.key())) : Optional.empty();
            Optional<StoreEntry> closest = seed.map(DiskStore.Held::entry);
            Path staging = store.newStaging(key);
            try (DiskStore.Lease seedHold = seed.map(DiskStore.Held::lease).orElse(null)) {
                for (Map.Entry<String, byte[]> file : PackageManifest.installFiles(files).entrySet()) {
                    Files.write(staging.resolve(file.getKey()), file.getValue());
                }
                InstalledDependencies installed = backend.install(new DependencyRequest(key, staging,
                        manifest.packageManager(), manifest.lockfile().isPresent(),
                        closest.map(DependencyStore::set)), context);
                ObjectNode metadata = Json.MAPPER.createObjectNode()
                        .put("backend", backend.id())
                        .put("reference", installed.reference())
                        .put("packageManager", installed.packageManager().name())
                        .put("seeded", installed.seeded())
                        .put("lockfiles", lockfiles);
                metadata.set("packages", Json.MAPPER.valueToTree(packages));
                metadata.set("warnings", StoredWarnings.toJson(installed.warnings()));
                return new Obtained(store.commitAndHold(key, metadata, installed.bytes()),
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
        return new Lease(set(entry), StoredWarnings.fromJson(entry.metadata().path("warnings")),
                new CacheDecision(CacheDecision.Kind.DEPENDENCIES, outcome, entry.key(), reason), held.lease());
    }

    /** The set an entry stands for, as its backend named it; entries written before references use the folder. */
    private static SetReference reference(StoreEntry entry) {
        return new SetReference(entry.key(), entry.metadata().path("reference").asText(entry.folder().toString()));
    }

    private static DependencySet set(StoreEntry entry) {
        return new DependencySet(reference(entry),
                PackageManager.valueOf(entry.metadata().path("packageManager").asText(PackageManager.NPM.name())),
                Optional.of(entry.folder()));
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
