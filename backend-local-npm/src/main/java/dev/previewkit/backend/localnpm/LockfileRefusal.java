package dev.previewkit.backend.localnpm;

import dev.previewkit.PackageManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a frozen install that refused because the lockfile does not match {@code package.json}, from what
 * the package manager printed, and the packages it named. Other failures (a package that does not exist, the
 * network) are not refusals: installing again without the lockfile would not help them.
 */
final class LockfileRefusal {
    /** npm ci: {@code Missing: x@1.0.0 from lock file}, {@code Invalid: lock file's x@1.0.0 does not satisfy x@2}. */
    private static final Pattern NPM_NAMED = Pattern.compile(
            "(?:Missing: (\\S+?)@\\S* from lock file|Invalid: lock file's (\\S+?)@\\S+ does not satisfy .*)");
    private static final Pattern NPM = Pattern.compile("`npm ci` can only install packages when your package\\.json"
            + " and package-lock\\.json");
    private static final Pattern PNPM = Pattern.compile("ERR_PNPM_OUTDATED_LOCKFILE|ERR_PNPM_LOCKFILE_CONFIG_MISMATCH");
    private static final Pattern YARN = Pattern.compile("Your lockfile needs to be updated");
    private static final Pattern BUN = Pattern.compile("lockfile had changes, but lockfile is frozen");

    private LockfileRefusal() {}

    /**
     * The packages a refusal named (possibly none), or empty when the output shows no lockfile refusal.
     */
    static Optional<List<String>> in(PackageManager manager, List<String> output) {
        Pattern refusal = switch (manager) {
            case NPM -> NPM;
            case PNPM -> PNPM;
            case YARN -> YARN;
            case BUN -> BUN;
        };
        if (output.stream().noneMatch(line -> refusal.matcher(line).find())) {
            return Optional.empty();
        }
        List<String> named = new ArrayList<>();
        for (String line : output) {
            Matcher matcher = NPM_NAMED.matcher(line);
            if (matcher.find()) {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                if (!named.contains(name)) {
                    named.add(name);
                }
            }
        }
        return Optional.of(List.copyOf(named));
    }
}
