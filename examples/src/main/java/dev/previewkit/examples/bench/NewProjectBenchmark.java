package dev.previewkit.examples.bench;

import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.CacheDecision;
import dev.previewkit.PackageManager;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.examples.SampleApp;
import dev.previewkit.backend.localnpm.LocalNpmBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Scenarios of real AI-generated apps, which ship a lockfile: the lovable-style fixture ({@code lovable-app}, Vite 5,
 * shadcn/ui, about 350 installed packages) as app A, and app B made from it the way a second app of
 * the same builder differs: three packages added, one removed, other text, and a lockfile made from A's with
 * {@code npm install --package-lock-only} (untimed setup).
 *
 * <ul>
 *   <li>{@code npm-ci}: {@code npm ci --ignore-scripts} of app B in a fresh folder, warm npm cache: what every
 *       first version cost before;</li>
 *   <li>{@code new-project}: Previewkit builds app B with app A's dependency set stored (A built untimed in a
 *       fresh work directory first); its install phase is the figure the goal is about;</li>
 *   <li>{@code npm-fallback} and {@code provisioned-bun}: app A with only a {@code bun.lock} (made untimed by
 *       the provisioned bun) built by a fresh builder, by npm because bun is missing, and by bun provisioned from
 *       the npm registry beforehand (the one-time provisioning is untimed and printed).</li>
 * </ul>
 */
final class NewProjectBenchmark {
    private final int runs;
    private final Path root;

    NewProjectBenchmark(int runs, Path root) {
        this.runs = runs;
        this.root = root;
    }

