package dev.previewkit.backend.localnpm;

import dev.previewkit.PackageManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The install command line for each package manager: lifecycle scripts off, no audit or funding noise, and a
 * frozen install only when a lockfile is present (a frozen install without one fails or, for npm, refuses).
 */
final class InstallCommand {
    private InstallCommand() {}

    /** The arguments after the executable. */
    static List<String> arguments(PackageManager manager, boolean lockfile) {
        List<String> args = new ArrayList<>();
        switch (manager) {
            case NPM -> {
                args.add(lockfile ? "ci" : "install");
                args.addAll(List.of("--ignore-scripts", "--no-audit", "--no-fund", "--no-update-notifier",
                        "--no-progress"));
            }
            case PNPM -> {
                args.addAll(List.of("install", "--ignore-scripts", "--reporter=append-only"));
                args.add(lockfile ? "--frozen-lockfile" : "--no-frozen-lockfile");
            }
            case YARN -> {
                args.addAll(List.of("install", "--ignore-scripts", "--non-interactive"));
                if (lockfile) {
                    args.add("--frozen-lockfile");
                }
            }
            case BUN -> {
                args.addAll(List.of("install", "--ignore-scripts", "--no-progress"));
                if (lockfile) {
                    args.add("--frozen-lockfile");
                }
            }
        }
        return List.copyOf(args);
    }
}
