package dev.previewkit.examples.corpus;

import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.CacheDecision;
import dev.previewkit.InvalidProjectException;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewException;
import dev.previewkit.ProjectFiles;
import dev.previewkit.backend.localnpm.LocalNpmBackend;
import dev.previewkit.examples.ArtifactServer;
import dev.previewkit.examples.Chromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds every project of the corpus whose copy is present through {@link PreviewBuilder} with the local npm
 * backend, serves each artifact on loopback and loads it in headless Chromium, then prints a table of build
 * status, times, cache decisions and whether the page shows text. See {@code docs/corpus.md}.
 *
 * <pre>
 * corpus/fetch.sh /work/corpus-copies
 * ./mvnw -q -pl examples -am -DskipTests package exec:java \
 *     -Dexec.mainClass=dev.previewkit.examples.corpus.CorpusRun \
 *     -Dexec.args="--copies /work/corpus-copies --report /tmp/corpus.md"
 * </pre>
 *
 * <p>Options: {@code --copies DIR} (required) the folder holding one copy per project, named as in the list;
 * {@code --list FILE} the list (default {@code corpus/projects.tsv}, so run from the repository root);
 * {@code --report FILE} also writes the table there; {@code --work DIR} the work directory shared by all builds
 * (default a new temporary folder; it is kept, and holds {@code logs/<name>.log} for every project);
 * {@code --only a,b} builds only the named projects.
 *
 * <p>Projects are built one after the other in one work directory, so dependency sets are reused between them
 * as they would be for a user. A project without a copy is reported {@code absent}, not failed. Exits with 1
 * when a present project ends otherwise than its {@code expected} column says, 2 on bad arguments.
 */
public final class CorpusRun {
    private static final PhaseTimeout INSTALL_TIMEOUT = PhaseTimeout.of(Duration.ofMinutes(3), Duration.ofMinutes(15));
    private static final PhaseTimeout BUILD_TIMEOUT = PhaseTimeout.of(Duration.ofMinutes(3), Duration.ofMinutes(10));

    private final Path copies;
    private final Path work;

    private CorpusRun(Path copies, Path work) {
        this.copies = copies;
        this.work = work;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path copies = null;
        Path list = Path.of("corpus", "projects.tsv");
        Path report = null;
        Path work = null;
        Set<String> only = Set.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--copies" -> copies = Path.of(value(args, ++i));
                case "--list" -> list = Path.of(value(args, ++i));
                case "--report" -> report = Path.of(value(args, ++i));
                case "--work" -> work = Path.of(value(args, ++i));
                case "--only" -> only = new LinkedHashSet<>(List.of(value(args, ++i).split(",")));
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (copies == null) {
            usage("--copies is required");
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");  // each phase is logged at info
        }
        List<CorpusEntry> entries = selected(CorpusList.read(list), only);
        if (work == null) {
            work = Files.createTempDirectory("previewkit-corpus-");
        }
        System.out.println("Corpus: " + entries.size() + " projects from " + list + ", copies in " + copies
                + ", work directory " + work);

        List<ProjectOutcome> outcomes = new CorpusRun(copies, work).run(entries);
        String table = CorpusReport.markdown(outcomes);
        System.out.println();
        System.out.print(table);
        if (report != null) {
            Files.writeString(report, table, StandardCharsets.UTF_8);
            System.out.println("Report written to " + report);
        }
        System.out.println("Logs in " + work.resolve("logs"));
        if (outcomes.stream().anyMatch(ProjectOutcome::unexpected)) {
            System.exit(1);
        }
    }

