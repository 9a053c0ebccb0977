package dev.previewkit.backend.localnpm;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds executables on a search path, the way a shell would, without running one. */
final class Executables {
    private Executables() {}

    /** The first executable regular file called {@code name} in the folders of {@code searchPath}. */
    static Optional<Path> find(String name, String searchPath) {
        for (String folder : searchPath.split(File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
