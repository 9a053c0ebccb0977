package dev.previewkit.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, rendering a page and returning its DOM after scripts ran. Fails, never skips,
 * when Chromium is missing: CI installs it.
 */
final class Chromium {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

    private Chromium() {}

    static Path executable() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("Chromium is not installed (apt-get install chromium);"
                        + " .ci/run installs it"));
    }

    /** The serialized DOM of {@code url} once its scripts have run. */
    static String dumpDom(String url, Path profile) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        Path output = Files.createTempFile(profile, "dom", ".html");
        Process chromium = new ProcessBuilder(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--user-data-dir=" + profile.resolve("profile"),
                "--virtual-time-budget=10000", "--dump-dom", url)
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            throw new AssertionError("Chromium did not finish rendering " + url);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
