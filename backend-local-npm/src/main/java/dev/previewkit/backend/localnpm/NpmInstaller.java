package dev.previewkit.backend.localnpm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.BuildStatus;
import dev.previewkit.Diagnostic;
import dev.previewkit.OutputLine;
import dev.previewkit.PackageManager;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Installs one dependency set with npm, as fast as the project allows and never from a lockfile that lies:
 *
 * <ul>
 *   <li>A lockfile in step with {@code package.json}, and a similar stored set offered as a seed: start from a
 *       hard-linked copy of the seed's {@code node_modules}, let {@code npm install} change only the difference
 *       (it keeps the lockfile's versions), then check the tree against the lockfile (versions and integrity)
 *       and install from scratch with {@code npm ci} if it does not match.
 *   <li>A lockfile in step and no seed: {@code npm ci}.
 *   <li>A lockfile out of step (it was written for other dependencies, or the doctor added some), or one that
 *       {@code npm ci} refuses: {@code npm install}, which starts from the lockfile and keeps every locked
 *       version that still fits, with a warning naming the packages that differ.
 *   <li>No lockfile: {@code npm install}, seeded (with the seed's lockfile, so shared packages keep their
 *       versions) when there is a seed.
 * </ul>
 *
 * <p>Lifecycle scripts never run. One instance per install; not thread-safe.
 */
final class NpmInstaller {
    /** No scripts, no noise, and packages from npm's cache without asking the registry whether they changed. */
    private static final List<String> QUIET = List.of("--ignore-scripts", "--no-audit", "--no-fund",
            "--no-update-notifier", "--no-progress", "--prefer-offline");

    private final Path npm;
    private final ProcessLauncher launcher;
    private final Map<String, String> environment;
    private final BuildContext context;
    private final Path directory;
    private final Optional<Path> seed;
    private final List<Diagnostic> warnings;

    NpmInstaller(Path npm, ProcessLauncher launcher, Map<String, String> environment, BuildContext context,
            DependencyRequest request, List<Diagnostic> warnings) {
        this.npm = npm;
        this.launcher = launcher;
        this.environment = environment;
        this.context = context;
        this.directory = request.directory();
        this.seed = request.seed().flatMap(DependencySet::folder)
                .filter(folder -> Files.isRegularFile(folder.resolve(NpmLockfile.HIDDEN)));
        this.warnings = new ArrayList<>(warnings);
    }

    /**
     * Installs into the request's folder.
     *
     * @throws StepFailedException when npm fails, times out or the build is cancelled
     */
    InstalledDependencies install() {
        try {
            Optional<NpmLockfile> lockfile = NpmLockfile.read(directory.resolve(NpmLockfile.FILE));
            if (lockfile.isEmpty()) {
                return resolving();
            }
            List<String> differences = lockfile.get().differencesFrom(
                    PackageFiles.read(directory.resolve("package.json")));
            if (!differences.isEmpty()) {
                warnings.add(InstallWarnings.outOfStep(NpmLockfile.FILE, differences, "npm install"));
                return resolving();
            }
            if (seed.isPresent() && seededInstallMatches(lockfile)) {
                return installed(true);
            }
            return frozen();
        } catch (IOException e) {
            throw new StepFailedException(BuildStatus.FAILED, "Cannot prepare the npm install in " + directory
                    + ": " + e.getMessage());
        }
    }

    /** {@code npm ci}; when it refuses the lockfile as out of step, a resolving install instead. */
    private InstalledDependencies frozen() throws IOException {
        Run ci = npm("ci");
        if (ci.exit() == 0) {
            return installed(false);
        }
        Optional<List<String>> refused = LockfileRefusal.in(PackageManager.NPM, ci.lines());
        if (refused.isEmpty()) {
            requireSuccess(ci, "ci");
        }
        warnings.add(InstallWarnings.outOfStep(NpmLockfile.FILE, refused.get().stream()
                .map(name -> name + " is missing from the lockfile or locked at a version that does not fit")
                .toList(), "npm install"));
        Folders.delete(directory.resolve("node_modules"));
        return resolving();
    }

    /**
     * Copies the seed, lets npm install the difference and checks the result against {@code expected} (the
     * project's lockfile), or against the lockfile npm wrote when the project's was out of step or missing; on a
     * mismatch restores the folder to what the core prepared and returns false.
     */
    private boolean seededInstallMatches(Optional<NpmLockfile> expected) throws IOException {
        Path lockfile = directory.resolve(NpmLockfile.FILE);
        Optional<byte[]> original = Files.isRegularFile(lockfile) ? Optional.of(Files.readAllBytes(lockfile))
                : Optional.empty();
        copySeed(original.isEmpty());
        requireSuccess(npm("install"), "install");
        List<String> problems = expected.or(() -> NpmLockfile.read(lockfile))
                .map(locked -> InstalledTreeCheck.problems(directory, locked))
                .orElse(List.of("npm wrote no " + NpmLockfile.FILE));
        if (problems.isEmpty()) {
            return true;
        }
        context.output(OutputLine.Stream.STDERR, "[previewkit] the install started from a similar set does not"
                + " match " + (expected.isPresent() ? NpmLockfile.FILE : "the lockfile npm wrote") + " ("
                + InstallWarnings.firstFew(problems) + "); installing from scratch");
        Folders.delete(directory.resolve("node_modules"));
        if (original.isPresent()) {
            Files.write(lockfile, original.get());
        } else {
            Files.deleteIfExists(lockfile);
        }
        return false;
    }

    /** {@code npm install}, from the seed when there is one and the seeded tree checks out. */
    private InstalledDependencies resolving() throws IOException {
        if (seed.isPresent() && seededInstallMatches(Optional.empty())) {
            return installed(true);
        }
        requireSuccess(npm("install"), "install");
        return installed(false);
    }

    /**
     * Hard-links the seed's {@code node_modules} into the folder, and its lockfile when the project has none.
     * npm's hidden lockfile is stamped last, so npm trusts it instead of reading every package again.
     */
    private void copySeed(boolean withLockfile) throws IOException {
        Path from = seed.orElseThrow();
        Path modules = directory.resolve("node_modules");
        HardLinkTree.copy(from.resolve("node_modules"), modules);
        Files.setLastModifiedTime(directory.resolve(NpmLockfile.HIDDEN), FileTime.fromMillis(System.currentTimeMillis()));
        Path seedLockfile = from.resolve(NpmLockfile.FILE);
        if (withLockfile && Files.isRegularFile(seedLockfile)) {
            Files.copy(seedLockfile, directory.resolve(NpmLockfile.FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        context.output(OutputLine.Stream.STDERR, "[previewkit] starting from a copy of the similar set " + from.getFileName());
    }

    /** How one npm command ended, and the last lines it printed. */
    private record Run(int exit, List<String> lines) {}

    private Run npm(String command) {
        List<String> line = new ArrayList<>(List.of(npm.toString(), command));
        line.addAll(QUIET);
        CapturingContext capturing = new CapturingContext(context);
        int exit = launcher.launch(Launch.builder(line).directory(directory).environment(environment).build(),
                capturing);
        return new Run(exit, capturing.lines());
    }

    /**
     * Returns when npm succeeded.
     *
     * @throws StepFailedException INFRASTRUCTURE_FAILURE (retryable) when npm could not reach the registry,
     *     FAILED otherwise
     */
    private static void requireSuccess(Run run, String command) {
        if (run.exit() == 0) {
            return;
        }
        Optional<String> unreachable = RegistryFault.in(run.lines());
        if (unreachable.isPresent()) {
            throw StepFailedException.infrastructure("npm " + command + " could not reach the package registry ("
                    + unreachable.get() + "): not the project's fault, and worth trying again", null, true);
        }
        throw new StepFailedException(BuildStatus.FAILED, "npm " + command + " exited with code " + run.exit());
    }

    private InstalledDependencies installed(boolean seeded) {
        return LocalNpmBackend.installed(directory, PackageManager.NPM, seeded, warnings);
    }
}
