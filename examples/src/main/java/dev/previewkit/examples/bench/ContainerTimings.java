package dev.previewkit.examples.bench;

import dev.previewkit.BuildResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Docker build's time goes, step by step, as the Docker backend logs it at DEBUG when it removes a
 * container: {@code <container> took (ms): volume=.. create=.. attach=.. start=.. copy-in=.. run=.. output=..
 * remove=..; inside: boot=.. wait=.. link=.. command=.. save=..}. slf4j-simple writes to {@code System.err}, so
 * while {@linkplain #capture() capturing} these lines are taken out of {@code System.err} and kept by container
 * name (which ends with the build's id); every other line passes through.
 */
final class ContainerTimings implements AutoCloseable {
    /** The backend's logger, whose level {@link #capture()} sets to DEBUG before it is created. */
    static final String LOGGER = "dev.previewkit.backend.docker.ContainerRun";
    private static final Pattern LINE = Pattern.compile("(\\S+) took \\(ms\\):([^;]*)(?:; inside:(.*))?$");
    private static final Pattern STEP = Pattern.compile("([a-z-]+)=(\\d+)");

    private final PrintStream original;
    private final Map<String, Map<String, Long>> byContainer = new ConcurrentHashMap<>();

    private ContainerTimings(PrintStream original) {
        this.original = original;
    }

    /** Turns the backend's DEBUG line on and starts taking it out of {@code System.err}. */
    static ContainerTimings capture() {
        System.setProperty("org.slf4j.simpleLogger.log." + LOGGER, "debug");
        ContainerTimings timings = new ContainerTimings(System.err);
        System.setErr(new PrintStream(timings.new LineFilter(), true, StandardCharsets.UTF_8));
        return timings;
    }

    /**
     * The median milliseconds of each step of the {@code role} containers ({@code install}, {@code build}) of
     * {@code results}; steps inside the container are prefixed {@code inside.}. Empty when none was logged.
     */
    Map<String, Double> medians(List<BuildResult> results, String role) {
        Map<String, List<Long>> steps = new LinkedHashMap<>();
        Set<String> order = new LinkedHashSet<>();
        for (BuildResult result : results) {
            find(role, result.buildId()).ifPresent(measured -> measured.forEach((step, millis) -> {
                order.add(step);
                steps.computeIfAbsent(step, ignored -> new ArrayList<>()).add(millis * 1_000_000);
            }));
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (String step : order) {
            medians.put(step, Stats.ofNanos(steps.get(step)).median());
        }
        return medians;
    }

    /** Whether any line was captured. */
    boolean any() {
        return !byContainer.isEmpty();
    }

    private Optional<Map<String, Long>> find(String role, String buildId) {
        String suffix = "-" + role + "-" + buildId;
        return byContainer.entrySet().stream().filter(entry -> entry.getKey().endsWith(suffix))
                .map(Map.Entry::getValue).findFirst();
    }

    private boolean take(String line) {
        Matcher matcher = LINE.matcher(line.strip());
        if (!line.contains(LOGGER) || !matcher.find()) {
            return false;
        }
        Map<String, Long> steps = new LinkedHashMap<>();
        collect(matcher.group(2), "", steps);
        if (matcher.group(3) != null) {
            collect(matcher.group(3), "inside.", steps);
        }
        byContainer.put(matcher.group(1), steps);
        return true;
    }

    private static void collect(String text, String prefix, Map<String, Long> into) {
        Matcher step = STEP.matcher(text);
        while (step.find()) {
            into.put(prefix + step.group(1), Long.parseLong(step.group(2)));
        }
    }

    /** Puts {@code System.err} back. */
    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }

    /** Splits what is written to {@code System.err} into lines, keeping the timing lines and passing the rest. */
    private final class LineFilter extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                endLine();
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0 && !line.toString(StandardCharsets.UTF_8).contains(LOGGER)) {
                endLine();  // a partial line that is no timing line: pass it on now
            }
            original.flush();
        }

        private void endLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!take(text)) {
                original.print(text);
            }
        }
    }
}
