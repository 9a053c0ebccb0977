package dev.previewkit.tck;

import dev.previewkit.ProjectFiles;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.SetReference;
import dev.previewkit.testing.InMemoryBackend;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kit against the core's in-memory backend: no Node, builds simulated, so the checks that need real Vite are
 * skipped by {@link #runsVite()}; everything about stores, timeouts, cancellation, limits and concurrency runs.
 */
class InMemoryBackendCompatibilityTest extends BackendCompatibilityKit {
    private final List<InMemoryBackend> created = new CopyOnWriteArrayList<>();

    @Override
    protected BuildBackend createBackend() {
        InMemoryBackend backend = InMemoryBackend.builder()
                .failInstallOf(Fixtures.MISSING_PACKAGE)
                .stallNotice(Fixtures.STALLED)
                .build();
        created.add(backend);
        return backend;
    }

    @Override
    protected BackendInventory inventory() {
        return new BackendInventory() {
            @Override
            public List<String> running(Path workDirectory) {
                return created.stream().flatMap(backend -> backend.running().stream()).toList();
            }

            @Override
            public Set<SetReference> heldSets(Path workDirectory) {
                return BackendInventory.setsInStore(workDirectory, InMemoryBackend.INSTALLED_MARKER, "in-memory");
            }
        };
    }

    @Override
    protected boolean runsVite() {
        return false;
    }

    @Override
    protected ProjectFiles projectWithSyntaxError() {
        return marked(InMemoryBackend.BUILD_ERROR);
    }

    @Override
    protected ProjectFiles projectWithTypeError() {
        return marked(InMemoryBackend.TYPE_ERROR);
    }

    @Override
    protected ProjectFiles projectStalledInInstall(URI neverAnswering) {
        return Fixtures.reactAppWith(Map.of("package.json", Fixtures.packageJson("").replace("\"clsx\": \"2.1.1\"",
                "\"clsx\": \"2.1.1\", \"" + InMemoryBackend.STALL_PACKAGE + "\": \"1.0.0\"")
                .replace("\"name\": \"fixture\"", "\"name\": \"stall-" + UUID.randomUUID() + "\"")));
    }

    @Override
    protected ProjectFiles projectStalledInBuild(boolean printing) {
        return marked(printing ? InMemoryBackend.STALL_PRINTING : InMemoryBackend.STALL);
    }

    /** The fixture app with {@code marker} on the second line of {@link Fixtures#BROKEN_FILE}, unique per call. */
    private static ProjectFiles marked(String marker) {
        return Fixtures.reactAppWith(Map.of(Fixtures.BROKEN_FILE, """
                export function Greeting() {
                  // %s
                  return <p>%s</p>;
                }
                """.formatted(marker, UUID.randomUUID())));
    }
}
