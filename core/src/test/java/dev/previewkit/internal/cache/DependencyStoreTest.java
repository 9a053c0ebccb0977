package dev.previewkit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildPhase;
import dev.previewkit.CacheDecision.Outcome;
import dev.previewkit.CacheLimits;
import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.project.PackageManifest;
import dev.previewkit.spi.Availability;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.SetReference;
import dev.previewkit.testing.RecordingContext;
import dev.previewkit.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dependency store with a backend that keeps its sets in memory, under references of its own, and reports
 * sizes it chooses: nothing of a set lives in the store's folders.
 */
class DependencyStoreTest {
    private static final CacheLimits GENEROUS = new CacheLimits(1L << 30, Duration.ofDays(1));
    private static final Diagnostic WARNING = new Diagnostic(BuildPhase.INSTALL, Diagnostic.Severity.WARNING,
            Optional.of("package-lock.json"), OptionalInt.empty(), OptionalInt.empty(),
            Optional.of("LOCKFILE_OUT_OF_STEP"), "package-lock.json does not match package.json", Optional.empty());
    private static final BuildContext CONTEXT = new RecordingContext(BuildPhase.INSTALL,
            Path.of(System.getProperty("java.io.tmpdir")));

    @TempDir
    Path root;

    /** Holds sets as volume-like names in memory; sizes, seeding, warnings and failures are set by tests. */
    private static final class VolumeBackend implements BuildBackend {
        final Map<SetReference, Boolean> held = new ConcurrentHashMap<>();
        final List<DependencyRequest> requests = new CopyOnWriteArrayList<>();
        final List<String> discards = new CopyOnWriteArrayList<>();
        final List<String> discardThreads = new CopyOnWriteArrayList<>();
        final AtomicBoolean failDiscards = new AtomicBoolean();
        volatile long reportedBytes = 1000;
        volatile boolean useSeed;
        volatile List<Diagnostic> warnings = List.of();

        @Override
        public String id() {
            return "volume-backend";
        }

        @Override
        public BackendCapabilities capabilities() {
            return BackendCapabilities.builder(BackendCapabilities.Isolation.CONTAINER).seeding(true).build();
        }

        @Override
        public Availability probe() {
            return Availability.available("always");
        }

        @Override
        public InstalledDependencies install(DependencyRequest request, BuildContext context) {
            requests.add(request);
            String volume = "volume-" + request.dependencyKey().substring(0, 8) + "-" + requests.size();
            held.put(new SetReference(request.dependencyKey(), volume), true);
            return new InstalledDependencies(volume, reportedBytes, PackageManager.NPM,
                    useSeed && request.seed().isPresent(), warnings);
        }

        @Override
        public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void discard(SetReference set) {
            discardThreads.add(Thread.currentThread().getName());
            if (failDiscards.get()) {
                throw new IllegalStateException("engine unreachable");
            }
            discards.add(set.reference());
            held.remove(set);
        }

        @Override
        public Optional<List<SetReference>> heldSets() {
            return Optional.of(List.copyOf(held.keySet()));
        }
    }

    private DependencyStore store(VolumeBackend backend, CacheLimits limits) {
        DependencyStore store = new DependencyStore(root, limits, backend);
        store.recover();
        return store;
    }

    private DependencyStore store(VolumeBackend backend) {
        return store(backend, GENEROUS);
    }

    private static ProjectFiles project(String dependencies) {
        return ProjectFiles.fromMap(Map.of("package.json", "{ \"dependencies\": {" + dependencies + "} }"));
    }

    private static final ProjectFiles REACT = project("\"react\": \"19.2.0\"");
    private static final ProjectFiles ZOD = project("\"zod\": \"3.0.0\"");

    private static String key(ProjectFiles files) {
        return Fingerprints.dependencyKey(files, PackageManifest.read(files), "volume-backend");
    }

    private static DependencyStore.Lease acquire(DependencyStore store, ProjectFiles files) {
        return store.acquire(key(files), files, PackageManifest.read(files), CONTEXT, true);
    }

    @Test
    void acquire_newSet_requestCarriesTheKeyAndTheBackendsReferenceComesBackUnchanged() throws Exception {
        VolumeBackend backend = new VolumeBackend();
        String reference;
        try (DependencyStore.Lease installed = acquire(store(backend), REACT)) {
            reference = installed.set().id().reference();
            assertThat(backend.requests).singleElement().satisfies(request ->
                    assertThat(request.dependencyKey()).isEqualTo(key(REACT)));
            assertThat(installed.set().id()).isEqualTo(new SetReference(key(REACT), reference));
            assertThat(reference).startsWith("volume-");
        }

        try (DependencyStore.Lease reused = acquire(store(backend), REACT)) {
            assertThat(reused.decision().outcome()).isEqualTo(Outcome.REUSED);
            assertThat(reused.set().id().reference()).as("persisted in the marker").isEqualTo(reference);
        }
        assertThat(Files.readString(root.resolve(key(REACT) + ".json"))).contains(reference)
                .contains("\"bytes\":1000");
    }

