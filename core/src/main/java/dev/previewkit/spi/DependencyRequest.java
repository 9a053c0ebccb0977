package dev.previewkit.spi;

import dev.previewkit.PackageManager;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A dependency set to install: its key, a folder prepared by the core that holds the project's
 * {@code package.json}, lockfiles and allowed {@code .npmrc} settings, the package manager chosen for it, and a
 * seed to start from.
 *
 * <p>The folder is the set's host folder once the install succeeds (see {@link DependencySet#folder()}); a
 * backend whose sets live elsewhere only reads the install files from it.
 *
 * @param dependencyKey  the set's key: a backend may name the set after it (a volume {@code previewkit-<key>})
 * @param directory      the folder with the install files, and the set's host folder
 * @param packageManager the package manager chosen from the project ({@code packageManager} field, then
 *                       lockfile, else npm); the backend may use another one when that one is missing, and says
 *                       so in {@link InstalledDependencies}
 * @param lockfile       whether a lockfile of that manager is present (enables a frozen install)
 * @param seed           the stored set of this backend that has the most packages in common with this one, if
 *                       any: a hint the backend may use to install only the difference, held in place while the
 *                       install runs. Its files are shared with a stored set and must never be written
 */
public record DependencyRequest(String dependencyKey, Path directory, PackageManager packageManager, boolean lockfile,
        Optional<DependencySet> seed) {
    public DependencyRequest {
        Objects.requireNonNull(dependencyKey, "dependencyKey");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(packageManager, "packageManager");
        Objects.requireNonNull(seed, "seed");
    }
}