    void run() {
        ProjectFiles appA = SampleApp.fromClassPath("lovable-app");
        Path log = BuildBenchmark.createDirectories(root.resolve("lovable")).resolve("npm.log");
        ProjectFiles appB = secondApp(appA, log);
        System.out.printf("== lovable-style apps: A %d files, B %d files ==%n", appA.size(), appB.size());

        List<Long> npmCi = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Path folder = BuildBenchmark.createDirectories(root.resolve("lovable/npm-ci-" + i));
            BenchFiles.writeTo(appB, folder);
            npmCi.add(BuildBenchmark.time(() -> ChildProcesses.run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"),
                    folder, log)));
            progress("npm-ci", i, npmCi);
            BenchFiles.deleteTree(folder);
        }

        List<Long> newProject = new ArrayList<>();
        List<Long> newProjectInstall = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Path work = root.resolve("lovable/new-project-" + i);
            try (PreviewBuilder previews = previews(work, LocalNpmBackend.create())) {
                BuildBenchmark.check(previews.build(appA), "app A (untimed)");
                BuildResult[] result = new BuildResult[1];
                newProject.add(BuildBenchmark.time(() -> result[0] = BuildBenchmark.check(previews.build(appB), "app B")));
                newProjectInstall.add(phase(result[0], BuildPhase.INSTALL));
                outcomes.add(result[0].cacheDecision(CacheDecision.Kind.DEPENDENCIES).orElseThrow().outcome().name());
            }
            progress("new-project", i, newProject);
            BenchFiles.deleteTree(work);
        }

        Path tools = root.resolve("lovable/tools");
        ProjectFiles bunOnly = bunLockedApp(appA, tools);
        List<Long> npmFallback = installTimes(bunOnly, LocalNpmBackend.create(), PackageManager.NPM, "npm-fallback");
        List<Long> provisioned = installTimes(bunOnly, LocalNpmBackend.builder().provisionPackageManagers(tools).build(),
                PackageManager.BUN, "provisioned-bun");

        Stats ci = Stats.ofNanos(npmCi);
        Stats install = Stats.ofNanos(newProjectInstall);
        System.out.println();
        System.out.println("lovable-style apps (install phase unless said otherwise)");
        row("npm-ci", ci, "app B, fresh folder");
        row("new-project", Stats.ofNanos(newProject), "whole build of app B, dependencies " + String.join(" ", outcomes));
        row("  install", install, "its install phase");
        row("npm-fallback", Stats.ofNanos(npmFallback), "app A with only bun.lock, bun missing: npm install");
        row("provisioned-bun", Stats.ofNanos(provisioned), "the same with bun provisioned from the npm registry");
        System.out.printf(Locale.ROOT, "  ratios: npm-ci/new-project install = %.1f   npm-fallback/provisioned-bun = %.1f%n",
                ci.median() / install.median(), Stats.ofNanos(npmFallback).median() / Stats.ofNanos(provisioned).median());
        boolean met = install.median() <= 3000 && ci.median() >= 10_000;
        System.out.printf("  goal: %s new-project install <= 3 s where npm ci >= 10 s (%s ms vs %s ms)%n",
                met ? "met   " : (ci.median() < 10_000 ? "n/a   " : "MISSED"), Stats.ms(install.median()),
                Stats.ms(ci.median()));
    }

    /** Fresh builders install {@code files}; the install phase of each is timed. */
    private List<Long> installTimes(ProjectFiles files, LocalNpmBackend backend, PackageManager expected, String label) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Path work = root.resolve("lovable/" + label + "-" + i);
            try (PreviewBuilder previews = previews(work, backend)) {
                BuildResult result = BuildBenchmark.check(previews.build(files), label);
                if (result.packageManager().orElseThrow() != expected) {
                    throw new BenchmarkFailure(label + " installed with " + result.packageManager() + ", not " + expected);
                }
                nanos.add(phase(result, BuildPhase.INSTALL));
            }
            progress(label, i, nanos);
            BenchFiles.deleteTree(work);
        }
        return nanos;
    }

    /**
     * App A without its npm lockfile but with a {@code bun.lock}, made by bun provisioned into {@code tools} (by
     * one untimed build, whose time is printed).
     */
    private ProjectFiles bunLockedApp(ProjectFiles appA, Path tools) {
        ProjectFiles withoutLock = BenchFiles.without(appA, "package-lock.json", Map.of());
        Path work = root.resolve("lovable/provisioning");
        long[] took = new long[1];
        try (PreviewBuilder previews = previews(work, LocalNpmBackend.builder().provisionPackageManagers(tools).build())) {
            took[0] = BuildBenchmark.time(() -> BuildBenchmark.check(previews.build(BenchFiles.withFile(withoutLock, "package.json",
                    json -> json.replace("\"private\": true,", "\"private\": true,\n  \"packageManager\": \"bun@1.4.5\",")
            )), "provisioning bun"));
        }
        BenchFiles.deleteTree(work);
        System.out.printf("  one-time provisioning of bun and a first bun install (untimed): %d ms%n", took[0] / 1_000_000);
        Path bun = bunExecutable(tools);
        Path folder = BuildBenchmark.createDirectories(root.resolve("lovable/bun-lock"));
        BenchFiles.writeTo(withoutLock, folder);
        ChildProcesses.run(List.of(bun.toString(), "install", "--lockfile-only"), folder, root.resolve("lovable/npm.log"));
        ProjectFiles bunLocked = BenchFiles.without(appA, "package-lock.json",
                Map.of("bun.lock", read(folder.resolve("bun.lock"))));
        BenchFiles.deleteTree(folder);
        return bunLocked;
    }

    private static Path bunExecutable(Path tools) {
        try (Stream<Path> walk = Files.walk(tools)) {
            return walk.filter(path -> path.endsWith("bin/bun") && Files.isExecutable(path)).findFirst()
                    .orElseThrow(() -> new BenchmarkFailure("No provisioned bun under " + tools));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** App B: packages added and removed, other text, a lockfile made from A's by npm (untimed). */
    private ProjectFiles secondApp(ProjectFiles appA, Path log) {
        ProjectFiles changed = BenchFiles.withFile(BenchFiles.withFile(appA, "package.json", json -> json
                        .replace("    \"recharts\": \"^2.15.4\",\n", "")
                        .replace("\"@hookform/resolvers\": \"^3.10.0\",", "\"@hookform/resolvers\": \"^3.10.0\",\n"
                                + "    \"@supabase/supabase-js\": \"^2.50.0\",\n"
                                + "    \"embla-carousel-autoplay\": \"^8.6.0\",\n    \"zustand\": \"^5.0.0\",")),
                "src/pages/Index.tsx", text -> text.replace("Lovable fixture dashboard", "Second app " + UUID.randomUUID()));
        if (changed.file("package.json").orElseThrow().contentAsString().contains("recharts")) {
            throw new BenchmarkFailure("The fixture's package.json changed: cannot derive app B from it");
        }
        Path folder = BuildBenchmark.createDirectories(root.resolve("lovable/lock-b"));
        BenchFiles.writeTo(changed, folder);
        ChildProcesses.run(List.of("npm", "install", "--package-lock-only", "--ignore-scripts", "--no-audit",
                "--no-fund"), folder, log);
        ProjectFiles appB = BenchFiles.withFile(changed, "package-lock.json",
                ignored -> new String(read(folder.resolve("package-lock.json")), StandardCharsets.UTF_8));
        BenchFiles.deleteTree(folder);
        return appB;
    }

    private static PreviewBuilder previews(Path work, LocalNpmBackend backend) {
        return PreviewBuilder.configure().backend(backend).workDirectory(work).build();
    }

    private static long phase(BuildResult result, BuildPhase phase) {
        Duration took = result.phaseDurations().get(phase);
        return took == null ? 0 : took.toNanos();
    }

    private void progress(String label, int run, List<Long> nanos) {
        System.out.printf("  [lovable] %-15s run %d/%d: %s ms%n", label, run, runs,
                Stats.ms(nanos.get(nanos.size() - 1) / 1_000_000.0));
    }

    private static void row(String label, Stats stats, String what) {
        System.out.printf("  %-15s %9s %9s %9s   %s%n", label, Stats.ms(stats.min()), Stats.ms(stats.median()),
                Stats.ms(stats.max()), what);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
