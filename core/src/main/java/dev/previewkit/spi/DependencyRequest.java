package dev.previewkit.spi;

import dev.previewkit.PackageManager;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A dependency set to install: a folder prepared by the core that holds the project's {@code package.json}
 * and lockfile, and the package manager chosen for it.
 *
 * @param directory      the manifest folder; the backend may install into it
 * @param packageManager the package manager to use
 * @param lockfile       whether a lockfile of that manager is present (enables a frozen install)
 */
public record DependencyRequest(Path directory, PackageManager packageManager, boolean lockfile) {
    public DependencyRequest {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(packageManager, "packageManager");
    }
}
