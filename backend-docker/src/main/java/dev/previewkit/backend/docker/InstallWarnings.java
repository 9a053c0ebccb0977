package dev.previewkit.backend.docker;

import dev.previewkit.BuildPhase;
import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** The warnings a Docker install reports about how it had to be done, as {@link Diagnostic}s of the install phase. */
final class InstallWarnings {
    /** What {@code npm ci} prints when it refuses a lockfile that does not match {@code package.json}. */
    static final Pattern NPM_CI_REFUSAL = Pattern.compile("`npm ci` can only install packages when your package\\.json"
            + " and package-lock\\.json");

    private InstallWarnings() {}

    /** package-lock.json did not match package.json, and {@code npm install} resolved again. */
    static Diagnostic outOfStep() {
        return warning("LOCKFILE_OUT_OF_STEP", "package-lock.json", "package-lock.json does not match package.json:"
                + " installed with npm install, which keeps every locked version that still fits");
    }

    /** The project asked for another package manager, which this backend does not run. */
    static Diagnostic replacedByNpm(PackageManager manager) {
        return warning("PACKAGE_MANAGER_MISSING", "package.json", "The project asks for " + manager.command()
                + ", which the Docker backend does not run: installed with npm");
    }

    private static Diagnostic warning(String code, String file, String message) {
        return new Diagnostic(BuildPhase.INSTALL, Diagnostic.Severity.WARNING, Optional.of(file), OptionalInt.empty(),
                OptionalInt.empty(), Optional.of(code), message, Optional.empty());
    }
}
