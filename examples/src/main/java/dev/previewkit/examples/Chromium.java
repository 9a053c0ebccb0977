package dev.previewkit.examples;

import dev.previewkit.PhaseTimeout;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.TimedContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium ({@code apt-get install chromium}), rendering a page and returning its DOM after
 * scripts ran, with the messages the page wrote to its console. Used by the browser tests and by the corpus
 * run to prove that a built preview really renders.
 *
 * <p>Each call starts one Chromium process with its own profile folder and blocks until it exits (at most
 * 60 s, then its process tree is killed). Safe to call from several threads with different profile folders.
 */
public final class Chromium {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    /** A console line in Chromium's log: {@code [..:INFO:CONSOLE:1] "message", source: url (line)}. */
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern CONSOLE_LINE = Pattern.compile(":CONSOLE[^\\]]*\\] \"(.*)\", source: ");

    /**
     * A page as Chromium left it.
     *
     * @param dom     the serialized DOM once scripts ran
     * @param console the console messages and uncaught errors, in order
     */
    public record Page(String dom, List<String> console) {
        public Page {
            Objects.requireNonNull(dom, "dom");
            console = List.copyOf(console);
        }
    }

    private Chromium() {}

    /**
     * The Chromium executable.
     *
     * @throws IllegalStateException when Chromium is not installed: tests fail rather than skip, CI installs it
     */
    public static Path executable() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("Chromium is not installed (apt-get install chromium);"
                        + " .ci/run installs it"));
    }

    /**
     * Loads {@code url} with 10 s of virtual time for its scripts and returns the page.
     *
     * @param profile a folder for Chromium's profile and output, created if missing
     * @throws IllegalStateException when Chromium is missing, cannot be started or does not finish within 60 s
     * @throws UncheckedIOException  when the profile folder cannot be created
     */
    public static Page render(String url, Path profile) throws InterruptedException {
        List<String> console = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream dom = new ByteArrayOutputStream();
        try (TimedContext context = TimedContext.builder("chromium", PhaseTimeout.of(DEADLINE, DEADLINE))
                .scratchDirectory(profile)
                .output((stream, line) -> {
                    Matcher matcher = CONSOLE_LINE.matcher(line);
                    if (matcher.find()) {
                        console.add(matcher.group(1));
                    }
                })
                .start()) {
            Files.createDirectories(profile);
            ProcessLauncher.local().launch(Launch.builder(List.of(executable().toString(), "--headless",
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                    "--user-data-dir=" + profile.resolve("profile"), "--enable-logging=stderr", "--v=0",
                    "--virtual-time-budget=10000", "--dump-dom", url))
                    .directory(profile)
                    .environment(System.getenv())
                    .stdout(dom)
                    .build(), context);
            return new Page(dom.toString(StandardCharsets.UTF_8), console);
        } catch (StepFailedException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while rendering " + url);
            }
            throw new IllegalStateException("Chromium did not render " + url + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render " + url + " in Chromium", e);
        }
    }
}