    @Test
    void acquire_overTheLimitByReportedSizes_evictsAndDiscardsOffTheCallersThreadBeforeForgetting() throws Exception {
        VolumeBackend backend = new VolumeBackend();
        backend.reportedBytes = 700;  // the store's folders hold a few bytes; only the reported sizes count
        DependencyStore store = store(backend, new CacheLimits(1000, Duration.ofDays(1)));
        String first;
        try (DependencyStore.Lease lease = acquire(store, REACT)) {
            first = lease.set().id().reference();
        }

        try (DependencyStore.Lease ignored = acquire(store, ZOD)) {
            Waits.until(() -> backend.discards.contains(first),
                    "the evicted set is discarded");
        }

        assertThat(backend.discardThreads).allSatisfy(thread -> assertThat(thread).contains("release")
                .isNotEqualTo(Thread.currentThread().getName()));
        Waits.until(() -> !Files.exists(root.resolve(key(REACT))),
                "the evicted entry's folder is deleted");
        assertThat(root.resolve(key(REACT) + ".json")).doesNotExist();
        assertThat(backend.held.keySet()).extracting(SetReference::dependencyKey).containsExactly(key(ZOD));
    }

    @Test
    void recover_discardThatFailed_isTriedAgainAtTheNextStart() throws Exception {
        VolumeBackend backend = new VolumeBackend();
        backend.reportedBytes = 700;
        backend.failDiscards.set(true);
        DependencyStore store = store(backend, new CacheLimits(1000, Duration.ofDays(1)));
        acquire(store, REACT).close();
        acquire(store, ZOD).close();
        Waits.until(() -> backend.discardThreads.size() == 1,
                "a discard is tried");
        store.close(5);
        assertThat(root.resolve(key(REACT) + ".discard")).exists();
        assertThat(root.resolve(key(REACT))).as("kept until its set is released").isDirectory();

        backend.failDiscards.set(false);
        DependencyStore restarted = store(backend, new CacheLimits(1000, Duration.ofDays(1)));

        // At least once: the start-up reconcile may find the set still held and discard it too (discard is idempotent)
        Waits.until(() -> !backend.discards.isEmpty(), "the discard is tried again and succeeds");
        assertThat(backend.discards).as("only the evicted set").allMatch(reference -> reference.contains(
                key(REACT).substring(0, 8)));
        Waits.until(() -> !Files.exists(root.resolve(key(REACT) + ".discard")),
                "the discard marker is deleted");
        Waits.until(() -> !Files.exists(root.resolve(key(REACT))),  // deleted after the marker, on the same thread
                "the set's folder is deleted");
        restarted.close(5);
    }

    @Test
    void recover_crashBetweenInstallAndMarker_discardsTheSetNoEntryKnows() throws Exception {
        VolumeBackend backend = new VolumeBackend();
        SetReference orphan = new SetReference(key(ZOD), "volume-left-by-a-crash");
        backend.held.put(orphan, true);
        try (DependencyStore.Lease kept = acquire(store(backend), REACT)) {
            assertThat(backend.discards).containsExactly("volume-left-by-a-crash");
            assertThat(backend.held.keySet()).containsExactly(kept.set().id());
        }
    }

    @Test
    void recover_entryWhoseSetTheBackendNoLongerHas_isDroppedAndInstalledAgain() throws Exception {
        VolumeBackend backend = new VolumeBackend();
        acquire(store(backend), REACT).close();
        backend.held.clear();  // the engine lost the volume

        DependencyStore restarted = store(backend);
        assertThat(root.resolve(key(REACT) + ".json")).doesNotExist();
        try (DependencyStore.Lease again = acquire(restarted, REACT)) {
            assertThat(again.decision().outcome()).isEqualTo(Outcome.MISS);
            assertThat(backend.requests).hasSize(2);
        }
    }

    @Test
    void acquire_closeSetStored_offersItAsSeedButReportsSeededOnlyWhenTheBackendUsedIt() throws Exception {
        VolumeBackend backend = new VolumeBackend();
        DependencyStore store = store(backend);
        String base;
        try (DependencyStore.Lease lease = acquire(store, project("\"react\": \"19.2.0\", \"clsx\": \"2.1.1\""))) {
            base = lease.set().id().reference();
            assertThat(lease.decision().outcome()).isEqualTo(Outcome.MISS);
            assertThat(backend.requests.get(0).seed()).isEmpty();
        }

        try (DependencyStore.Lease ignoredSeed = acquire(store, project("\"react\": \"19.2.0\", \"zod\": \"3.0.0\""))) {
            backend.useSeed = true;
            try (DependencyStore.Lease usedSeed = acquire(store,
                    project("\"react\": \"19.2.0\", \"clsx\": \"2.1.1\", \"zod\": \"3.0.0\""))) {
                assertThat(backend.requests.get(1).seed()).hasValueSatisfying(seed ->
                        assertThat(seed.id().reference()).isEqualTo(base));
                assertThat(ignoredSeed.decision().outcome()).isEqualTo(Outcome.MISS);
                assertThat(usedSeed.decision().outcome()).isEqualTo(Outcome.SEEDED);
                assertThat(usedSeed.decision().reason()).contains("installed on top of a copy");
            }
        }
    }

    @Test
    void acquire_installWithWarnings_keepsThemWithTheSetAcrossReuseAndRestart() throws Exception {
        VolumeBackend backend = new VolumeBackend();
        backend.warnings = List.of(WARNING);
        try (DependencyStore.Lease installed = acquire(store(backend), REACT)) {
            assertThat(installed.warnings()).containsExactly(WARNING);
        }

        try (DependencyStore.Lease reused = acquire(store(backend), REACT)) {
            assertThat(reused.decision().outcome()).isEqualTo(Outcome.REUSED);
            assertThat(reused.warnings()).containsExactly(WARNING);
            assertThat(backend.requests).hasSize(1);
        }
    }
}
