package dev.previewkit.backend.localnpm;

import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import dev.previewkit.PackageManager;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Provides bun, pnpm and yarn (classic) from the npm registry when the host lacks them: the manager's own npm
 * package is installed once per version with npm into a tools folder ({@code <folder>/<manager>@<version>}),
 * without install scripts, and kept there for later builds. bun's npm package carries its binary in a
 * platform package ({@code @oven/bun-linux-x64}), which is run directly.
 *
 * <p>Thread-safe: concurrent requests for one version in this process wait for one install; processes sharing
 * the folder each install into a private folder and the first rename wins.
 */
final class ManagerProvisioner {
    /** Versions used when the project's {@code packageManager} field names none. */
    static final Map<PackageManager, String> DEFAULT_VERSIONS = Map.of(
            PackageManager.BUN, "1.4.5",
            PackageManager.PNPM, "10.34.8",
            PackageManager.YARN, "1.22.22");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?");

    private final Path folder;
    private final ProcessLauncher launcher;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    ManagerProvisioner(Path folder, ProcessLauncher launcher) {
        this.launcher = launcher;
        this.folder = folder;
    }

    /**
     * The version to provision: the one the {@code packageManager} field pins (such as {@code pnpm@9.12.0},
     * a {@code +sha...} suffix ignored), else the default; empty for a manager this class cannot provide (npm,
     * or yarn 2 and later, which are not published as the {@code yarn} package).
     */
    static Optional<String> version(PackageManager manager, Optional<String> packageManagerField) {
        if (manager == PackageManager.NPM) {
            return Optional.empty();
        }
        Optional<String> pinned = packageManagerField
                .filter(field -> field.startsWith(manager.command() + "@"))
                .map(field -> field.substring(manager.command().length() + 1).split("\\+", 2)[0])
                .filter(version -> VERSION.matcher(version).matches());
        if (manager == PackageManager.YARN && pinned.filter(version -> !version.startsWith("1.")).isPresent()) {
            return Optional.empty();
        }
        return pinned.or(() -> Optional.of(DEFAULT_VERSIONS.get(manager)));
    }

    /**
     * The executable of {@code manager} at {@code version}, installed now with {@code npm} if it is not yet.
     *
     * @throws StepFailedException when the install fails, times out or is cancelled, or installs no executable
     */
    Path provide(PackageManager manager, String version, Path npm, Map<String, String> environment,
            BuildContext context) {
        String name = manager.command() + "@" + version;
        Path home = folder.resolve(name);
        synchronized (locks.computeIfAbsent(name, key -> new Object())) {
            Optional<Path> ready = executable(manager, home);
            if (ready.isPresent()) {
                return ready.get();
            }
            context.output(OutputLine.Stream.STDERR, "[previewkit] provisioning " + name + " from the npm registry"
                    + " into " + home);
            Path staging = folder.resolve("." + name + "-" + UUID.randomUUID());
            try {
                Files.createDirectories(staging);
                int exit = launcher.launch(Launch.builder(List.of(npm.toString(), "install", "--prefix",
                        staging.toString(), "--ignore-scripts", "--no-audit", "--no-fund", "--no-save",
                        "--no-package-lock", "--no-update-notifier", "--no-progress", name))
                        .directory(staging).environment(environment).build(), context);
                if (exit != 0) {
                    throw new StepFailedException(BuildStatus.FAILED, "Cannot provision " + name
                            + " from the npm registry: npm install exited with code " + exit);
                }
                executable(manager, staging).orElseThrow(() -> new StepFailedException(BuildStatus.FAILED,
                        "Provisioning " + name + " installed no executable for this platform"));
                try {
                    Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (!Files.isDirectory(home)) {
                        throw e;  // not a race lost to another process
                    }
                }
                return executable(manager, home).orElseThrow();
            } catch (IOException e) {
                throw new StepFailedException(BuildStatus.FAILED, "Cannot provision " + name + " into " + folder
                        + ": " + e.getMessage());
            } finally {
                Folders.deleteQuietly(staging);
            }
        }
    }

    /** bun's platform binary, or the manager's entry in {@code node_modules/.bin}. */
    private static Optional<Path> executable(PackageManager manager, Path home) {
        Path modules = home.resolve("node_modules");
        if (manager != PackageManager.BUN) {
            Path bin = modules.resolve(".bin").resolve(manager.command());
            return Files.isExecutable(bin) ? Optional.of(bin) : Optional.empty();
        }
        Path platforms = modules.resolve("@oven");
        if (!Files.isDirectory(platforms)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(platforms, "bun-*")) {
            List<Path> binaries = new ArrayList<>();
            candidates.forEach(candidate -> binaries.add(candidate.resolve("bin/bun")));
            return binaries.stream().filter(Files::isExecutable).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
