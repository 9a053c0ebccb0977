package dev.previewkit.spi;

import dev.previewkit.PackageManager;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored dependency set, as the core hands it back to the backend that installed it, for a build, a type
 * check or as a seed.
 *
 * @param id             the key it was installed for and the backend's reference to it
 * @param packageManager the package manager that installed it
 * @param folder         the host folder the core keeps for the set (for a backend whose sets live on this host,
 *                       such as the local backend, the set itself); read it, never write it: builds share it
 */
public record DependencySet(SetReference id, PackageManager packageManager, Optional<Path> folder) {
    public DependencySet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(packageManager, "packageManager");
        Objects.requireNonNull(folder, "folder");
    }
}
