package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.tck.Fixtures;
import dev.previewkit.testing.Processes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app with 300 MiB of incompressible assets in {@code public/}, built through the real backend and Vite in a
 * JVM with a 256 MiB heap, twice: the assets never pass through the heap, and the second version shares them
 * in the artifact store.
 */
class LargeAssetsTest {
    private static final int ASSETS = 30;
    private static final int ASSET_BYTES = 10 << 20;
    private static final long TEN_MB = 10_000_000;

    @TempDir
    Path temp;

    @Test
    void build_300MiBOfAssetsInSmallHeapTwice_succeedsAndSecondVersionAddsUnder10MB() throws Exception {
        Path project = writeProject(temp.resolve("project"));
        Path workDirectory = temp.resolve("work");

        Processes.Finished child = Processes.run(Processes.java(List.of("-Xmx256m"), LargeAssetsMain.class,
                workDirectory.toString(), project.toString()), temp, Duration.ofMinutes(10));
        String printed = child.text();
        Map<String, String> measured = printed.lines().filter(line -> line.matches("\\w+=.*"))
                .collect(Collectors.toMap(line -> line.split("=", 2)[0], line -> line.split("=", 2)[1], (a, b) -> b));
        System.out.println("LargeAssetsTest measured: " + measured);

        assertThat(child.exitCode()).as(printed).isZero();
        assertThat(measured).as(printed).containsEntry("firstStatus", "SUCCEEDED").containsEntry("secondStatus", "SUCCEEDED");
        assertThat(Long.parseLong(measured.get("maxHeapBytes"))).isLessThanOrEqualTo(256L << 20);
        long first = Long.parseLong(measured.get("storeBytesFirst"));
        long second = Long.parseLong(measured.get("storeBytesSecond"));
        assertThat(first).isGreaterThan((long) ASSETS * ASSET_BYTES);
        assertThat(second - first).as("bytes the second version added to the artifact store").isLessThan(TEN_MB);
        Path firstVideo = Path.of(measured.get("firstArtifact")).resolve("media/clip-7.mp4");
        Path secondVideo = Path.of(measured.get("secondArtifact")).resolve("media/clip-7.mp4");
        assertThat(Files.mismatch(secondVideo, project.resolve("public/media/clip-7.mp4"))).isEqualTo(-1);
        assertThat(Files.getAttribute(secondVideo, "unix:ino")).isEqualTo(Files.getAttribute(firstVideo, "unix:ino"));
    }

    private static Path writeProject(Path project) throws IOException {
        for (Map.Entry<String, String> file : Fixtures.reactApp().entrySet()) {
            Path target = project.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        Path media = Files.createDirectories(project.resolve("public/media"));
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < ASSETS; i++) {
            try (OutputStream out = Files.newOutputStream(media.resolve("clip-" + i + ".mp4"))) {
                for (int written = 0; written < ASSET_BYTES; written += chunk.length) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
        }
        return project;
    }
}
