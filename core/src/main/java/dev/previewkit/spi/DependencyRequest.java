package dev.previewkit.spi;

import dev.previewkit.PackageManager;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A dependency set to install: a folder prepared by the core that holds the project's {@code package.json}
 * and lockfiles, the package manager chosen for it, and a hint to start from.
 *
 * <p>The folder becomes the stored set once the install succeeds.
 *
 * @param directory      the folder to install into
 * @param packageManager the package manager chosen from the project ({@code packageManager} field, then
 *                       lockfile, else npm); the backend may use another one when that one is missing, and says
 *                       so in {@link InstalledDependencies}
 * @param lockfile       whether a lockfile of that manager is present (enables a frozen install)
 * @param seed           the folder of the stored set of this backend that has the most packages in common with
 *                       this one, if any: the backend may start from a copy of it so that the install only
 *                       changes the difference. Its files are shared with a stored set and must never be
 *                       written, only replaced (hard links are fine, in-place edits are not)
 */
public record DependencyRequest(Path directory, PackageManager packageManager, boolean lockfile,
        Optional<Path> seed) {
    public DependencyRequest {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(packageManager, "packageManager");
        Objects.requireNonNull(seed, "seed");
    }

    /** A request without a seed. */
    public DependencyRequest(Path directory, PackageManager packageManager, boolean lockfile) {
        this(directory, packageManager, lockfile, Optional.empty());
    }
}
