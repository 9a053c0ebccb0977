package dev.previewkit.examples.bench;

import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.CacheDecision;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import dev.previewkit.backend.localnpm.LocalNpmBackend;
import dev.previewkit.examples.SampleApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * (default {@code all}; {@code lovable} runs the scenarios of {@link NewProjectBenchmark} on apps with lockfiles). Needs {@code node} and {@code npm} on {@code PATH} and the npm registry. Everything happens in
 * one temporary folder, deleted at the end.
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
 * Goals are checked on medians.
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

    private final int runs;
    private final Path root;

    private BuildBenchmark(int runs, Path root) {
        this.runs = runs;
        this.root = root;
    }

    public static void main(String[] args) throws IOException {
        int runs = 5;
        String app = "all";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = number(value(args, ++i, "--runs"));
                case "--app" -> app = value(args, ++i, "--app");
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (runs < 1) {
            usage("--runs must be at least 1");
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
        boolean lovable = app.equals("lovable") || app.equals("all");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");  // Previewkit logs each phase at info
        }

        Path root = Files.createTempDirectory("previewkit-bench-");
        int exit = 0;
        try {
            new BuildBenchmark(runs, root).run(apps);
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
        System.err.println("usage: BuildBenchmark [--runs N] [--app sample|large|lovable|all]");
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
        System.out.println();

        Map<App, Map<Scenario, Measurement>> all = new LinkedHashMap<>();
        for (App app : apps) {
            all.put(app, measure(app));
        }

        System.out.println("================ results ================");
        for (Map.Entry<App, Map<Scenario, Measurement>> entry : all.entrySet()) {
            report(entry.getKey(), entry.getValue());
        }
    }

    // ---------------------------------------------------------------------------------------------- measuring

    private Map<Scenario, Measurement> measure(App app) {
        ProjectFiles files = app.files().get();
        Path appRoot = createDirectories(root.resolve(app.name()));
        Path log = appRoot.resolve("npm-vite.log");
        System.out.printf("== %s app: %d files, %d bytes ==%n", app.name(), files.size(), files.totalBytes());
        Map<Scenario, Measurement> measured = new EnumMap<>(Scenario.class);

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
            progress(app, Scenario.NAIVE, i, naive);
            BenchFiles.deleteTree(folder);
        }
        measured.put(Scenario.NAIVE, Measurement.of(naive, List.of()));

        Timed cold = new Timed();
        for (int i = 1; i <= runs; i++) {
            Path work = appRoot.resolve("cold-" + i);
            try (PreviewBuilder previews = previews(work)) {
                cold.build(previews, files, "cold build");
            }
            progress(app, Scenario.COLD, i, cold.nanos);
            BenchFiles.deleteTree(work);
        }
        measured.put(Scenario.COLD, cold.measurement());

        Timed warmDeps = new Timed();
        Timed hit = new Timed();
        Path warmWork = appRoot.resolve("warm");
        try (PreviewBuilder previews = previews(warmWork)) {
            check(previews.build(files), "initial build of the base project (untimed)");
            for (int i = 1; i <= runs; i++) {
                String marker = "run " + i + " " + UUID.randomUUID();
                warmDeps.build(previews, BenchFiles.withSourceChange(files, marker), "build after a source change");
                progress(app, Scenario.WARM_DEPS, i, warmDeps.nanos);
            }
            measured.put(Scenario.WARM_DEPS, warmDeps.measurement());
            for (int i = 1; i <= runs; i++) {
                hit.build(previews, files, "repeated build of identical input");
                progress(app, Scenario.HIT, i, hit.nanos);
            }
            measured.put(Scenario.HIT, hit.measurement());
        }
        BenchFiles.deleteTree(warmWork);

        ProjectFiles withPackage = BenchFiles.withAddedDependency(files, ADDED_PACKAGE, ADDED_VERSION);
        Timed depChange = new Timed();
        for (int i = 1; i <= runs; i++) {
            Path work = appRoot.resolve("dep-change-" + i);
            try (PreviewBuilder previews = previews(work)) {
                check(previews.build(files), "base build before the dependency change (untimed)");
                depChange.build(previews, withPackage, "build after adding " + ADDED_PACKAGE);
            }
            progress(app, Scenario.DEP_CHANGE, i, depChange.nanos);
            BenchFiles.deleteTree(work);
        }
        measured.put(Scenario.DEP_CHANGE, depChange.measurement());
        System.out.println();
        return measured;
    }

    private Measurement timeRuns(App app, Scenario scenario, Runnable work) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            nanos.add(time(work));
            progress(app, scenario, i, nanos);
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

    private static PreviewBuilder previews(Path workDirectory) {
        return PreviewBuilder.configure()
                .backend(LocalNpmBackend.create())
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

    private void progress(App app, Scenario scenario, int run, List<Long> nanos) {
        System.out.printf("  [%s] %-10s run %d/%d: %s ms%n", app.name(), scenario.label, run, runs,
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
        System.out.printf("%s app%n", app.name());
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
