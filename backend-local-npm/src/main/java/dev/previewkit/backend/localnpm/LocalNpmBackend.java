package dev.previewkit.backend.localnpm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildStatus;
import dev.previewkit.Diagnostic;
import dev.previewkit.OutputLine;
import dev.previewkit.PackageManager;
import dev.previewkit.spi.Availability;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.DevServerRequest;
import dev.previewkit.spi.RunningDevServer;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.SetReference;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.ViteConfigOverlay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Builds with the host's Node.js: the package manager and Vite run as child processes of the JVM.
 *
 * <p>This is the fast, <em>trusted-input</em> backend: project code runs with the JVM user's rights. What it
 * does to limit that: commands run without a shell; the child environment holds only allow-listed variables
 * (never the JVM's whole environment); installs run with {@code --ignore-scripts}, so no {@code preinstall} or
 * {@code postinstall} script of the project or its packages runs; and Vite is started directly
 * ({@code node node_modules/vite/bin/vite.js build}), never through {@code npm run}, so the project's own
 * scripts do not run either. For untrusted input, use a container backend.
 *
 * <p>The package manager is the one the core chose ({@code packageManager} field, then lockfile, else npm); see
 * {@link #install} for what happens when it is missing or its lockfile does not match {@code package.json}.
 *
 * <p>Immutable and thread-safe.
 */
public final class LocalNpmBackend implements BuildBackend {
    /** Oldest Node.js major this backend accepts; Vite 5 needs 18, Vite 7 and 8 need 20.19. */
    static final int MIN_NODE_MAJOR = 18;
    /** Oldest npm major this backend accepts. */
    static final int MIN_NPM_MAJOR = 8;
    /** The reference of every set: it is the {@code node_modules} of the folder the core keeps for it. */
    static final String SET_REFERENCE = "node_modules";

    private final Optional<Path> node;
    private final Optional<Path> npm;
    private final ChildEnvironment environment;
    private final Map<String, String> host;
    private final Optional<ManagerProvisioner> provisioner;
    private final ProcessLauncher launcher;
    private final Optional<WarmWorkers> warmWorkers;
    private final SandboxMode sandboxMode;
    private final SandboxedLauncher.Limits sandboxLimits;
    private final Optional<Path> toolsFolder;
    private volatile String id;
    private volatile Sandbox sandbox;

    /** The sandbox as detected once: its launcher for build steps, or why there is none. */
    private record Sandbox(Optional<SandboxedLauncher> steps, String detail) {}

    private LocalNpmBackend(Builder builder) {
        this.node = Optional.ofNullable(builder.node);
        this.npm = Optional.ofNullable(builder.npm);
        this.environment = new ChildEnvironment(builder.allowed, builder.explicit);
        this.host = Map.copyOf(builder.host);
        this.launcher = builder.launcher;
        this.sandboxMode = builder.sandboxMode;
        this.sandboxLimits = builder.sandboxLimits;
        this.toolsFolder = Optional.ofNullable(builder.toolsFolder);
        this.provisioner = toolsFolder.map(folder -> new ManagerProvisioner(folder,
                (launch, context) -> stepLauncher().launch(launch, context)));
        this.warmWorkers = builder.warmWorkers == 0 ? Optional.empty()
                : Optional.of(new WarmWorkers(workspace -> longLived(new SandboxPolicy(false, List.of(workspace),
                        WorkspaceLinks.linkedSets(workspace))), builder.warmWorkers, builder.warmWorkerIdleTimeout));
    }

    /** Detects the sandbox once, unless it is off. */
    private Sandbox sandbox() {
        Sandbox known = sandbox;
        if (known == null) {
            synchronized (this) {
                known = sandbox;
                if (known == null) {
                    known = sandboxMode == SandboxMode.OFF ? new Sandbox(Optional.empty(), "off") : detectSandbox();
                    sandbox = known;
                }
            }
        }
        return known;
    }

    private Sandbox detectSandbox() {
        Map<String, String> env = environment.forProcess(host, Path.of(System.getProperty("java.io.tmpdir")));
        List<Path> tools = new ArrayList<>();
        node.or(() -> Executables.find("node", environment.path(host))).flatMap(LocalNpmBackend::installFolder)
                .ifPresent(tools::add);
        executable(PackageManager.NPM).flatMap(LocalNpmBackend::installFolder).ifPresent(tools::add);
        Bubblewrap.Result found = Bubblewrap.detect(environment.path(host), tools, env, launcher);
        if (found.sandbox().isEmpty()) {
            return new Sandbox(Optional.empty(), found.detail());
        }
        Optional<Cgroups> cgroups = Cgroups.detect();
        SandboxedLauncher steps = new SandboxedLauncher(launcher, found.sandbox().get(), cgroups, sandboxLimits,
                this::stepPolicy);
        return new Sandbox(Optional.of(steps), found.detail() + " with "
                + cgroups.map(Cgroups::describe).orElse("no cgroups (process count and memory not capped)"));
    }

    /**
     * What a build step may reach in the sandbox: an install the network, its folder, npm's cache and the
     * provisioned package managers; a build or type check only its workspace, its temporary folder and the sets
     * its {@code node_modules} links to, without network.
     */
    private SandboxPolicy stepPolicy(Launch launch, Optional<BuildContext> context) {
        List<Path> writable = new ArrayList<>(List.of(launch.directory()));
        context.ifPresent(step -> writable.add(step.scratchDirectory()));
        if (context.map(BuildContext::phase).orElse(BuildPhase.BUILD) == BuildPhase.INSTALL) {
            toolsFolder.ifPresent(writable::add);
            return new SandboxPolicy(true, writable, List.of(), Optional.of(npmCache()));
        }
        return new SandboxPolicy(false, writable, WorkspaceLinks.linkedSets(launch.directory()));
    }

    /** npm's cache folder on the host: {@code npm_config_cache}, else {@code ~/.npm}. */
    private Path npmCache() {
        String configured = host.get("npm_config_cache");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(host.getOrDefault("HOME", System.getProperty("user.home")), ".npm");
    }

    /** The folder an executable outside {@code /usr} comes with (its {@code bin}'s parent), to bind read-only. */
    private static Optional<Path> installFolder(Path executable) {
        try {
            Path real = executable.toRealPath();
            Path folder = real.getParent().getParent();
            return real.startsWith("/usr") || folder == null ? Optional.empty() : Optional.of(folder);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The launcher of build steps: the sandbox's when there is one, else the plain one. */
    private ProcessLauncher stepLauncher() {
        Sandbox current = sandbox();
        if (current.steps().isPresent()) {
            return current.steps().get();
        }
        if (sandboxMode == SandboxMode.REQUIRED) {
            throw StepFailedException.infrastructure("The sandbox is required but unavailable: " + current.detail(),
                    null, false);
        }
        return launcher;
    }

    /** The launcher of a long-lived process (a warm worker, a dev server) with {@code policy}. */
    private ProcessLauncher longLived(SandboxPolicy policy) {
        ProcessLauncher steps = stepLauncher();
        return steps instanceof SandboxedLauncher sandboxed ? sandboxed.withPolicy(policy) : steps;
    }

    /** A backend with the {@code node} and package managers found on the JVM's {@code PATH}. */
    public static LocalNpmBackend create() {
        return builder().build();
    }

    /** Starts a configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code local-npm/node<major>}, for example {@code local-npm/node20}, with {@code /env-<digest>} when
     * {@link Builder#environment} set variables (a {@code VITE_*} value changes the bundle, so it must change the
     * cache keys); checks Node once.
     */
    @Override
    public String id() {
        String known = id;
        if (known == null) {
            String environmentDigest = environment.explicitDigest();
            known = "local-npm/node" + nodeVersion().map(v -> String.valueOf(v.major())).orElse("-unknown")
                    + (environmentDigest.isEmpty() ? "" : "/env-" + environmentDigest);
            id = known;
        }
        return known;
    }

    /**
     * Child processes of the JVM ({@code PROCESS}), or, when the sandbox is on and works here, processes in a
     * bubblewrap sandbox without network during builds ({@code SANDBOX}).
     */
    @Override
    public BackendCapabilities capabilities() {
        boolean sandboxed = sandbox().steps().isPresent();
        return BackendCapabilities.builder(sandboxed ? BackendCapabilities.Isolation.SANDBOX
                        : BackendCapabilities.Isolation.PROCESS)
                .networkDuringBuild(!sandboxed)
                .typeCheck(true)
                .packageManagers(EnumSet.allOf(PackageManager.class))
                .seeding(true)
                .warmSessions(warmWorkers.isPresent())
                .toolchainOverride(true)
                .devServer(true)
                .build();
    }

    /**
     * Checks that Node.js 18+ and npm 8+ answer, and, with the sandbox on, whether it works here (required: the
     * backend is unavailable without it); the reason names the path searched, the version found or what the
     * sandbox lacks.
     */
    @Override
    public Availability probe() {
        Map<String, String> env = environment.forProcess(host, Path.of(System.getProperty("java.io.tmpdir")));
        Optional<Path> nodePath = node.or(() -> Executables.find("node", environment.path(host)));
        if (nodePath.isEmpty()) {
            return Availability.unavailable("Node.js not found: no 'node' on PATH (" + environment.path(host)
                    + "); install Node.js " + MIN_NODE_MAJOR + " or newer, or set nodeExecutable(...)");
        }
        Optional<Path> npmPath = npm.or(() -> Executables.find("npm", environment.path(host)));
        if (npmPath.isEmpty()) {
            return Availability.unavailable("npm not found: no 'npm' on PATH (" + environment.path(host)
                    + "); install npm " + MIN_NPM_MAJOR + " or newer, or set npmExecutable(...)");
        }
        try {
            ToolVersion nodeVersion = ToolVersion.of(launcher, nodePath.get(), env);
            if (nodeVersion.major() < MIN_NODE_MAJOR) {
                return Availability.unavailable("Node.js " + nodeVersion.text() + " at " + nodePath.get()
                        + " is too old: Previewkit needs Node.js " + MIN_NODE_MAJOR
                        + " or newer (Vite 7 and 8 need 20.19 or newer)");
            }
            ToolVersion npmVersion = ToolVersion.of(launcher, npmPath.get(), env);
            if (npmVersion.major() < MIN_NPM_MAJOR) {
                return Availability.unavailable("npm " + npmVersion.text() + " at " + npmPath.get()
                        + " is too old: Previewkit needs npm " + MIN_NPM_MAJOR + " or newer");
            }
            Sandbox current = sandbox();
            if (sandboxMode == SandboxMode.REQUIRED && current.steps().isEmpty()) {
                return Availability.unavailable("The sandbox is required but unavailable: " + current.detail());
            }
            return Availability.available("Node.js " + nodeVersion.text() + " at " + nodePath.get() + ", npm "
                    + npmVersion.text() + " at " + npmPath.get() + "; sandbox: " + (current.steps().isPresent()
                    ? current.detail() : sandboxMode == SandboxMode.OFF ? "off" : "none (" + current.detail() + ")"));
        } catch (IOException e) {
            return Availability.unavailable("Node.js or npm does not work: " + e.getMessage());
        }
    }

    /**
     * Installs into the request's folder; lifecycle scripts never run. npm installs as {@link NpmInstaller}
     * describes (seeded, checked against the lockfile, resolving again when the lockfile lies). Another package
     * manager runs a frozen install when its lockfile is present, and a resolving one when it refuses that
     * lockfile as out of step. When the project's manager is not on {@code PATH}, it is provisioned from the npm
     * registry if {@link Builder#provisionPackageManagers} is set, and otherwise npm installs instead (from
     * {@code package-lock.json} when there is one, as lovable.dev exports carry one beside {@code bun.lockb});
     * both detours are reported as warnings of the result.
     */
    @Override
    public InstalledDependencies install(DependencyRequest request, BuildContext context) {
        Map<String, String> env = childEnvironment(context);
        PackageManager wanted = request.packageManager();
        List<Diagnostic> warnings = new ArrayList<>();
        if (wanted != PackageManager.NPM) {
            Optional<Path> executable = executable(wanted).or(() -> provisioned(request, env, context));
            if (executable.isPresent()) {
                return installWith(wanted, executable.get(), request, env, context);
            }
            warnings.add(InstallWarnings.replacedByNpm(wanted, lockfileName(request), npmSource(request.directory())
                    + (provisioner.isEmpty() ? " (provisionPackageManagers(...) would install " + wanted.command()
                    + " instead)" : "")));
        }
        Path program = executable(PackageManager.NPM).orElseThrow(() -> new StepFailedException(BuildStatus.FAILED,
                "'npm' is not on PATH (" + environment.path(host) + ")"));
        return new NpmInstaller(program, stepLauncher(), env, context, request, warnings).install();
    }

    /** A frozen install with the lockfile, resolving again (with a warning) when the manager refuses it. */
    private InstalledDependencies installWith(PackageManager manager, Path program, DependencyRequest request,
            Map<String, String> env, BuildContext context) {
        CapturingContext capturing = new CapturingContext(context);
        int exit = run(installCommand(program, manager, request.lockfile()), request.directory(), env, capturing);
        List<Diagnostic> warnings = new ArrayList<>();
        if (exit != 0 && request.lockfile() && LockfileRefusal.in(manager, capturing.lines()).isPresent()) {
            warnings.add(InstallWarnings.outOfStep(lockfileName(request), List.of(), manager.command() + " install"));
            exit = run(installCommand(program, manager, false), request.directory(), env, context);
        }
        if (exit != 0) {
            throw new StepFailedException(BuildStatus.FAILED, manager.command() + " install exited with code " + exit);
        }
        return installed(request.directory(), manager, false, warnings);
    }

    private static List<String> installCommand(Path program, PackageManager manager, boolean frozen) {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(InstallCommand.arguments(manager, frozen));
        return command;
    }

    /**
     * The requested manager, provisioned from the npm registry when that is allowed and possible; a failure to
     * provision goes to the log, and npm installs instead (with the warning that it did).
     */
    private Optional<Path> provisioned(DependencyRequest request, Map<String, String> env, BuildContext context) {
        PackageManager manager = request.packageManager();
        Optional<String> version = ManagerProvisioner.version(manager, packageManagerField(request.directory()));
        if (provisioner.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path npmProgram = executable(PackageManager.NPM).orElseThrow(() -> new StepFailedException(
                    BuildStatus.FAILED, "'npm' is not on PATH, so " + manager.command() + " cannot be provisioned"));
            return Optional.of(provisioner.get().provide(manager, version.get(), npmProgram, env, context));
        } catch (StepFailedException e) {
            if (e.status() != BuildStatus.FAILED) {
                throw e;
            }
            context.output(OutputLine.Stream.STDERR, "[previewkit] " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The lockfile of the requested manager that the project holds, for messages. */
    private static String lockfileName(DependencyRequest request) {
        return request.packageManager().lockfiles().stream()
                .filter(name -> Files.isRegularFile(request.directory().resolve(name)))
                .findFirst()
                .orElse("package.json");
    }

    /** What npm will install from in {@code directory}, for the warning that it replaced another manager. */
    private static String npmSource(Path directory) {
        if (Files.isRegularFile(directory.resolve(NpmLockfile.FILE))) {
            return "from package-lock.json, which may be older than that lockfile";
        }
        if (Files.isRegularFile(directory.resolve(PackageManager.YARN.lockfile()))) {
            return "from package.json, reading the locked versions from yarn.lock";
        }
        return "from package.json, so versions may differ from the locked ones";
    }

    private static Optional<String> packageManagerField(Path directory) {
        try {
            JsonNode field = PackageFiles.read(directory.resolve("package.json")).get("packageManager");
            return field != null && field.isTextual() ? Optional.of(field.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Builds into the build's scratch folder. A session's build goes to the session's warm build worker (see
     * {@link Builder#warmWorkers}), which keeps Vite loaded between versions. Any other build, or one no worker
     * can take, links the installed {@code node_modules} into the workspace (see {@link WorkspaceLinks}) and runs
     * {@code node node_modules/vite/bin/vite.js build} with the request's base path; a profile other than plain
     * production writes its {@link ViteConfigOverlay} into the workspace (the core's copy of the files, never the
     * caller's) and passes it with {@code --config}. With a toolchain set, its Vite and React plugins build in place
     * of the project's.
     */
    @Override
    public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
        Path output = context.scratchDirectory().resolve("vite-output");
        if (request.sessionWorkspace().isPresent() && warmWorkers.isPresent()) {
            Optional<BuildOutput> warm = warmWorkers.get().build(request, dependencies, context, nodeStart());
            if (warm.isPresent()) {
                return warm.get();
            }
        }
        List<String> arguments = new ArrayList<>(List.of("build", "--outDir", output.toString(), "--emptyOutDir",
                "--base", request.basePath()));
        ViteConfigOverlay.of(request).ifPresent(overlay -> {
            write(request.hostWorkspace().resolve(overlay.fileName()), overlay.content());
            arguments.addAll(overlay.arguments());
        });
        runPackageScript(request, dependencies, context, "vite", "vite/bin/vite.js", arguments,
                exit -> "vite build exited with code " + exit);
        if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new StepFailedException(BuildStatus.FAILED, "vite build succeeded but wrote no output folder");
        }
        return BuildOutput.folder(output);
    }

    /**
     * Writes the overlay, replacing one an earlier attempt of this build wrote (no project file has its name);
     * fails the build when it cannot.
     */
    private static void write(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            Files.writeString(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new StepFailedException(BuildStatus.FAILED, "Cannot write " + file.getFileName()
                    + " into the workspace: " + e.getMessage());
        }
    }

    /**
     * Runs {@code tsc --noEmit --pretty false} on {@code tsconfig.app.json} (the app's own settings in Vite's
     * layout) or else {@code tsconfig.json}.
     */
    @Override
    public void typeCheck(BuildRequest request, DependencySet dependencies, BuildContext context) {
        String project = Files.isRegularFile(request.hostWorkspace().resolve("tsconfig.app.json")) ? "tsconfig.app.json"
                : "tsconfig.json";
        runPackageScript(request, dependencies, context, "typescript", "typescript/bin/tsc",
                List.of("--noEmit", "--pretty", "false", "-p", project),
                exit -> "tsc found type errors (exit code " + exit + ")");
    }

    /**
     * Runs {@code node node_modules/<script> <arguments>} in the linked workspace, directly rather than through
     * {@code npm run}, so the project's own scripts never run.
     *
     * @throws StepFailedException (FAILED) when the package is not installed or the script exits non-zero
     */
    private void runPackageScript(BuildRequest request, DependencySet dependencies, BuildContext context,
            String packageName, String script, List<String> arguments, IntFunction<String> failure) {
        Path workspace = request.hostWorkspace();
        WorkspaceLinks.link(workspace, dependencies, request.toolchain());
        Path program = workspace.resolve("node_modules").resolve(script);
        if (!Files.isRegularFile(program)) {
            throw new StepFailedException(BuildStatus.FAILED, packageName + " is not installed: add \"" + packageName
                    + "\" to the devDependencies of package.json");
        }
        List<String> command = new ArrayList<>(List.of(node().toString(), program.toString()));
        command.addAll(arguments);
        int exit = run(command, workspace, childEnvironment(context), context);
        if (exit != 0) {
            throw new StepFailedException(BuildStatus.FAILED, failure.apply(exit));
        }
    }

    /** Runs one command of a build step (in the sandbox, when there is one); its exit code. */
    private int run(List<String> command, Path directory, Map<String, String> env, BuildContext context) {
        return stepLauncher().launch(Launch.builder(command).directory(directory).environment(env).build(), context);
    }

    private Path node() {
        return node.or(() -> Executables.find("node", environment.path(host)))
                .orElseThrow(() -> new StepFailedException(BuildStatus.FAILED, "Node.js is no longer on PATH"));
    }

    /**
     * Runs Vite's dev server for the session's dev workspace: the project's own Vite in development mode, on a free
     * loopback port, with the cache in the request's folder. Its Node process watches its standard input, so it
     * ends with this JVM.
     */
    @Override
    public RunningDevServer startDevServer(DevServerRequest request, DependencySet dependencies, BuildContext context) {
        WorkspaceLinks.link(request.workspace(), dependencies, Optional.empty());
        ProcessLauncher devLauncher = longLived(new SandboxPolicy(true, List.of(request.workspace(),
                request.cacheDirectory()), WorkspaceLinks.linkedSets(request.workspace())));
        return LocalDevServer.start(devLauncher, node(), environment.forProcess(host, context.scratchDirectory()),
                request, dependencies, context);
    }

    /** Stops the session's warm build worker. */
    @Override
    public void releaseWorkspace(Path workspace) {
        warmWorkers.ifPresent(workers -> workers.release(workspace));
    }

    /** Stops every warm build worker. */
    @Override
    public void close() {
        warmWorkers.ifPresent(WarmWorkers::close);
    }

    /** The process ids of the warm build workers running now. */
    List<Long> warmWorkerPids() {
        return warmWorkers.map(WarmWorkers::pids).orElse(List.of());
    }

    private WarmWorkers.NodeStart nodeStart() {
        Path nodePath = node();
        Map<String, String> env = environment.forProcess(host, Path.of(System.getProperty("java.io.tmpdir")));
        return new WarmWorkers.NodeStart() {
            @Override
            public Path node() {
                return nodePath;
            }

            @Override
            public Map<String, String> environment() {
                return env;
            }
        };
    }

    /** Nothing to release: the set is the core's folder, and the core deletes it. */
    @Override
    public void discard(SetReference set) {
        // The installed set lives in a folder the core created and removes; this backend holds nothing else.
    }

    /**
     * The install's result: the set is {@code node_modules} in the core's folder ({@link #SET_REFERENCE}), weighing
     * the bytes of that folder.
     */
    static InstalledDependencies installed(Path directory, PackageManager manager, boolean seeded,
            List<Diagnostic> warnings) {
        try {
            return new InstalledDependencies(SET_REFERENCE, Folders.size(directory), manager, seeded, warnings);
        } catch (IOException e) {
            throw new StepFailedException(BuildStatus.FAILED, "Cannot measure the installed set in " + directory
                    + ": " + e.getMessage());
        }
    }

    private Map<String, String> childEnvironment(BuildContext context) {
        return environment.forProcess(host, context.scratchDirectory());
    }

    private Optional<Path> executable(PackageManager manager) {
        if (manager == PackageManager.NPM && npm.isPresent()) {
            return npm;
        }
        return Executables.find(manager.command(), environment.path(host));
    }

    private Optional<ToolVersion> nodeVersion() {
        Optional<Path> nodePath = node.or(() -> Executables.find("node", environment.path(host)));
        try {
            return nodePath.isEmpty() ? Optional.empty() : Optional.of(ToolVersion.of(launcher, nodePath.get(),
                    environment.forProcess(host, Path.of(System.getProperty("java.io.tmpdir")))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "LocalNpmBackend[" + id() + "]";
    }

    /** Settings of a {@link LocalNpmBackend}. Not thread-safe. */
    public static final class Builder {
        private Path toolsFolder;
        private ProcessLauncher launcher = ProcessLauncher.local();
        private Path node;
        private Path npm;
        private final Set<String> allowed = new HashSet<>(ChildEnvironment.DEFAULT_ALLOWED);
        private final Map<String, String> explicit = new HashMap<>();
        private final Map<String, String> host = new HashMap<>(System.getenv());
        private int warmWorkers = 4;
        private Duration warmWorkerIdleTimeout = Duration.ofMinutes(10);
        private SandboxMode sandboxMode = SandboxMode.OFF;
        private SandboxedLauncher.Limits sandboxLimits = new SandboxedLauncher.Limits(512, 4L << 30, 2L << 30);

        private Builder() {}

        /**
         * How many sessions keep a warm build worker at once (4 by default; 0 turns them off): a Node process in the
         * session's workspace that keeps Vite loaded, so a new version rebuilds in a fraction of a fresh
         * {@code vite build} (Vite 8 calls its build API again, older Vite rebuilds through a Rollup watch build).
         * Each holds a few hundred MB of memory. When all are taken, the least recently used idle one stops; when
         * all are busy, a build runs as a process of its own.
         */
        public Builder warmWorkers(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("warmWorkers must be 0 or more: " + max);
            }
            this.warmWorkers = max;
            return this;
        }

        /**
         * Runs installs, builds, type checks, warm build workers and dev servers in a bubblewrap sandbox
         * ({@code bwrap}): new user, PID, IPC, mount and network namespaces, network only for installs (and for a dev
         * server, which must answer the host), the system folders read-only, only the workspace (or the set being
         * installed), its temporary folder and npm's cache writable, nothing else of the host visible (no home
         * folder, no other project), a fresh {@code HOME}, uid 10001, file-size and open-file limits, and where the
         * host allows cgroups, process-count and memory limits ({@link #sandboxLimits}). Killing a step kills
         * everything in its sandbox. {@link SandboxMode#OFF} by default; {@link SandboxMode#REQUIRED} makes the
         * backend unavailable where {@code bwrap} is missing or cannot make a sandbox, with the reason.
         */
        public Builder sandbox(SandboxMode mode) {
            this.sandboxMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The sandbox's limits per command: processes (512 by default) and memory (4 GiB, swap included), both
         * through cgroups where the host allows it, and the largest file it may write (2 GiB).
         */
        public Builder sandboxLimits(int processes, long memoryBytes, long fileSizeBytes) {
            if (processes < 8 || memoryBytes < (64L << 20) || fileSizeBytes < (1L << 20)) {
                throw new IllegalArgumentException("sandbox limits too small to run npm or Vite: " + processes
                        + " processes, " + memoryBytes + " bytes of memory, " + fileSizeBytes + " bytes per file");
            }
            this.sandboxLimits = new SandboxedLauncher.Limits(processes, memoryBytes, fileSizeBytes);
            return this;
        }

        /** How long a warm build worker waits for its session's next build before it stops; 10 minutes by default. */
        public Builder warmWorkerIdleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("warmWorkerIdleTimeout must be positive: " + timeout);
            }
            this.warmWorkerIdleTimeout = timeout;
            return this;
        }

        /** The Node.js executable to use instead of the {@code node} found on {@code PATH}. */
        public Builder nodeExecutable(Path node) {
            this.node = Objects.requireNonNull(node, "node").toAbsolutePath();
            return this;
        }

        /** The npm executable to use instead of the {@code npm} found on {@code PATH}. */
        public Builder npmExecutable(Path npm) {
            this.npm = Objects.requireNonNull(npm, "npm").toAbsolutePath();
            return this;
        }

        /**
         * Lets one more variable of the JVM's environment through to builds, such as {@code NPM_TOKEN} for a
         * private registry. By default only {@code PATH}, {@code HOME}, locale, time zone, CA and proxy
         * variables pass.
         */
        public Builder allowEnvironmentVariable(String name) {
            allowed.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Sets a variable for every build process, whatever the JVM's environment holds. */
        public Builder environment(String name, String value) {
            explicit.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Lets the backend install bun, pnpm or yarn 1 from the npm registry (the manager's own npm package,
         * without install scripts) into {@code folder}, once per version, when a project asks for one that is
         * not on {@code PATH}. The version is the one the project's {@code packageManager} field names, else a
         * pinned default. Off by default: then npm installs such projects, from {@code package-lock.json} when
         * they carry one, and the result says so.
         */
        public Builder provisionPackageManagers(Path folder) {
            this.toolsFolder = Objects.requireNonNull(folder, "folder").toAbsolutePath();
            return this;
        }

        /**
         * Runs every command (installs, builds, version checks) through {@code launcher} instead of
         * {@link ProcessLauncher#local()}, for example to log or count them, or to run them elsewhere.
         */
        public Builder launcher(ProcessLauncher launcher) {
            this.launcher = Objects.requireNonNull(launcher, "launcher");
            return this;
        }

        public LocalNpmBackend build() {
            return new LocalNpmBackend(this);
        }
    }
}
