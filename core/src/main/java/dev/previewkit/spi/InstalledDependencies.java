package dev.previewkit.spi;

import dev.previewkit.PackageManager;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An installed dependency set, as returned by {@link BuildBackend#install}.
 *
 * @param location       where the backend keeps it (for the local backend, the folder holding
 *                       {@code node_modules})
 * @param packageManager the package manager that installed it
 */
public record InstalledDependencies(Path location, PackageManager packageManager) {
    public InstalledDependencies {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(packageManager, "packageManager");
    }
}
