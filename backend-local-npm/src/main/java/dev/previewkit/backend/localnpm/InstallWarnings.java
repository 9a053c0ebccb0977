package dev.previewkit.backend.localnpm;

import dev.previewkit.BuildPhase;
import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The warnings an install reports about how it had to be done, as {@link Diagnostic}s of the install phase. */
final class InstallWarnings {
    /** The lockfile did not match package.json and was resolved again. */
    static final String OUT_OF_STEP = "LOCKFILE_OUT_OF_STEP";
    /** The project's package manager is missing, and npm installed instead. */
    static final String REPLACED_BY_NPM = "PACKAGE_MANAGER_MISSING";
    private static final int LISTED = 5;

    private InstallWarnings() {}

    /**
     * A lockfile that did not match {@code package.json}, with what differs (or the packages the package
     * manager named), installed by a resolving install instead of a frozen one.
     */
    static Diagnostic outOfStep(String lockfile, List<String> differences, String resolvedBy) {
        String listed = differences.isEmpty() ? "" : " (" + firstFew(differences) + ")";
        return warning(OUT_OF_STEP, lockfile, lockfile + " does not match package.json" + listed
                + ": installed with " + resolvedBy + ", which keeps every locked version that still fits");
    }

    /** A package manager that is not installed, replaced by npm; {@code how} says what npm installed from. */
    static Diagnostic replacedByNpm(PackageManager manager, String lockfile, String how) {
        return warning(REPLACED_BY_NPM, lockfile, lockfile + " belongs to " + manager.command() + ", which is not"
                + " installed here: installed with npm " + how);
    }

    /** The first few items, then how many more there are, in one phrase. */
    static String firstFew(List<String> items) {
        String listed = String.join("; ", items.subList(0, Math.min(LISTED, items.size())));
        return items.size() > LISTED ? listed + "; and " + (items.size() - LISTED) + " more" : listed;
    }

    private static Diagnostic warning(String code, String file, String message) {
        return new Diagnostic(BuildPhase.INSTALL, Diagnostic.Severity.WARNING, Optional.of(file), OptionalInt.empty(),
                OptionalInt.empty(), Optional.of(code), message, Optional.empty());
    }
}
