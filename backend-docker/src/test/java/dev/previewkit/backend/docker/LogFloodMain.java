package dev.previewkit.backend.docker;

import dev.previewkit.BuildResult;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.tck.AttackProjects;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Run by {@link DockerAttackTest} in a JVM with a small heap: builds {@link AttackProjects#flooding} (the size in
 * MiB and the marker are the second and third arguments) with the Docker backend in the work directory given
 * first (so in its namespace, with its dependency set), and prints what it measured, one {@code name=value} per
 * line, and the log when the build did not succeed.
 */
public final class LogFloodMain {
    private LogFloodMain() {}

    public static void main(String[] args) {
        Path workDirectory = Path.of(args[0]);
        int mebibytes = Integer.parseInt(args[1]);
        String marker = args[2];
        Duration generous = Duration.ofMinutes(3);
        try (PreviewBuilder builder = PreviewBuilder.configure()
                .backend(TestEngine.backend(TestEngine.namespace(workDirectory)).build())
                .workDirectory(workDirectory)
                .installTimeout(PhaseTimeout.of(generous, generous))
                .buildTimeout(PhaseTimeout.of(generous, generous))
                .build()) {
            long start = System.nanoTime();
            BuildResult result = builder.build(AttackProjects.flooding(mebibytes, marker));
            String longest = Arrays.stream(result.log().split("\n")).max(Comparator.comparingInt(String::length))
                    .orElse("");
            System.out.println("status=" + result.status());
            System.out.println("message=" + result.message().replace('\n', ' '));
            System.out.println("buildMillis=" + (System.nanoTime() - start) / 1_000_000);
            System.out.println("longestLineChars=" + longest.length());
            System.out.println("longestLineTruncated=" + longest.endsWith("[line truncated]"));
            System.out.println("markerAfterFlood=" + result.log().contains("flood done " + marker));
            if (!result.succeeded()) {
                System.out.println(result.log());
            }
        }
        System.out.println("peakHeapBytes=" + ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum());
        System.out.println("maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    }
}
