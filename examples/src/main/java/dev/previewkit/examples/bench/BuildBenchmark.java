package dev.previewkit.examples.bench;

import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.CacheDecision;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import dev.previewkit.examples.SampleApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Times Previewkit's builds against plain {@code npm install} + {@code vite build}, for the bundled sample app
 * and a larger fixture app ({@code bench-large-app}: React 19, Vite 8, 40 dependencies).
 *
 * <p>Run it from the repository root; this builds the modules it needs, then runs the benchmark (about 20
 * minutes for {@code --app all} with 5 runs on 2 cores):
 *
 * <pre>
 * ./mvnw -q -pl examples -am -DskipTests package exec:java \
 *     -Dexec.mainClass=dev.previewkit.examples.bench.BuildBenchmark -Dexec.args="--runs 5 --app all"
 * </pre>
 *
 * <p>Options: {@code --runs N} timed runs per scenario (default 5); {@code --app sample|large|lovable|all}
 * (default {@code all}; {@code lovable} runs the scenarios of {@link NewProjectBenchmark} on apps with lockfiles);
 * {@code --backend local|docker|both}, what the Previewkit scenarios build with (default {@code local}): the
 * {@code LocalNpmBackend}, the {@code DockerBackend}, or both side by side, their runs alternating;
 * {@code --docker-image IMAGE}, the Docker backend's image (default {@code previewkit/test-node:local}, which
 * {@code .ci/docker-test-image} builds). Needs {@code node} and {@code npm} on {@code PATH} and the npm registry;
 * for Docker, the engine {@code DOCKER_HOST} names (the local socket by default) with the image, and the CA bundle
 * of {@code NODE_EXTRA_CA_CERTS} when the registry sits behind TLS interception. Everything happens in one
 * temporary folder, deleted at the end, and in one Docker namespace, whose volumes are removed at the end.
 *
 * <p>For example, the sample app on both backends:
 *
 * <pre>
 * ./mvnw -q -pl examples -am -DskipTests package exec:java \
 *     -Dexec.mainClass=dev.previewkit.examples.bench.BuildBenchmark \
 *     -Dexec.args="--runs 5 --app sample --backend both"
 * </pre>
 *
 * <p>Scenarios, each timed as wall-clock around the work itself (setup and clean-up are not timed):
 * <ul>
 *   <li>{@code naive}: a fresh folder, {@code npm install --no-audit --no-fund} (warm npm cache) then
 *       {@code node node_modules/vite/bin/vite.js build}, as child processes with the JVM's environment;</li>
 *   <li>{@code raw-vite}: only the Vite build, in an installed folder: the floor;</li>
 *   <li>{@code cold}: {@link PreviewBuilder#build} with an empty work directory (builder creation untimed);</li>
 *   <li>{@code warm-deps}: Previewkit with the dependencies stored, after a change to {@code src/main.tsx};</li>
 *   <li>{@code dep-change}: Previewkit with the base dependency set stored, after adding one small package;</li>
 *   <li>{@code hit}: Previewkit with identical input built before.</li>
 * </ul>
 * {@code naive} and {@code raw-vite} run on the host, with the local backend; the Previewkit scenarios run on each
 * backend chosen. Goals are checked on medians. With both backends, the difference Docker − local is printed for
 * each Previewkit scenario, with the goal that Docker's {@code warm-deps} is within 1.0 s of local's; with Docker,
 * where its time goes: the median of each phase, and of each step of its containers (engine calls, the archives
 * in and out, the steps of its bootstrap inside the container), from the backend's DEBUG lines.
 */
public final class BuildBenchmark {
    /** The package the {@code dep-change} scenario adds; tiny, without dependencies, in neither app's tree. */
    static final String ADDED_PACKAGE = "dequal";
    static final String ADDED_VERSION = "2.0.3";

    /** What is timed. */
    enum Scenario {
        NAIVE("naive"), RAW_VITE("raw-vite"), COLD("cold"), WARM_DEPS("warm-deps"), DEP_CHANGE("dep-change"),
        HIT("hit");

        final String label;

        Scenario(String label) {
            this.label = label;
        }
    }

    /** One app to benchmark. */
    record App(String name, Supplier<ProjectFiles> files) {}

    /**
     * What was measured for one scenario: run times, for Previewkit scenarios the results, and the machine's
     * 1-minute load average when the scenario ended (above the core count, something else competed for the CPU).
     */
    record Measurement(Stats stats, List<BuildResult> results, double load) {
        static Measurement of(List<Long> nanos, List<BuildResult> results) {
            return new Measurement(Stats.ofNanos(nanos), List.copyOf(results), loadAverage());
        }
    }

    /** One goal and whether the medians meet it. */
    record Goal(String text, String actual, boolean met) {}

    /** Docker warm-deps may take at most this much longer than local warm-deps. */
    static final double DOCKER_WARM_DEPS_ALLOWANCE_MS = 1000;

    private final int runs;
    private final Path root;
    private final List<BenchBackend> backends;
    private final Optional<ContainerTimings> timings;

    private BuildBenchmark(int runs, Path root, List<BenchBackend> backends, Optional<ContainerTimings> timings) {
        this.runs = runs;
        this.root = root;
        this.backends = List.copyOf(backends);
        this.timings = timings;
    }

    public static void main(String[] args) throws IOException {
        int runs = 5;
        String app = "all";
        String backend = "local";
        String dockerImage = DockerBench.DEFAULT_IMAGE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = number(value(args, ++i, "--runs"));
                case "--app" -> app = value(args, ++i, "--app");
                case "--backend" -> backend = value(args, ++i, "--backend");
                case "--docker-image" -> dockerImage = value(args, ++i, "--docker-image");
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (runs < 1) {
            usage("--runs must be at least 1");
        }
        if (!List.of("local", "docker", "both").contains(backend)) {
            usage("--backend must be local, docker or both: " + backend);
        }
        boolean local = !backend.equals("docker");
        boolean docker = !backend.equals("local");
        if (!local && app.equals("lovable")) {
            usage("--app lovable runs on the local backend only: its scenarios time npm, bun and seeding on the host");
        }
        List<App> apps = switch (app) {
            case "sample" -> List.of(sample());
            case "large" -> List.of(large());
            case "all" -> List.of(sample(), large());
            case "lovable" -> List.of();
            default -> {
                usage("--app must be sample, large, lovable or all: " + app);
                yield List.of();
            }
        };
        boolean lovable = (app.equals("lovable") || app.equals("all")) && local;
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");  // Previewkit logs each phase at info
        }
        Optional<ContainerTimings> timings = docker ? Optional.of(ContainerTimings.capture()) : Optional.empty();

        Path root = Files.createTempDirectory("previewkit-bench-");
        List<BenchBackend> backends = new ArrayList<>();
        int exit = 0;
        try {
            if (local) {
                backends.add(BenchBackend.local());
            }
            if (docker) {
                backends.add(new DockerBench(dockerImage));
            }
            new BuildBenchmark(runs, root, backends, timings).run(apps);
            if (lovable) {
                new NewProjectBenchmark(runs, root).run();
            }
        } catch (BenchmarkFailure | PreviewException | UncheckedIOException e) {
            System.out.flush();
            System.err.println();
            System.err.println("Benchmark aborted: " + e.getMessage());
            exit = 1;
        } finally {
            System.out.println("Deleting " + root + " ...");
            BenchFiles.deleteTree(root);
            backends.forEach(BenchBackend::close);
            timings.ifPresent(ContainerTimings::close);
        }
        if (exit != 0) {
            System.exit(exit);
        }
    }

    private static App sample() {
        return new App("sample", SampleApp::files);
    }

    private static App large() {
        return new App("large", () -> SampleApp.fromClassPath("bench-large-app"));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            usage(option + " needs a value");
        }
        return args[index];
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            usage("--runs needs a whole number: " + text);
            return 0;
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: BuildBenchmark [--runs N] [--app sample|large|lovable|all]"
                + " [--backend local|docker|both] [--docker-image IMAGE]");
        System.exit(2);
    }

    private void run(List<App> apps) {
        System.out.println("Previewkit build benchmark");
        System.out.printf("machine: %d cores, %s %s %s, Java %s, Node %s, npm %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), System.getProperty("java.version"),
                ChildProcesses.firstLine("node", "--version"), ChildProcesses.firstLine("npm", "--version"));
        System.out.printf("runs per scenario: %d; times are wall-clock milliseconds; goals use medians%n", runs);
        System.out.printf(Locale.ROOT, "load: the 1-minute load average when a scenario ended, this benchmark's own work"
                + " included (now %.2f); well above %d cores means other work competed for the CPU%n", loadAverage(), Runtime.getRuntime().availableProcessors());
        System.out.println("work folder: " + root);
        System.out.println("Previewkit scenarios on: " + backends.stream().map(backend -> backend instanceof DockerBench docker
                ? "docker (" + docker.describe() + ")" : backend.label()).collect(Collectors.joining(", "))
                + (backends.size() > 1 ? "; their runs alternate, in turn first" : ""));
        System.out.println();

        Map<App, Map<BenchBackend, Map<Scenario, Measurement>>> all = new LinkedHashMap<>();
        for (App app : apps) {
            all.put(app, measure(app));
        }

        System.out.println("================ results ================");
        for (Map.Entry<App, Map<BenchBackend, Map<Scenario, Measurement>>> entry : all.entrySet()) {
            Map<BenchBackend, Map<Scenario, Measurement>> measured = entry.getValue();
            Optional<BenchBackend> local = backend("local");
            Optional<BenchBackend> docker = backend("docker");
            local.ifPresent(backend -> report(entry.getKey(), measured.get(backend)));
            docker.ifPresent(backend -> reportDocker(entry.getKey(), measured.get(backend)));
            if (local.isPresent() && docker.isPresent()) {
                compare(entry.getKey(), measured.get(local.get()), measured.get(docker.get()));
            }
        }
    }

    private Optional<BenchBackend> backend(String label) {
        return backends.stream().filter(backend -> backend.label().equals(label)).findFirst();
    }

    // ---------------------------------------------------------------------------------------------- measuring

    /**
     * Measures one app: {@code naive} and {@code raw-vite} once (with the local backend), the Previewkit scenarios
     * on each backend; the local backend's map holds both.
     */
    private Map<BenchBackend, Map<Scenario, Measurement>> measure(App app) {
        ProjectFiles files = app.files().get();
        Path appRoot = createDirectories(root.resolve(app.name()));
        Path log = appRoot.resolve("npm-vite.log");
        System.out.printf("== %s app: %d files, %d bytes ==%n", app.name(), files.size(), files.totalBytes());
        Map<BenchBackend, Map<Scenario, Measurement>> measured = new LinkedHashMap<>();
        backends.forEach(backend -> measured.put(backend, new EnumMap<>(Scenario.class)));

        Optional<BenchBackend> local = backend("local");
        if (local.isPresent()) {
            measureTools(app, files, appRoot, log, measured.get(local.get()));
        }
        for (BenchBackend backend : backends) {
            if (backend.warmUpBuild()) {
                // Untimed: fills the backend's own npm cache and warms the image, as the npm install above does
                // for the local backend.
                Path work = appRoot.resolve(backend.label() + "-warm-up");
                long took = time(() -> {
                    try (PreviewBuilder previews = previews(backend, work)) {
                        check(previews.build(files), backend.label() + " warm-up build");
                    }
                });
                BenchFiles.deleteTree(work);
                backend.emptyStore();
                System.out.printf("  warm-up %s build (untimed): %d ms%n", backend.label(), took / 1_000_000);
            }
        }

        Map<BenchBackend, Timed> cold = timers();
        for (int i = 1; i <= runs; i++) {
            for (BenchBackend backend : inTurn(i)) {
                Path work = appRoot.resolve(backend.label() + "-cold-" + i);
                try (PreviewBuilder previews = previews(backend, work)) {
                    cold.get(backend).build(previews, files, backend.label() + " cold build");
                }
                progress(app, backend, Scenario.COLD, i, cold.get(backend).nanos);
                BenchFiles.deleteTree(work);
                backend.emptyStore();
            }
        }
        cold.forEach((backend, timed) -> measured.get(backend).put(Scenario.COLD, timed.measurement()));

        Map<BenchBackend, Timed> warmDeps = timers();
        Map<BenchBackend, Timed> hit = timers();
        Map<BenchBackend, PreviewBuilder> warm = new LinkedHashMap<>();
        try {
            for (BenchBackend backend : backends) {
                PreviewBuilder previews = previews(backend, appRoot.resolve(backend.label() + "-warm"));
                warm.put(backend, previews);
                check(previews.build(files), backend.label() + " initial build of the base project (untimed)");
            }
            for (int i = 1; i <= runs; i++) {
                for (BenchBackend backend : inTurn(i)) {
                    String marker = backend.label() + " run " + i + " " + UUID.randomUUID();
                    warmDeps.get(backend).build(warm.get(backend), BenchFiles.withSourceChange(files, marker),
                            backend.label() + " build after a source change");
                    progress(app, backend, Scenario.WARM_DEPS, i, warmDeps.get(backend).nanos);
                }
            }
            for (int i = 1; i <= runs; i++) {
                for (BenchBackend backend : inTurn(i)) {
                    hit.get(backend).build(warm.get(backend), files, backend.label() + " repeated build of identical input");
                    progress(app, backend, Scenario.HIT, i, hit.get(backend).nanos);
                }
            }
        } finally {
            warm.values().forEach(PreviewBuilder::close);
        }
        for (BenchBackend backend : backends) {
            measured.get(backend).put(Scenario.WARM_DEPS, warmDeps.get(backend).measurement());
            measured.get(backend).put(Scenario.HIT, hit.get(backend).measurement());
            BenchFiles.deleteTree(appRoot.resolve(backend.label() + "-warm"));
            backend.emptyStore();
        }

        ProjectFiles withPackage = BenchFiles.withAddedDependency(files, ADDED_PACKAGE, ADDED_VERSION);
        Map<BenchBackend, Timed> depChange = timers();
        for (int i = 1; i <= runs; i++) {
            for (BenchBackend backend : inTurn(i)) {
                Path work = appRoot.resolve(backend.label() + "-dep-change-" + i);
                try (PreviewBuilder previews = previews(backend, work)) {
                    check(previews.build(files), backend.label() + " base build before the dependency change (untimed)");
                    depChange.get(backend).build(previews, withPackage, backend.label() + " build after adding "
                            + ADDED_PACKAGE);
                }
                progress(app, backend, Scenario.DEP_CHANGE, i, depChange.get(backend).nanos);
                BenchFiles.deleteTree(work);
                backend.emptyStore();
            }
        }
        depChange.forEach((backend, timed) -> measured.get(backend).put(Scenario.DEP_CHANGE, timed.measurement()));
        System.out.println();
        return measured;
    }

    /** {@code naive} and {@code raw-vite}: npm and Vite on the host, without Previewkit. */
    private void measureTools(App app, ProjectFiles files, Path appRoot, Path log, Map<Scenario, Measurement> measured) {
        // Untimed warm-up: one install fills the npm cache, one build warms Vite and the disk cache; the
        // installed folder then serves raw-vite.
        Path installed = createDirectories(appRoot.resolve("installed"));
        BenchFiles.writeTo(files, installed);
        long warmUp = time(() -> ChildProcesses.run(ChildProcesses.npmInstall(), installed, log));
        ChildProcesses.run(ChildProcesses.viteBuild(), installed, log);
        System.out.printf("  warm-up npm install (untimed): %d ms%n", warmUp / 1_000_000);

        measured.put(Scenario.RAW_VITE, timeRuns(app, Scenario.RAW_VITE,
                () -> ChildProcesses.run(ChildProcesses.viteBuild(), installed, log)));
        BenchFiles.deleteTree(installed);

        List<Long> naive = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Path folder = createDirectories(appRoot.resolve("naive-" + i));
            BenchFiles.writeTo(files, folder);
            naive.add(time(() -> {
                ChildProcesses.run(ChildProcesses.npmInstall(), folder, log);
                ChildProcesses.run(ChildProcesses.viteBuild(), folder, log);
            }));
            progress(app, null, Scenario.NAIVE, i, naive);
            BenchFiles.deleteTree(folder);
        }
        measured.put(Scenario.NAIVE, Measurement.of(naive, List.of()));
    }

    private Map<BenchBackend, Timed> timers() {
        Map<BenchBackend, Timed> timers = new LinkedHashMap<>();
        backends.forEach(backend -> timers.put(backend, new Timed()));
        return timers;
    }

    /** The backends in the order of run {@code run}: each goes first in turn, so neither always follows the other. */
    private List<BenchBackend> inTurn(int run) {
        List<BenchBackend> order = new ArrayList<>(backends);
        Collections.rotate(order, -(run - 1));
        return order;
    }

    private Measurement timeRuns(App app, Scenario scenario, Runnable work) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            nanos.add(time(work));
            progress(app, null, scenario, i, nanos);
        }
        return Measurement.of(nanos, List.of());
    }

    /** Times Previewkit builds and keeps their results; each must succeed. */
    private static final class Timed {
        final List<Long> nanos = new ArrayList<>();
        final List<BuildResult> results = new ArrayList<>();

        void build(PreviewBuilder previews, ProjectFiles files, String what) {
            BuildResult[] result = new BuildResult[1];
            nanos.add(time(() -> result[0] = previews.build(files)));
            results.add(check(result[0], what));
        }

        Measurement measurement() {
            return Measurement.of(nanos, results);
        }
    }

    /** The system's 1-minute load average, or -1 where the platform has none. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static PreviewBuilder previews(BenchBackend backend, Path workDirectory) {
        return PreviewBuilder.configure()
                .backend(backend.create(workDirectory))
                .workDirectory(workDirectory)
                .build();
    }

    static BuildResult check(BuildResult result, String what) {
        if (!result.succeeded()) {
            String log = result.log().lines().skip(Math.max(0, result.log().lines().count() - 30))
                    .collect(Collectors.joining("\n"));
            throw new BenchmarkFailure("Previewkit " + what + " did not succeed: " + result.status() + ": "
                    + result.message() + "\ncache decisions: " + result.cacheDecisions() + "\nlast lines of its log:\n"
                    + log);
        }
        return result;
    }

    static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    /** One run's time; with a backend other than the local one alone, the backend is named. */
    private void progress(App app, BenchBackend backend, Scenario scenario, int run, List<Long> nanos) {
        String tag = backend == null || backends.equals(List.of(backend)) && backend.label().equals("local")
                ? app.name() : app.name() + "/" + backend.label();
        System.out.printf("  [%s] %-10s run %d/%d: %s ms%n", tag, scenario.label, run, runs,
                Stats.ms(nanos.get(nanos.size() - 1) / 1_000_000.0));
    }

    static Path createDirectories(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder, e);
        }
    }

    // ---------------------------------------------------------------------------------------------- reporting

    private void report(App app, Map<Scenario, Measurement> measured) {
        System.out.println();
        System.out.printf("%s app%s%n", app.name(), backends.size() > 1 ? ", local backend" : "");
        System.out.printf("  %-11s %9s %9s %9s %6s   %s%n", "scenario", "min", "median", "max", "load",
                "cache decisions / phases");
        for (Scenario scenario : Scenario.values()) {
            Measurement m = measured.get(scenario);
            Stats s = m.stats();
            System.out.printf(Locale.ROOT, "  %-11s %9s %9s %9s %6.2f   %s%n", scenario.label, Stats.ms(s.min()),
                    Stats.ms(s.median()), Stats.ms(s.max()), m.load(), m.results().isEmpty() ? "" : decisions(m.results()));
            if (!m.results().isEmpty()) {
                System.out.printf("  %-11s %36s   %s%n", "", "", phases(m.results()));
            }
        }
        double naive = median(measured, Scenario.NAIVE);
        double raw = median(measured, Scenario.RAW_VITE);
        double cold = median(measured, Scenario.COLD);
        double warm = median(measured, Scenario.WARM_DEPS);
        double depChange = median(measured, Scenario.DEP_CHANGE);
        double hit = median(measured, Scenario.HIT);
        System.out.printf(Locale.ROOT, "  ratios: warm-deps/raw-vite = %.2f   naive/warm-deps = %.1f   cold/naive = %.2f%n",
                warm / raw, naive / warm, cold / naive);

        String seen = outcomes(measured.get(Scenario.DEP_CHANGE).results(), CacheDecision.Kind.DEPENDENCIES);
        System.out.printf("  dep-change (+%s@%s) dependency cache outcome: %s%s%n", ADDED_PACKAGE, ADDED_VERSION, seen,
                seen.equals("SEEDED x" + runs) ? "" : "  (expected SEEDED)");

        boolean sample = app.name().equals("sample");
        List<Goal> goals = new ArrayList<>();
        goals.add(new Goal("warm-deps <= 1.15 x raw-vite", String.format(Locale.ROOT, "%.2f x", warm / raw),
                warm <= 1.15 * raw));
        if (sample) {
            goals.add(new Goal("naive/warm-deps >= 7", String.format(Locale.ROOT, "%.1f", naive / warm),
                    naive / warm >= 7));
        }
        goals.add(new Goal("hit <= 10 ms", Stats.ms(hit) + " ms", hit <= 10));
        goals.add(new Goal("cold <= 1.0 x naive", String.format(Locale.ROOT, "%.2f x", cold / naive),
                cold <= naive));
        if (sample) {
            goals.add(new Goal("dep-change <= 2.5 s", Stats.ms(depChange) + " ms", depChange <= 2500));
        }
        System.out.println("  goals:");
        for (Goal goal : goals) {
            System.out.printf("    %-8s %-30s (%s)%n", goal.met() ? "met" : "MISSED", goal.text(), goal.actual());
        }
        if (!sample) {
            System.out.println("    (naive/warm-deps >= 7 and dep-change <= 2.5 s are goals for the sample app only)");
        }
    }

    /** The Previewkit scenarios that run on every backend. */
    private static final List<Scenario> PREVIEWKIT = List.of(Scenario.COLD, Scenario.WARM_DEPS, Scenario.DEP_CHANGE,
            Scenario.HIT);

    /** The Docker backend's scenarios, their phases, and where each container's time went. */
    private void reportDocker(App app, Map<Scenario, Measurement> measured) {
        System.out.println();
        System.out.printf("%s app, docker backend%n", app.name());
        System.out.printf("  %-11s %9s %9s %9s %6s   %s%n", "scenario", "min", "median", "max", "load",
                "cache decisions / phases");
        for (Scenario scenario : PREVIEWKIT) {
            Measurement m = measured.get(scenario);
            Stats s = m.stats();
            System.out.printf(Locale.ROOT, "  %-11s %9s %9s %9s %6.2f   %s%n", scenario.label, Stats.ms(s.min()),
                    Stats.ms(s.median()), Stats.ms(s.max()), m.load(), decisions(m.results()));
            System.out.printf("  %-11s %36s   %s%n", "", "", phases(m.results()));
        }
        String seen = outcomes(measured.get(Scenario.DEP_CHANGE).results(), CacheDecision.Kind.DEPENDENCIES);
        System.out.printf("  dep-change (+%s@%s) dependency cache outcome: %s%s%n", ADDED_PACKAGE, ADDED_VERSION, seen,
                seen.equals("SEEDED x" + runs) ? "" : "  (expected SEEDED)");
        if (timings.isEmpty() || !timings.get().any()) {
            System.out.println("  (no container timings captured: the backend's DEBUG lines did not reach System.err)");
            return;
        }
        System.out.println("  where the time goes, median ms per container (engine calls from the JVM; inside: the");
        System.out.println("  container's bootstrap: boot = Node.js up to it, wait = for the files, command = npm or Vite)");
        for (Scenario scenario : List.of(Scenario.COLD, Scenario.WARM_DEPS, Scenario.DEP_CHANGE)) {
            for (String role : List.of("install", "build")) {
                Map<String, Double> steps = timings.get().medians(measured.get(scenario).results(), role);
                if (steps.isEmpty()) {
                    continue;
                }
                List<String> host = new ArrayList<>();
                List<String> inside = new ArrayList<>();
                steps.forEach((step, millis) -> (step.startsWith("inside.") ? inside : host)
                        .add(step.replace("inside.", "") + " " + Stats.ms(millis)));
                System.out.printf("    %-10s %-7s %s%n", scenario.label, role, String.join(" · ", host));
                System.out.printf("    %-10s %-7s   inside: %s%n", "", "", String.join(" · ", inside));
            }
        }
    }

    /** Docker − local for each Previewkit scenario and phase, and the goal on warm-deps. */
    private void compare(App app, Map<Scenario, Measurement> local, Map<Scenario, Measurement> docker) {
        System.out.println();
        System.out.printf("%s app, docker - local (medians, ms)%n", app.name());
        System.out.printf("  %-11s %9s %9s %9s   %s%n", "scenario", "local", "docker", "docker-local",
                "phases docker-local");
        for (Scenario scenario : PREVIEWKIT) {
            double l = median(local, scenario);
            double d = median(docker, scenario);
            List<String> phases = new ArrayList<>();
            for (BuildPhase phase : BuildPhase.values()) {
                Optional<Double> lp = phaseMedian(local.get(scenario).results(), phase);
                Optional<Double> dp = phaseMedian(docker.get(scenario).results(), phase);
                if (lp.isPresent() && dp.isPresent()) {
                    phases.add(phase + " " + signed(dp.get() - lp.get()));
                }
            }
            System.out.printf(Locale.ROOT, "  %-11s %9s %9s %12s   %s%n", scenario.label, Stats.ms(l), Stats.ms(d),
                    signed(d - l), String.join(" · ", phases));
        }
        double delta = median(docker, Scenario.WARM_DEPS) - median(local, Scenario.WARM_DEPS);
        System.out.printf(Locale.ROOT, "  goal: Docker warm-deps within %.1f s of local warm-deps: %s (\u0394 = %s ms)%n",
                DOCKER_WARM_DEPS_ALLOWANCE_MS / 1000, delta <= DOCKER_WARM_DEPS_ALLOWANCE_MS ? "met" : "not met",
                Stats.ms(delta));
    }

    private static String signed(double millis) {
        return (millis >= 0 ? "+" : "-") + Stats.ms(Math.abs(millis));
    }

    private static Optional<Double> phaseMedian(List<BuildResult> results, BuildPhase phase) {
        List<Long> nanos = results.stream().map(r -> r.phaseDurations().get(phase)).filter(d -> d != null)
                .map(Duration::toNanos).toList();
        return nanos.size() == results.size() && !nanos.isEmpty() ? Optional.of(Stats.ofNanos(nanos).median())
                : Optional.empty();
    }

    private static double median(Map<Scenario, Measurement> measured, Scenario scenario) {
        return measured.get(scenario).stats().median();
    }

    /** Counts of each cache's outcomes, such as {@code ARTIFACT MISS x5, DEPENDENCIES REUSED x5}. */
    private static String decisions(List<BuildResult> results) {
        List<String> parts = new ArrayList<>();
        for (CacheDecision.Kind kind : CacheDecision.Kind.values()) {
            String seen = outcomes(results, kind);
            if (!seen.isEmpty()) {
                parts.add(kind + " " + seen);
            }
        }
        return String.join(", ", parts);
    }

    private static String outcomes(List<BuildResult> results, CacheDecision.Kind kind) {
        Map<String, Long> counts = new TreeMap<>();
        for (BuildResult result : results) {
            result.cacheDecision(kind).ifPresent(d -> counts.merge(d.outcome().name(), 1L, Long::sum));
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(" + "));
    }

    /** The median time of each phase that ran, such as {@code phases: INSTALL 31 · BUILD 2140}. */
    private static String phases(List<BuildResult> results) {
        List<String> parts = new ArrayList<>();
        for (BuildPhase phase : BuildPhase.values()) {
            List<Long> nanos = results.stream().map(r -> r.phaseDurations().get(phase))
                    .filter(d -> d != null).map(Duration::toNanos).toList();
            if (nanos.size() == results.size()) {
                parts.add(phase + " " + Stats.ms(Stats.ofNanos(nanos).median()));
            }
        }
        return parts.isEmpty() ? "phases: none ran" : "median phases (ms): " + String.join(" · ", parts);
    }
}
