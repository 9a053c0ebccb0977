package dev.previewkit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import dev.previewkit.PackageManager;
import dev.previewkit.ProjectFiles;
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
import dev.previewkit.spi.SetReference;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.ToolchainSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A {@link BuildBackend} without Node or processes, for fast tests of the core: it "installs" by writing the
 * declared packages into a marker file of the request folder and "builds" by transforming the workspace's files
 * (an {@code index.html} listing them, and one upper-cased copy per source), so outputs depend on inputs.
 *
 * <p>Sources steer it with markers: a file containing {@link #BUILD_ERROR} fails the build with a Vite-like error
 * line (parsed into a diagnostic at the marker's place), {@link #TYPE_ERROR} fails the type check with a
 * {@code tsc --pretty false} line, {@link #BLOCK} holds the build at the {@link #builds() build gate} until it is
 * released or the build is cancelled, and {@link #CRASH} throws an {@link IllegalStateException} (an
 * infrastructure fault, not a failed step). A file {@code label.txt} names the build in {@link #buildOrder()}.
 *
 * <p>The {@link Builder} adds the rest: a package whose install fails with npm's E404 output, builds or installs
 * that all wait at their gate, using the seed the core offers, another id, unavailability. Counts what the core
 * asked for. Thread-safe.
 *
 * <p>This is the only test class that builds {@link InstalledDependencies} or reads {@link DependencyRequest}; when
 * those types change, only this class follows.
 */
public final class InMemoryBackend implements BuildBackend {
    /** A source holding this text fails the build with a Vite-like error. */
    public static final String BUILD_ERROR = "BUILD_ERROR";
    /** A source holding this text fails the type check with a TS2322 error. */
    public static final String TYPE_ERROR = "TYPE_ERROR";
    /** A source holding this text makes its build wait at {@link #builds()} until released or cancelled. */
    public static final String BLOCK = "BLOCK_BUILD";
    /** A source holding this text makes the build throw an {@link IllegalStateException}. */
    public static final String CRASH = "CRASH_BACKEND";
    /** A source holding this text makes its build print the stall notice, then wait silently until stopped. */
    public static final String STALL = "STALL_BUILD";
    /** A source holding this text makes its build print the stall notice, then print every 100 ms until stopped. */
    public static final String STALL_PRINTING = "STALL_PRINTING";
    /** A package whose install prints the stall notice, then waits until stopped. */
    public static final String STALL_PACKAGE = "in-memory-stall-install";
    /** A source holding this text makes a dev server start print the stall notice, then wait until stopped. */
    public static final String STALL_DEV_SERVER = "STALL_DEV_SERVER";
    /** A source holding this text fails the build when it is asked to build with a toolchain set. */
    public static final String FAILS_WITH_TOOLCHAIN = "FAILS_WITH_TOOLCHAIN";
    /** The file whose text names a build in {@link #buildOrder()}. */
    public static final String LABEL_FILE = "label.txt";
    /** Where an installed set lists its packages, relative to the set's folder. */
    public static final String INSTALLED_MARKER = "node_modules/.in-memory/packages.txt";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final Optional<String> unavailable;
    private final Set<String> failingPackages;
    private final boolean useSeeds;
    private final boolean holdAllBuilds;
    private final Gate installGate;
    private final Gate buildGate = new Gate("build");
    private final AtomicInteger installs = new AtomicInteger();
    private final AtomicInteger builds = new AtomicInteger();
    private final AtomicInteger typeChecks = new AtomicInteger();
    private final List<SetReference> discarded = new CopyOnWriteArrayList<>();
    private final Map<SetReference, Boolean> held = new ConcurrentHashMap<>();
    private final List<String> buildOrder = new CopyOnWriteArrayList<>();
    private final List<DependencySet> seedsOffered = new CopyOnWriteArrayList<>();
    private final AtomicInteger outputs = new AtomicInteger();
    private final Set<String> stalled = ConcurrentHashMap.newKeySet();
    private final String stallNotice;
    private final boolean hostWorkspace;
    private final boolean entriesOutput;
    private final Optional<URI> previewUri;
    private final Optional<String> toolWorkspace;
    private final boolean tracksSets;
    private final boolean warmSessions;
    private final boolean devServers;
    private final List<DevServerRequest> devServerRequests = new CopyOnWriteArrayList<>();
    private final List<BuildRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Path> released = new CopyOnWriteArrayList<>();

    private InMemoryBackend(Builder builder) {
        this.id = builder.id;
        this.unavailable = builder.unavailable;
        this.failingPackages = Set.copyOf(builder.failingPackages);
        this.useSeeds = builder.useSeeds;
        this.holdAllBuilds = builder.holdBuilds;
        this.installGate = builder.holdInstalls ? new Gate("install") : null;
        this.hostWorkspace = builder.hostWorkspace;
        this.entriesOutput = builder.entriesOutput;
        this.previewUri = builder.previewUri;
        this.toolWorkspace = builder.toolWorkspace;
        this.tracksSets = builder.tracksSets;
        this.stallNotice = builder.stallNotice;
        this.warmSessions = builder.warmSessions;
        this.devServers = builder.devServers;
    }

    /** A backend with the default behaviour: every install and build goes through at once. */
    public static InMemoryBackend create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How an {@link InMemoryBackend} behaves. Not thread-safe. */
    public static final class Builder {
        private String id = "in-memory";
        private Optional<String> unavailable = Optional.empty();
        private final Set<String> failingPackages = new HashSet<>();
        private boolean useSeeds;
        private boolean holdBuilds;
        private boolean holdInstalls;
        private boolean hostWorkspace = true;
        private boolean entriesOutput;
        private Optional<URI> previewUri = Optional.empty();
        private Optional<String> toolWorkspace = Optional.empty();
        private boolean tracksSets;
        private boolean warmSessions;
        private boolean devServers;
        private String stallNotice = "in-memory: stalled";

        private Builder() {}

        /** The line a stalled install or build prints once it stalls ({@link #STALL}, {@link #STALL_PACKAGE}). */
        public Builder stallNotice(String notice) {
            this.stallNotice = notice;
            return this;
        }

        /**
         * Behaves like a remote or container backend: takes the files as entries without a host workspace,
         * returns its output as an entry stream, and prints paths as its tools see them under {@code toolPath}.
         */
        public Builder remote(String toolPath) {
            this.hostWorkspace = false;
            this.entriesOutput = true;
            this.toolWorkspace = Optional.of(toolPath);
            return this;
        }

        /** Serves previews itself, at {@code uri}, instead of handing back files. */
        public Builder previewUri(URI uri) {
            this.previewUri = Optional.of(uri);
            return this;
        }

        /**
         * Keeps sessions warm: the core gives a session's builds one lasting workspace, and builds read their
         * sources from that workspace on disk (so what the core wrote there is what gets built).
         */
        public Builder warmSessions() {
            this.warmSessions = true;
            return this;
        }

        /**
         * Runs dev servers: a loopback HTTP server per start that answers {@code GET /<path>} with the file of the dev
         * workspace on disk (404 when there is none) and {@code GET /__set} with the dependency set's key.
         */
        public Builder devServers() {
            this.devServers = true;
            return this;
        }

        /** Lists the sets it holds in {@code heldSets()}, for reconcile tests (in memory: lost on a new instance). */
        public Builder tracksSets() {
            this.tracksSets = true;
            return this;
        }

        /** The backend id, part of every dependency key; {@code in-memory} by default. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** {@link #probe()} answers unavailable with this reason. */
        public Builder unavailable(String reason) {
            this.unavailable = Optional.of(reason);
            return this;
        }

        /** An install of a set that declares this package fails with npm's E404 output. */
        public Builder failInstallOf(String packageName) {
            failingPackages.add(packageName);
            return this;
        }

        /** Installs offered a seed start from it and report {@code seeded}; by default seeds are only recorded. */
        public Builder useSeeds() {
            this.useSeeds = true;
            return this;
        }

        /** Every build waits at {@link InMemoryBackend#builds()} until released or cancelled. */
        public Builder holdBuilds() {
            this.holdBuilds = true;
            return this;
        }

        /** Every install waits at {@link InMemoryBackend#installs()} until released or cancelled. */
        public Builder holdInstalls() {
            this.holdInstalls = true;
            return this;
        }

        public InMemoryBackend build() {
            return new InMemoryBackend(this);
        }
    }

    // ------------------------------------------------------------------------------------------ what was asked

    /** How many installs were asked for. */
    public int installCount() {
        return installs.get();
    }

    /** How many builds were asked for. */
    public int buildCount() {
        return builds.get();
    }

    /** How many type checks were asked for. */
    public int typeCheckCount() {
        return typeChecks.get();
    }

    /** The sets discarded so far, in order. */
    public List<SetReference> discarded() {
        return List.copyOf(discarded);
    }

    /** What is stalled right now ({@link #STALL}, {@link #STALL_PACKAGE}): the backend's "running processes". */
    public List<String> running() {
        return List.copyOf(stalled);
    }

    /** The labels ({@link #LABEL_FILE}) of the builds in the order they started; "" for an unlabelled one. */
    public List<String> buildOrder() {
        return List.copyOf(buildOrder);
    }

    /** Every build request, in order. */
    public List<BuildRequest> requests() {
        return List.copyOf(requests);
    }

    /** Every dev server start asked for, in order. */
    public List<DevServerRequest> devServerRequests() {
        return List.copyOf(devServerRequests);
    }

    /** The lasting workspaces the core released ({@link #releaseWorkspace}), in order. */
    public List<Path> released() {
        return List.copyOf(released);
    }

    /** The seeds the core offered to installs, in order. */
    public List<DependencySet> seedsOffered() {
        return List.copyOf(seedsOffered);
    }

    /** The gate that held builds wait at ({@link #BLOCK}, {@link Builder#holdBuilds()}). */
    public Gate builds() {
        return buildGate;
    }

    /**
     * The gate that installs wait at.
     *
     * @throws IllegalStateException unless built with {@link Builder#holdInstalls()}
     */
    public Gate installs() {
        if (installGate == null) {
            throw new IllegalStateException("built without holdInstalls()");
        }
        return installGate;
    }

    // ----------------------------------------------------------------------------------------------------- SPI

    @Override
    public String id() {
        return id;
    }

    @Override
    public BackendCapabilities capabilities() {
        return BackendCapabilities.builder(BackendCapabilities.Isolation.PROCESS)
                .typeCheck(true)
                .seeding(true)
                .hostWorkspace(hostWorkspace)
                .warmSessions(warmSessions)
                .devServer(devServers)
                .toolchainOverride(true)
                .output(previewUri.isPresent() ? BackendCapabilities.Output.PREVIEW_URI
                        : BackendCapabilities.Output.ARTIFACT_FILES)
                .build();
    }

    @Override
    public Optional<String> toolWorkspace() {
        return toolWorkspace;
    }

    /** The sets this backend installed and has not discarded, when it was built with {@code tracksSets()}. */
    @Override
    public Optional<List<SetReference>> heldSets() {
        return tracksSets ? Optional.of(List.copyOf(held.keySet())) : Optional.empty();
    }

    @Override
    public Availability probe() {
        return unavailable.map(Availability::unavailable).orElseGet(() -> Availability.available("in memory"));
    }

    @Override
    public InstalledDependencies install(DependencyRequest request, BuildContext context) {
        installs.incrementAndGet();
        checkCancelled(context);
        request.seed().ifPresent(seedsOffered::add);
        if (installGate != null) {
            installGate.pass(context);
        }
        Map<String, String> packages = declaredPackages(request.directory().resolve("package.json"));
        if (packages.containsKey(STALL_PACKAGE)) {
            stall("install " + request.dependencyKey(), false, context);
        }
        for (String name : packages.keySet()) {
            if (failingPackages.contains(name)) {
                printNotFound(name, packages.get(name), context);
                throw new StepFailedException(BuildStatus.FAILED, "npm install exited with code 1");
            }
        }
        boolean seeded = useSeeds && request.seed().isPresent();
        context.output(OutputLine.Stream.STDOUT, "added " + packages.size() + " packages"
                + (seeded ? " on top of a seed" : ""));
        StringBuilder marker = new StringBuilder();
        packages.forEach((name, version) -> marker.append(name).append('@').append(version).append('\n'));
        write(request.directory().resolve(INSTALLED_MARKER), marker.toString());
        String reference = "in-memory-set-" + installs.get();
        held.put(new SetReference(request.dependencyKey(), reference), true);
        return new InstalledDependencies(reference, marker.length(), request.packageManager(), seeded, List.of());
    }

    private static void printNotFound(String name, String version, BuildContext context) {
        for (String line : List.of("npm error code E404",
                "npm error 404 Not Found - GET https://registry.npmjs.org/" + name,
                "npm error 404",
                "npm error 404  The requested resource '" + name + "@" + version
                        + "' could not be found or you do not have permission to access it.",
                "npm error 404")) {
            context.output(OutputLine.Stream.STDERR, line);
        }
    }

    @Override
    public void typeCheck(BuildRequest request, DependencySet dependencies, BuildContext context) {
        typeChecks.incrementAndGet();
        checkCancelled(context);
        Optional<Marked> error = find(sources(request.files()), TYPE_ERROR);
        if (error.isPresent()) {
            Marked at = error.get();
            context.output(OutputLine.Stream.STDOUT, at.path() + "(" + at.line() + "," + at.column()
                    + "): error TS2322: Type 'number' is not assignable to type 'string'.");
            throw new StepFailedException(BuildStatus.FAILED, "tsc exited with code 2");
        }
    }

    @Override
    public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
        builds.incrementAndGet();
        requests.add(request);
        checkCancelled(context);
        Map<String, String> sources = request.sessionWorkspace().isPresent()
                ? sourcesOnDisk(request.hostWorkspace()) : sources(request.files());
        if (request.toolchain().isPresent() && find(sources, FAILS_WITH_TOOLCHAIN).isPresent()) {
            context.output(OutputLine.Stream.STDERR, "error during build: needs the project's own toolchain");
            throw new StepFailedException(BuildStatus.FAILED, "vite build exited with code 1");
        }
        buildOrder.add(sources.getOrDefault(LABEL_FILE, "").trim());
        if (holdAllBuilds || find(sources, BLOCK).isPresent()) {
            buildGate.pass(context);
        }
        if (find(sources, STALL).isPresent() || find(sources, STALL_PRINTING).isPresent()) {
            stall("build " + context.buildId(), find(sources, STALL_PRINTING).isPresent(), context);
        }
        if (find(sources, CRASH).isPresent()) {
            throw new IllegalStateException("The in-memory backend crashed on purpose");
        }
        context.output(OutputLine.Stream.STDOUT, "in-memory build of " + sources.size() + " files for base "
                + request.basePath());
        Optional<Marked> error = find(sources, BUILD_ERROR);
        if (error.isPresent()) {
            Marked at = error.get();
            context.output(OutputLine.Stream.STDERR, "error during build:");
            context.output(OutputLine.Stream.STDERR, "[vite:esbuild] Transform failed with 1 error:");
            String seen = toolWorkspace.or(() -> request.workspace().map(Path::toString)).map(root -> root + "/")
                    .orElse("") + at.path();
            context.output(OutputLine.Stream.STDERR, seen + ":" + at.line() + ":" + (at.column() - 1)
                    + ": ERROR: Unexpected " + BUILD_ERROR);  // esbuild's columns are 0-based
            throw new StepFailedException(BuildStatus.FAILED, "vite build exited with code 1");
        }
        Path installed = dependencies.folder().orElseThrow().resolve(INSTALLED_MARKER);
        if (!Files.isRegularFile(installed)) {
            throw new StepFailedException(BuildStatus.FAILED, "The dependencies are not installed: " + installed);
        }
        checkCancelled(context);
        Path out = context.scratchDirectory().resolve("in-memory-out-" + outputs.incrementAndGet());
        StringBuilder index = new StringBuilder("<!doctype html><html><head><base href=\"")
                .append(request.basePath()).append("\"></head><body><ul>\n");
        sources.forEach((path, text) -> {
            index.append("<li>").append(path).append("</li>\n");
            write(out.resolve("assets/" + path.replace('/', '_') + ".txt"), text.toUpperCase(Locale.ROOT));
        });
        write(out.resolve("index.html"), index.append("</ul></body></html>\n").toString());
        write(out.resolve("packages.txt"), read(installed));
        write(out.resolve("profile.txt"), request.profile().toString());
        write(out.resolve("toolchain.txt"), request.toolchain().map(ToolchainSet::description).orElse("project"));
        if (previewUri.isPresent()) {
            return BuildOutput.preview(previewUri.get());
        }
        return entriesOutput ? BuildOutput.entries(new FolderEntries(out)) : BuildOutput.folder(out);
    }

    @Override
    public RunningDevServer startDevServer(DevServerRequest request, DependencySet dependencies, BuildContext context) {
        devServerRequests.add(request);
        checkCancelled(context);
        if (find(sourcesOnDisk(request.workspace()), STALL_DEV_SERVER).isPresent()) {
            stall("dev server " + request.session(), false, context);
        }
        try {
            return new FileServer(request.workspace(), dependencies.id().dependencyKey());
        } catch (IOException e) {
            throw new StepFailedException(BuildStatus.FAILED, "cannot listen: " + e.getMessage());
        }
    }

    /** An in-memory "dev server": the dev workspace's files over HTTP on a loopback port. */
    private static final class FileServer implements RunningDevServer {
        private final com.sun.net.httpserver.HttpServer server;
        private final java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();

        FileServer(Path workspace, String setKey) throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(
                    java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath().substring(1);
                    Path file = workspace.resolve(path).normalize();
                    byte[] body = path.equals("__set") ? setKey.getBytes(StandardCharsets.UTF_8)
                            : file.startsWith(workspace) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
                    exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                    if (body != null) {
                        exchange.getResponseBody().write(body);
                    }
                }
            });
            server.start();
        }

        @Override
        public URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        @Override
        public boolean isAlive() {
            return !ended.isDone();
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> ended() {
            return ended.copy();
        }

        @Override
        public void close() {
            if (!ended.isDone()) {
                server.stop(0);
                ended.complete(null);
            }
        }
    }

    @Override
    public void releaseWorkspace(Path workspace) {
        released.add(workspace);
    }

    @Override
    public void discard(SetReference set) {
        discarded.add(set);
        held.remove(set);
    }

    /** The files of a folder as an entry stream, as a backend that receives a tar stream would hand them on. */
    private static final class FolderEntries implements BuildOutput.OutputEntries {
        private final Path root;
        private final java.util.Iterator<Path> files;
        private InputStream open;

        FolderEntries(Path root) {
            this.root = root;
            try (Stream<Path> walk = Files.walk(root)) {
                this.files = walk.filter(Files::isRegularFile).sorted().toList().iterator();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Optional<BuildOutput.OutputEntry> next() throws IOException {
            close();
            if (!files.hasNext()) {
                return Optional.empty();
            }
            Path file = files.next();
            open = Files.newInputStream(file);
            return Optional.of(new BuildOutput.OutputEntry(root.relativize(file).toString().replace('\\', '/'),
                    BuildOutput.OutputEntry.Type.FILE, open));
        }

        @Override
        public void close() throws IOException {
            if (open != null) {
                open.close();
                open = null;
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- gates

    /**
     * Where held installs or builds wait until released, one per permit or all at once, or until their build is
     * cancelled (they then fail as {@link BuildStatus#CANCELLED}). Thread-safe.
     */
    public static final class Gate {
        private final String name;
        private final Semaphore permits = new Semaphore(0);
        private final AtomicInteger arrived = new AtomicInteger();
        private final AtomicInteger waiting = new AtomicInteger();
        private volatile boolean open;

        private Gate(String name) {
            this.name = name;
        }

        void pass(BuildContext context) {
            CountDownLatch cancelled = new CountDownLatch(1);
            synchronized (this) {
                arrived.incrementAndGet();
                waiting.incrementAndGet();
                notifyAll();
            }
            try (BuildContext.Registration ignored = context.onStop(cancelled::countDown)) {
                while (true) {  // a stop first, so that a stopped caller never takes a permit
                    if (context.isStopped() || cancelled.getCount() == 0) {
                        context.checkRunning();
                        throw new StepFailedException(BuildStatus.CANCELLED, "The " + name + " was cancelled");
                    }
                    if (open || permits.tryAcquire(5, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailedException(BuildStatus.CANCELLED, "Interrupted at the " + name + " gate");
            } finally {
                synchronized (this) {
                    waiting.decrementAndGet();
                    notifyAll();
                }
            }
        }

        /** Lets {@code count} waiting (or later) callers through. */
        public void release(int count) {
            permits.release(count);
        }

        /** Lets every caller through, now and later. */
        public void open() {
            open = true;
        }

        /** How many callers have arrived at the gate so far, through or not. */
        public int arrived() {
            return arrived.get();
        }

        /** How many callers wait at the gate now. */
        public int waiting() {
            return waiting.get();
        }

        /**
         * Waits until exactly {@code count} callers wait at the gate.
         *
         * @throws AssertionError when that does not happen within {@code timeout}
         */
        public synchronized void awaitWaiting(int count, Duration timeout) throws InterruptedException {
            long giveUp = System.nanoTime() + timeout.toNanos();
            while (waiting.get() != count) {
                long left = giveUp - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " waiting at the " + name + " gate, found "
                            + waiting.get());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        /**
         * Waits until at least {@code count} callers have arrived at the gate.
         *
         * @throws AssertionError when that does not happen within {@code timeout}
         */
        public synchronized void awaitArrived(int count, Duration timeout) throws InterruptedException {
            long giveUp = System.nanoTime() + timeout.toNanos();
            while (arrived.get() < count) {
                long left = giveUp - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " arrivals at the " + name + " gate, found "
                            + arrived.get());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Where a marker was found: 1-based line and column. */
    private record Marked(String path, int line, int column) {}

    private static Optional<Marked> find(Map<String, String> sources, String marker) {
        for (Map.Entry<String, String> source : sources.entrySet()) {
            String[] lines = source.getValue().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                int column = lines[i].indexOf(marker);
                if (column >= 0) {
                    return Optional.of(new Marked(source.getKey(), i + 1, column + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** Every project file as text, by path, in sorted order: the request's entries, not a host folder. */
    private static Map<String, String> sources(ProjectFiles files) {
        Map<String, String> sources = new TreeMap<>();
        files.files().forEach(file -> sources.put(file.path(), file.contentAsString()));
        return sources;
    }

    /** The regular files of a workspace on disk, outside {@code node_modules}, by project path. */
    private static Map<String, String> sourcesOnDisk(Path workspace) {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(workspace)) {
            paths.filter(path -> !workspace.relativize(path).startsWith("node_modules"))
                    .filter(path -> Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .forEach(path -> sources.put(workspace.relativize(path).toString().replace('\\', '/'), read(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    private static Map<String, String> declaredPackages(Path packageJson) {
        Map<String, String> packages = new TreeMap<>();
        try {
            JsonNode manifest = JSON.readTree(Files.readAllBytes(packageJson));
            for (String field : List.of("dependencies", "devDependencies")) {
                manifest.path(field).fields().forEachRemaining(e -> packages.put(e.getKey(), e.getValue().asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packages;
    }

    /** Prints the stall notice, then waits (printing every 100 ms when asked) until the context is stopped. */
    private void stall(String what, boolean printing, BuildContext context) {
        stalled.add(what);
        try {
            context.output(OutputLine.Stream.STDOUT, stallNotice + ": " + what);
            while (!context.isStopped()) {
                Thread.sleep(100);
                if (printing) {
                    context.output(OutputLine.Stream.STDOUT, "still busy: " + what);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stalled.remove(what);
        }
        context.checkRunning();
        throw new StepFailedException(BuildStatus.CANCELLED, "The " + what + " was interrupted");
    }

    private static void checkCancelled(BuildContext context) {
        context.checkRunning();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new String(readBytes(file), StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
