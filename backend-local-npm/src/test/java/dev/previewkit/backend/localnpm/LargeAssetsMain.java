package dev.previewkit.backend.localnpm;

import dev.previewkit.BuildResult;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Run by {@link LargeAssetsTest} in a JVM with a small heap: builds the project folder given as the second
 * argument twice (the second time after {@code src/components/Greeting.tsx} changed) in the work directory
 * given first, and prints what it measured, one {@code name=value} per line.
 */
public final class LargeAssetsMain {
    private LargeAssetsMain() {}

    public static void main(String[] args) throws IOException {
        Path workDirectory = Path.of(args[0]);
        Path project = Path.of(args[1]);
        try (PreviewBuilder previews = PreviewBuilder.configure().backend(LocalNpmBackend.create())
                .workDirectory(workDirectory).build()) {
            build(previews, project, "first");
            System.out.println("storeBytesFirst=" + uniqueBytes(workDirectory.resolve("artifacts")));
            Files.writeString(project.resolve("src/components/Greeting.tsx"),
                    "export function Greeting() { return <p>Second version</p>; }\n");
            build(previews, project, "second");
            System.out.println("storeBytesSecond=" + uniqueBytes(workDirectory.resolve("artifacts")));
        }
        System.out.println("peakHeapBytes=" + peakHeap());
        System.out.println("maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    }

    private static void build(PreviewBuilder previews, Path project, String name) {
        long start = System.nanoTime();
        ProjectFiles files = ProjectFiles.fromDirectory(project);
        long read = System.nanoTime();
        BuildResult result = previews.build(files);
        long built = System.nanoTime();
        System.out.println(name + "Status=" + result.status());
        System.out.println(name + "ReadMillis=" + (read - start) / 1_000_000);
        System.out.println(name + "BuildMillis=" + (built - read) / 1_000_000);
        result.phaseDurations().forEach((phase, duration) ->
                System.out.println(name + "Phase" + phase + "Millis=" + duration.toMillis()));
        result.artifact().ifPresent(artifact -> System.out.println(name + "Artifact=" + artifact.root()));
        if (!result.succeeded()) {
            System.out.println(result.log());
        }
    }

    /** Bytes of the distinct files (inodes) under a folder: the disk space it really takes. */
    static long uniqueBytes(Path folder) throws IOException {
        Map<Object, Long> sizes = new HashMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    sizes.put(attributes.fileKey(), attributes.size());
                }
            }
        }
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }
}
