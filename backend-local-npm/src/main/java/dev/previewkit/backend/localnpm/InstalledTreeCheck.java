package dev.previewkit.backend.localnpm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an installed {@code node_modules} against a lockfile before it is stored: every package the lockfile
 * requires is installed at its folder with the locked version (read from the package's own
 * {@code package.json}), npm's record of the install (its hidden lockfile) has the locked version and integrity
 * for it, and nothing is installed that the lockfile does not name. Optional packages may be missing.
 *
 * <p>This catches a tree that started from a copy of another set and was not brought fully in step, for
 * example because a copied file was changed in the store.
 */
final class InstalledTreeCheck {

    private InstalledTreeCheck() {}

    /** Problems found in {@code directory/node_modules} against {@code lockfile}; empty when it matches. */
    static List<String> problems(Path directory, NpmLockfile lockfile) {
        Optional<NpmLockfile> hidden = NpmLockfile.read(directory.resolve(NpmLockfile.HIDDEN));
        if (hidden.isEmpty()) {
            return List.of("npm left no record of the install (" + NpmLockfile.HIDDEN + ")");
        }
        Map<String, NpmLockfile.Locked> installed = hidden.get().packages();
        List<String> problems = new ArrayList<>();
        lockfile.packages().forEach((folder, locked) -> {
            NpmLockfile.Locked recorded = installed.get(folder);
            if (recorded == null) {
                if (!locked.optional()) {
                    problems.add(folder + " is missing");
                }
                return;
            }
            if (!recorded.version().equals(locked.version())) {
                problems.add(folder + " is recorded as " + recorded.version() + ", locked " + locked.version());
            } else if (locked.integrity().isPresent() && recorded.integrity().isPresent()
                    && !locked.integrity().equals(recorded.integrity())) {
                problems.add(folder + " " + locked.version() + " has another integrity than the locked one");
            }
            String actual = versionOnDisk(directory.resolve(folder));
            if (!locked.version().equals(actual)) {
                problems.add(folder + " is installed as " + actual + ", locked " + locked.version());
            }
        });
        installed.keySet().stream().filter(folder -> !lockfile.packages().containsKey(folder))
                .forEach(folder -> problems.add(folder + " is installed but not in the lockfile"));
        return problems;
    }

    private static String versionOnDisk(Path packageFolder) {
        try {
            return PackageFiles.read(packageFolder.resolve("package.json")).path("version")
                    .asText("no version");
        } catch (IOException e) {
            return "nothing";
        }
    }
}
