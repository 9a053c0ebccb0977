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
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.testing.RecordingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dependency store with a backend that writes a file instead of running a package manager. */
class DependencyStoreTest {
    private static final CacheLimits GENEROUS = new CacheLimits(1L << 30, Duration.ofDays(1));
    private static final Diagnostic WARNING = new Diagnostic(BuildPhase.INSTALL, Diagnostic.Severity.WARNING,
            Optional.of("package-lock.json"), OptionalInt.empty(), OptionalInt.empty(),
            Optional.of("LOCKFILE_OUT_OF_STEP"), "package-lock.json does not match package.json", Optional.empty());

    @TempDir
    Path root;

    /** Installs by writing {@code installed.txt}; says it seeded when told to and a seed was offered. */
    private static final class FileBackend implements BuildBackend {
        final List<DependencyRequest> requests = new CopyOnWriteArrayList<>();
        volatile boolean useSeed;
        volatile List<Diagnostic> warnings = List.of();

        @Override
        public String id() {
            return "file-backend";
        }

        @Override
        public BackendCapabilities capabilities() {
            return new BackendCapabilities(BackendCapabilities.Isolation.PROCESS, false);
        }

        @Override
        public Availability probe() {
            return Availability.available("always");
        }

        @Override
        public InstalledDependencies install(DependencyRequest request, BuildContext context) {
            requests.add(request);
            try {
                Files.writeString(request.directory().resolve("installed.txt"), "installed");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new InstalledDependencies(request.directory(), PackageManager.NPM,
                    useSeed && request.seed().isPresent(), warnings);
        }

        @Override
        public BuildOutput build(BuildRequest request, InstalledDependencies dependencies, BuildContext context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void discard(InstalledDependencies dependencies) {}
    }

    private static final BuildContext CONTEXT = new RecordingContext(BuildPhase.INSTALL,
            Path.of(System.getProperty("java.io.tmpdir")));

    private DependencyStore store(FileBackend backend) {
        DependencyStore store = new DependencyStore(root, GENEROUS, backend);
        store.recover();
        return store;
    }

    private static ProjectFiles project(String dependencies) {
        return ProjectFiles.fromMap(Map.of("package.json", "{ \"dependencies\": {" + dependencies + "} }"));
    }

    private static DependencyStore.Lease acquire(DependencyStore store, ProjectFiles files) {
        PackageManifest manifest = PackageManifest.read(files);
        return store.acquire(Fingerprints.dependencyKey(files, manifest, "file-backend"), files, manifest, CONTEXT);
    }

    @Test
    void acquire_closeSetStored_offersItAsSeedButReportsSeededOnlyWhenTheBackendUsedIt() {
        FileBackend backend = new FileBackend();
        DependencyStore store = store(backend);
        ProjectFiles first = project("\"react\": \"19.2.0\", \"clsx\": \"2.1.1\"");
        try (DependencyStore.Lease base = acquire(store, first)) {
            assertThat(base.decision().outcome()).isEqualTo(Outcome.MISS);
            assertThat(backend.requests.get(0).seed()).isEmpty();
        }

        try (DependencyStore.Lease ignoredSeed = acquire(store, project("\"react\": \"19.2.0\", \"zod\": \"3.0.0\""));
                DependencyStore.Lease usedSeed = seeded(backend, store)) {
            assertThat(backend.requests.get(1).seed()).hasValueSatisfying(seed ->
                    assertThat(seed.resolve("installed.txt")).exists());
            assertThat(ignoredSeed.decision().outcome()).isEqualTo(Outcome.MISS);
            assertThat(usedSeed.decision().outcome()).isEqualTo(Outcome.SEEDED);
            assertThat(usedSeed.decision().reason()).contains("installed on top of a copy");
        }
    }

    private static DependencyStore.Lease seeded(FileBackend backend, DependencyStore store) {
        backend.useSeed = true;
        return acquire(store, project("\"react\": \"19.2.0\", \"clsx\": \"2.1.1\", \"zod\": \"3.0.0\""));
    }

    @Test
    void acquire_installWithWarnings_keepsThemWithTheSetAcrossReuseAndRestart() {
        FileBackend backend = new FileBackend();
        backend.warnings = List.of(WARNING);
        ProjectFiles files = project("\"react\": \"19.2.0\"");
        try (DependencyStore.Lease installed = acquire(store(backend), files)) {
            assertThat(installed.warnings()).containsExactly(WARNING);
        }

        FileBackend restarted = new FileBackend();
        try (DependencyStore.Lease reused = acquire(store(restarted), files)) {
            assertThat(reused.decision().outcome()).isEqualTo(Outcome.REUSED);
            assertThat(reused.warnings()).containsExactly(WARNING);
            assertThat(restarted.requests).isEmpty();
        }
    }
}
