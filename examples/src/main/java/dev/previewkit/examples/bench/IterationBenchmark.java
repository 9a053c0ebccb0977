package dev.previewkit.examples.bench;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.DevServer;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewException;
import dev.previewkit.PreviewSession;
import dev.previewkit.ProjectFiles;
import dev.previewkit.backend.localnpm.LocalNpmBackend;
import dev.previewkit.examples.BrowserPage;
import dev.previewkit.examples.SampleApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times how fast a one-file change reaches a preview, on the bundled sample app (Vite 8) and on the lovable.dev-style
 * fixture ({@code lovable-app}: Vite 5, shadcn/ui with about 50 Radix packages, 57 components), against a fresh
 * {@code vite build} measured in the same run:
 * <ul>
 *   <li>{@code raw-vite}: the project's own {@code node node_modules/vite/bin/vite.js build} in an installed folder
 *       after the change, as a new process: what a plain build costs;</li>
 *   <li>{@code one-off}: {@link PreviewBuilder#build} of the changed project with its dependencies stored, production
 *       profile and the project's own Vite, as a host calling it per version did before sessions were warm;</li>
 *   <li>{@code incremental}: a warm session (the default session profile: the modern toolchain and the warm build
 *       worker), from {@link PreviewSession#submit} until the new version is published and current;</li>
 *   <li>{@code hmr}: the session's dev server open in headless Chromium, from {@code submit} until the page shows
 *       the change, checked to have come without a reload.</li>
 * </ul>
 * Goals, on medians: on the lovable-style app {@code incremental} within 2 s and {@code hmr} within 1 s; on the
 * sample app {@code incremental} at most half of {@code raw-vite}.
 *
 * <pre>
 * ./mvnw -q -pl examples -am -DskipTests package exec:java \
 *     -Dexec.mainClass=dev.previewkit.examples.bench.IterationBenchmark -Dexec.args="--runs 10 --app all"
 * </pre>
 *
 * <p>Options: {@code --runs N} (default 10), {@code --app sample|lovable|all} (default all). Needs Node.js, npm, the
 * npm registry and Debian's {@code chromium}. Works in one temporary folder, deleted at the end.
 */
public final class IterationBenchmark {
    private static final Pattern WORKER_MILLIS = Pattern.compile("warm build worker \\(build \\d+, \\w+(?:, [^,]+)?, (\\d+) ms\\)");

    /** An app and the one-line change each run makes to one of its components. */
    record App(String name, ProjectFiles files, String component, String text) {
        ProjectFiles changed(String marker) {
            return BenchFiles.withFile(files, component, content -> {
                if (!content.contains(text)) {
                    throw new BenchmarkFailure(component + " of the " + name + " app no longer says '" + text + "'");
                }
                return content.replace(text, text + " " + marker);
            });
        }
    }

    private final int runs;
    private final Path root;

    private IterationBenchmark(int runs, Path root) {
        this.runs = runs;
        this.root = root;
    }

    public static void main(String[] args) throws IOException {
        int runs = 10;
        String app = "all";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs") && i + 1 < args.length) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--app") && i + 1 < args.length) {
                app = args[++i];
            } else {
                System.err.println("usage: IterationBenchmark [--runs N] [--app sample|lovable|all]");
                System.exit(2);
            }
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        List<App> apps = new ArrayList<>();
        if (!app.equals("lovable")) {
            apps.add(new App("sample", SampleApp.files(), "src/pages/Home.tsx", "Welcome to the Previewkit sample"));
        }
        if (!app.equals("sample")) {
            apps.add(new App("lovable", SampleApp.fromClassPath("lovable-app"), "src/components/Footer.tsx",
                    "Footer version 1"));
        }
        Path root = Files.createTempDirectory("previewkit-iteration-");
        int exit = 0;
        try {
            IterationBenchmark benchmark = new IterationBenchmark(runs, root);
            System.out.printf("Previewkit iteration benchmark: %d runs per scenario, %d cores, Node %s; wall-clock ms%n",
                    runs, Runtime.getRuntime().availableProcessors(), ChildProcesses.firstLine("node", "--version"));
            for (App each : apps) {
                benchmark.measure(each);
            }
        } catch (BenchmarkFailure | PreviewException | UncheckedIOException | IllegalStateException e) {
            System.err.println("Benchmark aborted: " + e.getMessage());
            exit = 1;
        } finally {
            BenchFiles.deleteTree(root);
        }
        System.exit(exit);
    }

    private void measure(App app) {
        System.out.printf("%n== %s app: %d files ==%n", app.name(), app.files().size());
        Path appRoot = BuildBenchmark.createDirectories(root.resolve(app.name()));
        Stats raw = rawVite(app, appRoot);
        Stats oneOff;
        Stats incremental;
        Stats hmr;
        List<BuildResult> incrementalResults = new ArrayList<>();
        try (PreviewBuilder previews = PreviewBuilder.configure().backend(LocalNpmBackend.create())
                .workDirectory(appRoot.resolve("work")).build()) {
            oneOff = oneOff(app, previews);
            PreviewSession session = previews.session("bench");
            BuildBenchmark.check(result(session.submit(app.changed("warm-up"))), "the session's first version");
            incremental = incremental(app, session, incrementalResults);
            hmr = hmr(app, session, appRoot);
        }
        System.out.printf("%s app results (ms)%n", app.name());
        System.out.printf("  %-12s %8s %8s %8s%n", "scenario", "min", "median", "max");
        for (Object[] row : new Object[][] {{"raw-vite", raw}, {"one-off", oneOff}, {"incremental", incremental},
                {"hmr", hmr}}) {
            Stats s = (Stats) row[1];
            System.out.printf("  %-12s %8s %8s %8s%n", row[0], Stats.ms(s.min()), Stats.ms(s.median()), Stats.ms(s.max()));
        }
        System.out.printf(Locale.ROOT, "  ratios: incremental/raw-vite = %.2f   one-off/incremental = %.1f%n",
                incremental.median() / raw.median(), oneOff.median() / incremental.median());
        System.out.println("  where incremental goes (medians): " + phases(incrementalResults) + " · Vite in the worker "
                + Stats.ms(workerMillis(incrementalResults)) + " · toolchain "
                + incrementalResults.get(0).artifact().orElseThrow().toolchain().kind());
        System.out.println("  goals:");
        if (app.name().equals("lovable")) {
            goal("incremental <= 2 s", incremental.median() <= 2000, Stats.ms(incremental.median()) + " ms");
            goal("hmr <= 1 s", hmr.median() <= 1000, Stats.ms(hmr.median()) + " ms");
        } else {
            goal("incremental <= 0.5 x raw-vite", incremental.median() <= 0.5 * raw.median(),
                    String.format(Locale.ROOT, "%.2f x", incremental.median() / raw.median()));
        }
    }

    private static void goal(String text, boolean met, String actual) {
        System.out.printf("    %-8s %-32s (%s)%n", met ? "met" : "MISSED", text, actual);
    }

    /** A fresh {@code vite build} after a change, in a folder where {@code npm install} ran once (untimed). */
    private Stats rawVite(App app, Path appRoot) {
        Path folder = BuildBenchmark.createDirectories(appRoot.resolve("raw"));
        Path log = appRoot.resolve("raw.log");
        BenchFiles.writeTo(app.files(), folder);
        ChildProcesses.run(ChildProcesses.npmInstall(), folder, log);
        ChildProcesses.run(ChildProcesses.viteBuild(), folder, log);  // untimed warm-up
        List<Long> nanos = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            BenchFiles.writeTo(app.changed("raw " + i), folder);
            nanos.add(BuildBenchmark.time(() -> ChildProcesses.run(ChildProcesses.viteBuild(), folder, log)));
            progress(app, "raw-vite", i, nanos);
        }
        BenchFiles.deleteTree(folder);
        return Stats.ofNanos(nanos);
    }

    /** {@link PreviewBuilder#build} per version, production profile, dependencies stored after the first. */
    private Stats oneOff(App app, PreviewBuilder previews) {
        BuildBenchmark.check(previews.build(app.changed("one-off warm-up")), "the one-off warm-up build");
        List<Long> nanos = new ArrayList<>();
        int oneOffRuns = Math.min(runs, 3);  // slow on Vite 5; three runs show it
        for (int i = 1; i <= oneOffRuns; i++) {
            ProjectFiles files = app.changed("one-off " + i + " " + UUID.randomUUID());
            nanos.add(BuildBenchmark.time(() -> BuildBenchmark.check(previews.build(files), "a one-off build")));
            progress(app, "one-off", i, nanos);
        }
        return Stats.ofNanos(nanos);
    }

    private Stats incremental(App app, PreviewSession session, List<BuildResult> results) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            ProjectFiles files = app.changed("incremental " + i + " " + UUID.randomUUID());
            BuildResult[] result = new BuildResult[1];
            nanos.add(BuildBenchmark.time(() -> result[0] = result(session.submit(files))));
            results.add(BuildBenchmark.check(result[0], "an incremental version"));
            if (!session.current().orElseThrow().result().orElseThrow().buildId().equals(result[0].buildId())) {
                throw new BenchmarkFailure("the incremental version did not become current");
            }
            progress(app, "incremental", i, nanos);
        }
        return Stats.ofNanos(nanos);
    }

    /** From submit until the dev server's page in Chromium shows the change, with no reload in between. */
    private Stats hmr(App app, PreviewSession session, Path appRoot) {
        DevServer server = session.startDevServer();
        List<Long> nanos = new ArrayList<>();
        try (BrowserPage page = BrowserPage.open(appRoot.resolve("chromium"))) {
            page.navigate(server.uri().toString());
            page.waitFor("document.body.innerText.includes(" + quote(app.text()) + ")", Duration.ofSeconds(60));
            page.evaluate("window.__previewkitLoad = " + System.nanoTime());
            for (int i = 1; i <= runs; i++) {
                String marker = "hmr-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
                CompletableFuture<Void> shown = CompletableFuture.runAsync(() -> page.evaluate(
                        "new Promise(resolve => { const seen = () => document.body.innerText.includes(" + quote(marker)
                                + "); if (seen()) { resolve(true); return; } new MutationObserver((_, o) => { if (seen())"
                                + " { o.disconnect(); resolve(true); } }).observe(document.body, { subtree: true,"
                                + " childList: true, characterData: true }); })"));
                Thread.sleep(200);  // the observer is in place before the change is submitted
                long start = System.nanoTime();
                BuildHandle build = session.submit(app.changed(marker));
                shown.get(60, TimeUnit.SECONDS);
                nanos.add(System.nanoTime() - start);
                if (page.evaluate("typeof window.__previewkitLoad").asText().equals("undefined")) {
                    throw new BenchmarkFailure("the page reloaded instead of taking the change by hot reload");
                }
                progress(app, "hmr", i, nanos);
                result(build);  // the version's build, which runs beside the dev server, ends before the next run
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkFailure("interrupted");
        } catch (Exception e) {
            throw new BenchmarkFailure("the hmr scenario failed: " + e.getMessage() + "\ndev server log:\n" + server.log());
        } finally {
            server.close();
        }
        return Stats.ofNanos(nanos);
    }

    private static BuildResult result(BuildHandle handle) {
        try {
            return handle.result().get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new BenchmarkFailure("a session build did not finish: " + e, e);
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String phases(List<BuildResult> results) {
        List<String> parts = new ArrayList<>();
        for (BuildPhase phase : BuildPhase.values()) {
            List<Long> nanos = results.stream().map(r -> r.phaseDurations().get(phase)).filter(d -> d != null)
                    .map(Duration::toNanos).toList();
            if (nanos.size() == results.size() && !nanos.isEmpty()) {
                parts.add(phase + " " + Stats.ms(Stats.ofNanos(nanos).median()));
            }
        }
        return String.join(" · ", parts);
    }

    /** The median of what the warm worker reported for its builds. */
    private static double workerMillis(List<BuildResult> results) {
        List<Long> nanos = new ArrayList<>();
        for (BuildResult result : results) {
            Matcher matcher = WORKER_MILLIS.matcher(result.log());
            if (matcher.find()) {
                nanos.add(Long.parseLong(matcher.group(1)) * 1_000_000);
            }
        }
        return nanos.isEmpty() ? Double.NaN : Stats.ofNanos(nanos).median();
    }

    private void progress(App app, String scenario, int run, List<Long> nanos) {
        System.out.printf("  [%s] %-11s run %d: %s ms%n", app.name(), scenario, run,
                Stats.ms(nanos.get(nanos.size() - 1) / 1_000_000.0));
    }
}
