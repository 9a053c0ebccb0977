package dev.previewkit.backend.localnpm;

import dev.previewkit.spi.SetReference;
import dev.previewkit.tck.BackendInventory;
import dev.previewkit.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the local backend still runs and holds for a work directory, found on this host: its processes are the
 * live (non-zombie) ones whose working directory or command line lies in the work directory (npm runs in the
 * store's staging folder, Vite and whatever a config spawns in the build's workspace, and a re-parented
 * grandchild keeps its working directory); its sets are the {@code node_modules} folders of the core's store
 * in {@code workDirectory/dependencies}. Linux only ({@code /proc}).
 */
final class LocalNpmInventory implements BackendInventory {

    @Override
    public List<String> running(Path workDirectory) {
        String folder = workDirectory.toAbsolutePath().toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(handle -> handle.pid() != self)
                .filter(Processes::isRunning)
                .filter(handle -> workingDirectory(handle).map(cwd -> cwd.startsWith(folder)).orElse(false)
                        || handle.info().commandLine().map(line -> line.contains(folder)).orElse(false))
                .map(handle -> handle.pid() + " " + handle.info().commandLine().orElse("?"))
                .toList();
    }

    @Override
    public Set<SetReference> heldSets(Path workDirectory) {
        return BackendInventory.setsInStore(workDirectory, LocalNpmBackend.SET_REFERENCE, LocalNpmBackend.SET_REFERENCE);
    }

    private static Optional<String> workingDirectory(ProcessHandle handle) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(handle.pid()), "cwd"))
                    .toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();  // gone, or not ours to read
        }
    }
}
