package dev.previewkit.spi;

import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An installed dependency set, as returned by {@link BuildBackend#install}.
 *
 * @param location       where the backend keeps it (for the local backend, the folder holding
 *                       {@code node_modules})
 * @param packageManager the package manager that really installed it, which may differ from the one requested
 * @param seeded         whether the install started from a copy of the request's seed; the core reports the
 *                       set as {@link dev.previewkit.CacheDecision.Outcome#SEEDED} only then
 * @param warnings       what the project should know about how it was installed, such as a lockfile that did
 *                       not match {@code package.json} or a package manager that was replaced by npm; the core
 *                       keeps them with the stored set and reports them in every result that uses it
 */
public record InstalledDependencies(Path location, PackageManager packageManager, boolean seeded,
        List<Diagnostic> warnings) {
    public InstalledDependencies {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(packageManager, "packageManager");
        warnings = List.copyOf(warnings);
    }

    /** A set installed from scratch, with nothing to report. */
    public InstalledDependencies(Path location, PackageManager packageManager) {
        this(location, packageManager, false, List.of());
    }
}
