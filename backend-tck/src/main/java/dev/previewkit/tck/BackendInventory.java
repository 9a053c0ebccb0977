package dev.previewkit.tck;

import dev.previewkit.spi.SetReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a backend still has running or stored, as the backend module sees it: the kit's only window on the
 * backend's side. The kit never looks at host processes itself; it asks this hook, so that a container backend
 * can answer with containers, a remote one with sandboxes, and a local one with its child processes.
 *
 * <p>Answers are scoped to one work directory of a {@link dev.previewkit.PreviewBuilder}: the kit gives every
 * builder its own backend from {@link BackendCompatibilityKit#createBackend()}, and some tests build in several
 * work directories. A backend that cannot tell work directories apart (containers found by a label) may answer
 * for everything it started in this test run, as long as tests run one at a time.
 *
 * <p>Called from the test thread, also after the builder (and with it the backend) was closed. Must be
 * thread-safe and quick (a few seconds at most).
 */
public interface BackendInventory {

    /**
     * What the backend still runs for builds in {@code workDirectory}: processes, containers, sandboxes, one
     * description each (such as {@code "4711 node node_modules/vite/bin/vite.js build"} or
     * {@code "container previewkit-build-3f2a"}); empty when nothing runs. The kit asserts that it is not empty
     * while a build is stalled, and that it becomes empty within a few seconds after a timeout or a cancel.
     */
    List<String> running(Path workDirectory);

    /**
     * The dependency sets the backend holds for {@code workDirectory}, as {@link SetReference}s with the
     * {@code dependencyKey} the core installed them for: volumes, snapshots, or, for a backend whose sets are the
     * core's own folders (the local backend), the sets in {@code workDirectory/dependencies}. The kit asserts
     * that a successful build's set is held, and that an evicted set is no longer held once it was discarded.
     */
    Set<SetReference> heldSets(Path workDirectory);

    /**
     * Removes {@code set} behind the core's back, as an operator or an expiry might (a volume deleted, a snapshot
     * gone), so that the kit can check that the core reconciles at the next start: the entry is dropped and the
     * set installed again. Returns {@code false} when the backend's sets cannot be lost that way, as the local
     * backend's, which are the core's own folders; the kit then skips that check. The default returns
     * {@code false}.
     */
    default boolean loseSet(Path workDirectory, SetReference set) {
        return false;
    }

    /**
     * For a backend whose sets are the core's own folders: the sets in {@code workDirectory/dependencies} that hold
     * {@code installed} (a path inside a set's folder that an install leaves, such as {@code node_modules}), each
     * named by its folder and {@code reference}.
     *
     * @throws UncheckedIOException when the store cannot be listed
     */
    static Set<SetReference> setsInStore(Path workDirectory, String installed, String reference) {
        Path store = workDirectory.resolve("dependencies");
        if (!Files.isDirectory(store)) {
            return Set.of();
        }
        try (Stream<Path> folders = Files.list(store)) {
            return folders.filter(folder -> !folder.getFileName().toString().startsWith("."))
                    .filter(folder -> Files.exists(folder.resolve(installed)))
                    .map(folder -> new SetReference(folder.getFileName().toString(), reference))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
