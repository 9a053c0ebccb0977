package dev.previewkit.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
     * @throws IllegalStateException when Chromium is missing or does not finish within 60 s
     * @throws UncheckedIOException  when Chromium cannot be started or its output read
     */
    public static Page render(String url, Path profile) throws InterruptedException {
        try {
            Files.createDirectories(profile);
            Path output = Files.createTempFile(profile, "dom", ".html");
            Path log = Files.createTempFile(profile, "chromium", ".log");
            Process chromium = new ProcessBuilder(executable().toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                    "--user-data-dir=" + profile.resolve("profile"), "--enable-logging=stderr", "--v=0",
                    "--virtual-time-budget=10000", "--dump-dom", url)
                    .redirectOutput(output.toFile())
                    .redirectError(log.toFile())
                    .start();
            if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
                chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                chromium.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish rendering " + url);
            }
            return new Page(Files.readString(output, StandardCharsets.UTF_8), consoleMessages(log));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render " + url + " in Chromium", e);
        }
    }

    private static List<String> consoleMessages(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
                .map(CONSOLE_LINE::matcher)
                .filter(Matcher::find)
                .map(matcher -> matcher.group(1))
                .toList();
    }
}
