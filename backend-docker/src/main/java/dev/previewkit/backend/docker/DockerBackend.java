package dev.previewkit.backend.docker;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Container;
import dev.previewkit.BuildStatus;
import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import dev.previewkit.ProjectFile;
import dev.previewkit.spi.Availability;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.EnvironmentDigest;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.SetReference;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.ViteConfigOverlay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds in hardened, throw-away containers on a Docker engine: the backend for <em>untrusted</em> input, such
 * as projects an AI or a user wrote.
 *
 * <p><b>Two phases.</b> The install runs {@code npm ci} (or {@code npm install} without a lockfile) with
 * {@code --ignore-scripts}, on the engine's install network, so it reaches the registry; the build runs
 * {@code node node_modules/vite/bin/vite.js build} (never {@code npm run}) with no network at all. Every
 * container runs as user 10001 with a read-only root filesystem, all capabilities dropped,
 * {@code no-new-privileges}, the pids, memory (memory + swap equal) and CPU limits of {@link ContainerLimits},
 * an init process, and a size- and inode-capped {@code tmpfs} volume as its only writable workspace. Its
 * environment is fixed by the backend ({@code HOME}, {@code CI}, npm settings): nothing of the JVM's environment
 * passes. Labels name Previewkit, the namespace and the build.
 *
 * <p><b>Files in and out as tar streams</b> through the engine's API: no host folder is mounted, and never the
 * Docker socket, so a remote engine ({@code DOCKER_HOST=tcp://...} with TLS) serves as well as the local one.
 * The output comes back as entries that the core checks as it writes them (regular files only, within the
 * output limits).
 *
 * <p><b>Dependency sets are volumes</b> on the engine, one per {@code dependencyKey}
 * ({@code previewkit-<namespace>-deps-<key>}): an install unpacks into its workspace, then copies the tree into
 * the set's volume; builds mount it read-only and link its entries into their own {@code node_modules}, so
 * Vite's cache folders land in the build's workspace. A seed set is copied in before the install, which then
 * only adds the difference; the namespace's npm cache volume spares downloads. Eviction removes the volume; at
 * start ({@link #heldSets()}) the backend removes containers and workspaces a dead process left, and lists its
 * sets for the core to reconcile.
 *
 * <p><b>One namespace per dependency store.</b> Everything this backend creates carries its namespace; two
 * {@code PreviewBuilder}s with different work directories on one engine need different namespaces, or each
 * would discard the other's sets at start.
 *
 * <p>Thread-safe. Close it to remove the containers of builds still running and release the connection.
 */
public final class DockerBackend implements BuildBackend {
    private static final Logger LOG = LoggerFactory.getLogger(DockerBackend.class);
    /** The image used unless {@link Builder#image} says otherwise. */
    public static final String DEFAULT_IMAGE = "node:22-bookworm-slim";
    private static final String DEPS = "/deps";
    private static final String SEED = "/seed";
    private static final String SET = "/set";
    private static final String CACHE = "/cache";
    private static final String CA_FILE = "ca.pem";

    private final Containers containers;
    private final Optional<Path> caBundle;
    private final String environmentDigest;
    private final Set<ContainerRun> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService cleaner;

    private DockerBackend(Builder builder) {
        this.caBundle = Optional.ofNullable(builder.caBundle);
        this.environmentDigest = EnvironmentDigest.of(builder.explicit);
        Map<String, String> env = new HashMap<>();
        env.put("HOME", ContainerRun.WORK + "/home");
        env.put("CI", "1");
        env.put("npm_config_cache", CACHE + "/npm");
        env.put("npm_config_update_notifier", "false");
        env.put("npm_config_fund", "false");
        env.put("npm_config_audit", "false");
        Optional.ofNullable(builder.registry).ifPresent(registry -> env.put("npm_config_registry", registry));
        env.putAll(builder.explicit);
        this.cleaner = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "previewkit-docker-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        this.containers = new Containers(Engine.connect(Optional.ofNullable(builder.dockerHost),
                Optional.ofNullable(builder.tlsCertificates)), builder.image,
                builder.namespace, builder.limits, builder.installNetwork, env, cleaner);
    }

    /** A backend on the engine {@code DOCKER_HOST} names (the local socket by default), with the defaults. */
    public static DockerBackend create() {
        return builder().build();
    }

    /** Starts a configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code docker/<image>}, with {@code /env-<digest>} when {@link Builder#environment} set variables: the
     * image decides Node's version and so the installed tree.
     */
    @Override
    public String id() {
        return "docker/" + containers.image() + (environmentDigest.isEmpty() ? "" : "/env-" + environmentDigest);
    }

    /** Container isolation, no network during builds, type checking, npm with seeding; files as entries. */
    @Override
    public BackendCapabilities capabilities() {
        return BackendCapabilities.builder(BackendCapabilities.Isolation.CONTAINER)
                .networkDuringBuild(false)
                .typeCheck(true)
                .seeding(true)
                .hostWorkspace(false)
                .build();
    }

    /** The project's folder in the container, so that tool output maps back to project paths. */
    @Override
    public Optional<String> toolWorkspace() {
        return Optional.of(ContainerRun.APP);
    }

    /**
     * Checks that the engine answers, speaks API 1.41 or newer, and has the image; the reason names the engine's
     * address and what to do.
     */
    @Override
    public Availability probe() {
        return EngineCheck.of(containers.engine(), containers.image());
    }

    /**
     * Installs into a new volume named after the key: {@code npm ci --ignore-scripts} with a lockfile,
     * {@code npm install --ignore-scripts} without one or when starting from a seed (which {@code npm ci} would
     * delete first). Another package manager's project is installed with npm.
     */
    @Override
    public InstalledDependencies install(DependencyRequest request, BuildContext context) {
        Engine engine = containers.engine();
        String volume = Labels.name(containers.namespace(), "deps", request.dependencyKey());
        String cache = Labels.name(containers.namespace(), Labels.NPM_CACHE);
        boolean seeded = request.seed().isPresent();
        List<ContainerRun.VolumeMount> volumes = new ArrayList<>(List.of(
                new ContainerRun.VolumeMount(volume, SET, false), new ContainerRun.VolumeMount(cache, CACHE, false)));
        Map<String, List<String>> steps = new HashMap<>();
        steps.put("save", List.of(ContainerRun.APP + "/node_modules", SET + "/node_modules"));
        request.seed().ifPresent(seed -> {
            volumes.add(new ContainerRun.VolumeMount(seed.id().reference(), SEED, true));
            steps.put("seed", List.of(SEED + "/node_modules", ContainerRun.APP + "/node_modules"));
        });
        boolean frozen = request.lockfile() && !seeded;
        List<Diagnostic> warnings = new ArrayList<>();
        if (request.packageManager() != PackageManager.NPM) {
            warnings.add(InstallWarnings.replacedByNpm(request.packageManager()));
        }
        boolean succeeded = false;
        try {
            engine.removeVolume(volume);  // half a set from a process that died mid-install
            engine.createVolume(volume, Labels.of(containers.namespace(), Labels.DEPENDENCIES,
                    Map.of(Labels.DEPENDENCY_KEY, request.dependencyKey())), Map.of());
            engine.createVolume(cache, Labels.of(containers.namespace(), Labels.NPM_CACHE, Map.of()), Map.of());
            ContainerRun.Exit exit = installOnce(request, frozen, volumes, steps, context);
            String command = frozen ? "npm ci" : "npm install";
            if (frozen && !exit.succeeded() && exit.watched()) {
                warnings.add(InstallWarnings.outOfStep());
                command = "npm install";
                exit = installOnce(request, false, volumes, steps, context);
            }
            if (!exit.succeeded()) {
                throw failure(exit, command);
            }
            succeeded = true;
            return new InstalledDependencies(volume, exit.bytes(), PackageManager.NPM, seeded, warnings);
        } finally {
            if (!succeeded) {
                removeQuietly(volume);
            }
        }
    }

    /**
     * One install container: {@code npm ci} when {@code frozen}, else {@code npm install}; a refusal of
     * {@code npm ci} because the lockfile does not match {@code package.json} is {@linkplain ContainerRun.Exit#watched()
     * watched for}.
     */
    private ContainerRun.Exit installOnce(DependencyRequest request, boolean frozen,
            List<ContainerRun.VolumeMount> volumes, Map<String, List<String>> steps, BuildContext context) {
        List<String> command = List.of("npm", frozen ? "ci" : "install", "--ignore-scripts", "--no-audit",
                "--no-fund", "--prefer-offline");
        ContainerRun run = start(new ContainerRun.Spec("install", context.buildId(), command, true, volumes,
                List.of(SET + "/node_modules", CACHE + "/npm"), steps, installFiles(request.directory()),
                caBundle.map(ca -> Map.of("NODE_EXTRA_CA_CERTS", ContainerRun.WORK + "/" + CA_FILE)).orElse(Map.of()),
                frozen ? Optional.of(InstallWarnings.NPM_CI_REFUSAL) : Optional.empty()), context);
        try {
            return run.await(context);
        } finally {
            release(run);
        }
    }

    /**
     * Runs {@code vite build} with the set mounted read-only and its entries linked into the project's own
     * {@code node_modules}; the output streams out of the container, which is removed when the core closed it.
     * A profile other than plain production sends its {@link ViteConfigOverlay} with the project's files and
     * passes it with {@code --config}.
     */
    @Override
    public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
        List<String> command = new ArrayList<>(List.of("node", "node_modules/vite/bin/vite.js", "build", "--outDir",
                ContainerRun.WORK + "/out", "--emptyOutDir", "--base", request.basePath()));
        Archives files = projectFiles(request);
        ViteConfigOverlay.of(request).ifPresent(overlay -> {
            files.text("app/" + overlay.fileName(), overlay.content());
            command.addAll(overlay.arguments());
        });
        ContainerRun run = start(buildSpec("build", files, dependencies, command, context), context);
        try {
            await(run, context, "vite build");
            return BuildOutput.entries(new ContainerOutput(run.copyOut(ContainerRun.WORK + "/out"), () -> release(run)));
        } catch (RuntimeException e) {
            release(run);
            throw e;
        }
    }

    /** Runs {@code tsc --noEmit --pretty false} on {@code tsconfig.app.json}, or else {@code tsconfig.json}. */
    @Override
    public void typeCheck(BuildRequest request, DependencySet dependencies, BuildContext context) {
        String project = request.files().contains("tsconfig.app.json") ? "tsconfig.app.json" : "tsconfig.json";
        List<String> command = List.of("node", "node_modules/typescript/bin/tsc", "--noEmit", "--pretty", "false",
                "-p", project);
        ContainerRun run = start(buildSpec("check", projectFiles(request), dependencies, command, context), context);
        try {
            await(run, context, "tsc");
        } finally {
            release(run);
        }
    }

    /** The request's files under {@code app/}. */
    private static Archives projectFiles(BuildRequest request) {
        Archives files = new Archives();
        for (ProjectFile file : request.files().files()) {
            files.file("app/" + file.path(), file);
        }
        return files;
    }

    private ContainerRun.Spec buildSpec(String role, Archives files, DependencySet dependencies,
            List<String> command, BuildContext context) {
        return new ContainerRun.Spec(role, context.buildId(), command, false,
                List.of(new ContainerRun.VolumeMount(dependencies.id().reference(), DEPS, true)), List.of(),
                Map.of("link", List.of(DEPS + "/node_modules", ContainerRun.APP + "/node_modules")), files, Map.of(),
                Optional.empty());
    }

    private ContainerRun start(ContainerRun.Spec spec, BuildContext context) {
        ContainerRun run = ContainerRun.start(containers, spec, context);
        running.add(run);
        return run;
    }

    /** How the run's command ended, when it succeeded. */
    private ContainerRun.Exit await(ContainerRun run, BuildContext context, String what) {
        ContainerRun.Exit exit = run.await(context);
        if (!exit.succeeded()) {
            throw failure(exit, what);
        }
        return exit;
    }

    /** Removes the run's container and workspace. */
    private void release(ContainerRun run) {
        run.close();
        running.remove(run);
    }

    private StepFailedException failure(ContainerRun.Exit exit, String what) {
        if (exit.outOfMemory()) {
            return new StepFailedException(BuildStatus.FAILED, what + " ran out of memory: the container's limit is "
                    + containers.limits().memoryBytes() / (1024 * 1024) + " MiB (ContainerLimits.memoryBytes)");
        }
        return new StepFailedException(BuildStatus.FAILED, what + " exited with code " + exit.code()
                + exit.signal().map(signal -> " (" + signal + ")").orElse(""));
    }

    /** The install files the core prepared (regular files at the top of the folder), the CA bundle, a home. */
    private Archives installFiles(Path directory) {
        Archives files = new Archives().folder("home");
        caBundle.ifPresent(ca -> files.hostFile(CA_FILE, ca));
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).sorted()
                    .forEach(file -> files.hostFile("app/" + file.getFileName(), file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the install files in " + directory, e);
        }
        return files;
    }

    /** Removes the set's volume; nothing when it is gone. Fails while a container still uses it. */
    @Override
    public void discard(SetReference set) {
        containers.engine().removeVolume(set.reference());
    }

    /**
     * Cleans up after a process of this namespace that died (its containers and workspace volumes: at start no
     * build of the namespace runs; what cannot be removed now is logged and found again at the next start), then
     * lists the namespace's dependency-set volumes.
     *
     * @throws StepFailedException (an infrastructure fault) when the engine cannot list them
     */
    @Override
    public Optional<List<SetReference>> heldSets() {
        Engine engine = containers.engine();
        List<String> filter = Labels.filter(containers.namespace());
        for (Container left : engine.containers(filter)) {
            LOG.warn("Removing container {} left by an earlier process", List.of(left.getNames()));
            engine.removeQuietly(left.getId());
        }
        List<SetReference> sets = new ArrayList<>();
        for (InspectVolumeResponse volume : engine.volumes(filter)) {
            Map<String, String> labels = Objects.requireNonNullElse(volume.getLabels(), Map.of());
            if (Labels.WORKSPACE.equals(labels.get(Labels.ROLE))) {
                removeQuietly(volume.getName());
            } else if (Labels.DEPENDENCIES.equals(labels.get(Labels.ROLE)) && labels.containsKey(Labels.DEPENDENCY_KEY)) {
                sets.add(new SetReference(labels.get(Labels.DEPENDENCY_KEY), volume.getName()));
            }
        }
        return Optional.of(sets);
    }

    /** Removes the containers of builds still running, and closes the connection to the engine. */
    @Override
    public void close() {
        running.forEach(ContainerRun::close);
        running.clear();
        cleaner.shutdown();
        try {
            if (!cleaner.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Containers of stopped builds are still being removed; the next start removes what is left");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        containers.engine().close();
    }

    private void removeQuietly(String volume) {
        try {
            containers.engine().removeVolume(volume);
        } catch (RuntimeException e) {
            LOG.warn("Cannot remove volume {}; it is removed at the next start", volume, e);
        }
    }

    @Override
    public String toString() {
        return "DockerBackend[" + id() + " at " + containers.engine().host() + "]";
    }

    /** Settings of a {@link DockerBackend}. Not thread-safe. */
    public static final class Builder {
        private String dockerHost;
        private Path tlsCertificates;
        private String image = DEFAULT_IMAGE;
        private String namespace = "default";
        private ContainerLimits limits = ContainerLimits.DEFAULTS;
        private String installNetwork = "bridge";
        private Path caBundle;
        private String registry;
        private final Map<String, String> explicit = new HashMap<>();

        private Builder() {}

        /**
         * The engine, such as {@code unix:///var/run/docker.sock} or {@code tcp://build-host:2376} (TLS from
         * {@link #tlsCertificates}, or else {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH}); by default what
         * {@code DOCKER_HOST} says.
         */
        public Builder dockerHost(String host) {
            this.dockerHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Speaks TLS to the engine of {@link #dockerHost} ({@code tcp://...:2376}), verifying it and proving this
         * client with the certificates in {@code folder}: {@code ca.pem}, {@code cert.pem} and {@code key.pem}, as
         * {@code DOCKER_TLS_VERIFY=1} with {@code DOCKER_CERT_PATH=folder} would.
         */
        public Builder tlsCertificates(Path folder) {
            this.tlsCertificates = Objects.requireNonNull(folder, "folder").toAbsolutePath();
            return this;
        }

        /** The image with Node.js and npm that every container runs ({@value #DEFAULT_IMAGE} by default). */
        public Builder image(String image) {
            this.image = Objects.requireNonNull(image, "image");
            return this;
        }

        /**
         * What this backend's containers, volumes and names carry, so that several dependency stores can share
         * an engine: letters, digits, {@code _ . -}, at most 40 ({@code default} by default).
         */
        public Builder namespace(String namespace) {
            if (!Labels.validNamespace(Objects.requireNonNull(namespace, "namespace"))) {
                throw new IllegalArgumentException("a namespace is 1 to 40 letters, digits, '_', '.' or '-': "
                        + namespace);
            }
            this.namespace = namespace;
            return this;
        }

        /** The limits of every container. */
        public Builder limits(ContainerLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The engine network installs run on ({@code bridge} by default); a network whose only way out is a
         * proxy to the registry narrows what an install can reach. Builds never have a network.
         */
        public Builder installNetwork(String network) {
            this.installNetwork = Objects.requireNonNull(network, "network");
            return this;
        }

        /**
         * A PEM bundle of CA certificates that Node.js in the containers trusts besides its own, for a registry
         * behind a TLS-intercepting proxy. It is sent into each container's workspace and named by
         * {@code NODE_EXTRA_CA_CERTS}.
         */
        public Builder caBundle(Path bundle) {
            this.caBundle = Objects.requireNonNull(bundle, "bundle").toAbsolutePath();
            return this;
        }

        /** The npm registry installs use (the image's npm default otherwise). */
        public Builder registry(String url) {
            this.registry = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Sets a variable in every container, such as a {@code VITE_*} value; it becomes part of {@link #id()}. */
        public Builder environment(String name, String value) {
            explicit.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public DockerBackend build() {
            return new DockerBackend(this);
        }
    }
}