    static List<CorpusEntry> selected(List<CorpusEntry> entries, Set<String> only) {
        Set<String> unknown = new LinkedHashSet<>(only);
        entries.forEach(entry -> unknown.remove(entry.name()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--only names projects not in the list: " + unknown);
        }
        return only.isEmpty() ? entries : entries.stream().filter(entry -> only.contains(entry.name())).toList();
    }

    private List<ProjectOutcome> run(List<CorpusEntry> entries) throws IOException, InterruptedException {
        Files.createDirectories(work.resolve("logs"));
        List<ProjectOutcome> outcomes = new ArrayList<>();
        try (PreviewBuilder previews = PreviewBuilder.configure()
                .backend(LocalNpmBackend.create())
                .workDirectory(work.resolve("previewkit"))
                .maxConcurrentBuilds(1)
                .installTimeout(INSTALL_TIMEOUT)
                .buildTimeout(BUILD_TIMEOUT)
                .build()) {
            for (CorpusEntry entry : entries) {
                Path copy = copies.resolve(entry.name());
                ProjectOutcome outcome = Files.isDirectory(copy) ? build(previews, entry, copy)
                        : ProjectOutcome.absent(entry);
                outcomes.add(outcome);
                System.out.printf(Locale.ROOT, "%-18s %-8s %7d ms  %s%n", entry.name(),
                        outcome.status().name().toLowerCase(Locale.ROOT), outcome.total().toMillis(),
                        outcome.status() == ProjectOutcome.Status.RENDERED
                                ? CorpusReport.cell(outcome.text(), CorpusReport.TEXT_CHARS)
                                : CorpusReport.cell(outcome.message(), CorpusReport.MESSAGE_CHARS));
            }
        }
        return outcomes;
    }

    private ProjectOutcome build(PreviewBuilder previews, CorpusEntry entry, Path copy)
            throws IOException, InterruptedException {
        Path log = work.resolve("logs").resolve(entry.name() + ".log");
        long start = System.nanoTime();
        BuildResult result;
        try {
            result = previews.build(ProjectFiles.fromDirectory(copy));
        } catch (PreviewException e) {
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            Files.writeString(log, e.toString(), StandardCharsets.UTF_8);
            ProjectOutcome.Status status = e instanceof InvalidProjectException ? ProjectOutcome.Status.REFUSED
                    : ProjectOutcome.Status.ERROR;
            return new ProjectOutcome(entry, status, Duration.ZERO, Duration.ZERO, total, "", 0,
                    "", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        Duration install = result.phaseDurations().getOrDefault(BuildPhase.INSTALL, Duration.ZERO);
        Duration build = result.phaseDurations().getOrDefault(BuildPhase.BUILD, Duration.ZERO);
        String caches = caches(result);
        int changes = result.projectChanges().size();
        StringBuilder details = new StringBuilder(describe(entry, result));
        try {
            if (!result.succeeded()) {
                String message = result.status() + ": " + result.message()
                        + (result.diagnostics().isEmpty() ? "" : " — " + result.diagnostics().get(0));
                return new ProjectOutcome(entry, ProjectOutcome.Status.FAILED, install, build, total, caches, changes,
                        "", message);
            }
            Path root = result.artifact().orElseThrow().root();
            Chromium.Page page;
            try (ArtifactServer server = ArtifactServer.start(root)) {
                page = Chromium.render(server.uri().toString(), work.resolve("chromium").resolve(entry.name()));
            }
            details.append("\n== console\n").append(String.join("\n", page.console()));
            String text = PageText.visibleText(page.dom());
            Path index = root.resolve("index.html");
            String staticText = Files.isRegularFile(index) ? PageText.visibleText(Files.readString(index)) : "";
            if (text.isEmpty() || text.equals(staticText)) {
                String message = (text.isEmpty() ? "the page's body has no text"
                        : "the page shows only the static text of index.html")
                        + (page.console().isEmpty() ? "" : "; console: " + page.console().get(0));
                return new ProjectOutcome(entry, ProjectOutcome.Status.BLANK, install, build, total, caches, changes,
                        "", message);
            }
            return new ProjectOutcome(entry, ProjectOutcome.Status.RENDERED, install, build, total, caches, changes,
                    text, "");
        } finally {
            Files.writeString(log, details, StandardCharsets.UTF_8);
        }
    }

    /** The package manager and each cache's decision, such as {@code npm deps:miss art:miss}. */
    static String caches(BuildResult result) {
        String decisions = result.cacheDecisions().stream()
                .map(decision -> (decision.kind() == CacheDecision.Kind.DEPENDENCIES ? "deps:" : "art:")
                        + decision.outcome().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" "));
        return result.packageManager().map(manager -> manager.command() + " ").orElse("") + decisions;
    }

    private static String describe(CorpusEntry entry, BuildResult result) {
        return "project " + entry.name() + " (" + entry.repository() + "@" + entry.commit() + ")\n"
                + "status " + result.status() + ": " + result.message() + "\n"
                + "phases " + result.phaseDurations() + "\n"
                + "caches " + result.cacheDecisions() + "\n"
                + "doctor " + result.projectChanges() + "\n"
                + "== diagnostics\n" + result.diagnosticSummary() + "\n"
                + "== log\n" + result.log();
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            usage(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: CorpusRun --copies DIR [--list FILE] [--report FILE] [--work DIR] [--only a,b]");
        System.exit(2);
    }
}
