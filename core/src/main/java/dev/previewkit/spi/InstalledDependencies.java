package dev.previewkit.spi;

import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import java.util.List;
import java.util.Objects;

/**
 * What {@link BuildBackend#install} made: the backend's reference to the new set, its size, and how it came
 * to be.
 *
 * @param reference      the backend's name for the set (a folder name, a volume name, a snapshot id): opaque to the
 *                       core, which persists it and hands it back in {@link DependencySet} and {@link SetReference}
 * @param bytes          how much the set takes where it lives; the core bounds its dependency store by the sum of
 *                       these
 * @param packageManager the package manager that really installed it, which may differ from the one requested
 * @param seeded         whether the install started from the request's seed; the core reports the set as
 *                       {@link dev.previewkit.CacheDecision.Outcome#SEEDED} only then
 * @param warnings       what the project should know about how it was installed, such as a lockfile that did
 *                       not match {@code package.json} or a package manager that was replaced by npm; the core
 *                       keeps them with the stored set and reports them in every result that uses it
 */
public record InstalledDependencies(String reference, long bytes, PackageManager packageManager, boolean seeded,
        List<Diagnostic> warnings) {
    public InstalledDependencies {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(packageManager, "packageManager");
        if (reference.isBlank() || bytes < 0) {
            throw new IllegalArgumentException("a set needs a reference and a size of at least 0: '" + reference
                    + "', " + bytes);
        }
        warnings = List.copyOf(warnings);
    }
}
