package dev.previewkit.spi;

import dev.previewkit.PackageManager;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A dependency set to install: a folder prepared by the core that holds the project's {@code package.json}
 * and lockfiles, and the package manager chosen for it.
 *
 * <p>The folder may already hold a {@code node_modules} and a resolved lockfile copied from the closest stored
 * set (hard-linked, so files are replaced, never written in place); an incremental install then only adds
 * the difference. The folder becomes the stored set once the install succeeds.
 *
 * @param directory      the folder to install into
 * @param packageManager the package manager to use
 * @param lockfile       whether a lockfile of that manager is present (enables a frozen install)
 */
public record DependencyRequest(Path directory, PackageManager packageManager, boolean lockfile) {
    public DependencyRequest {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(packageManager, "packageManager");
    }
}
