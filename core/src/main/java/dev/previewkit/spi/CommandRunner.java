package dev.previewkit.spi;

import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one external command for a backend the way every phase must: without a shell, with exactly the given
 * environment, streaming each output line to the {@link BuildContext}, and enforcing the phase's idle timeout,
 * deadline and cancellation by killing the whole process tree.
 *
 * <p>When {@link #run} returns or throws, no process the command started is left running: descendants that
 * outlive the command (a daemon a build plugin spawned, say) are killed too. Thread-safe; blocks the calling
 * thread until the command ends.
 */
public final class CommandRunner {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private CommandRunner() {}

    /**
     * Runs {@code command} in {@code directory} and returns its exit code.
     *
     * @param command     the executable and its arguments, passed as they are (no shell, no globbing)
     * @param directory   the working directory
     * @param environment the complete environment of the process; nothing is inherited from the JVM
     * @param context     where output goes, and the limits to enforce
     * @return the exit code
     * @throws StepFailedException {@link BuildStatus#TIMED_OUT} after the idle timeout or deadline,
     *     {@link BuildStatus#CANCELLED} when the build is cancelled, {@link BuildStatus#FAILED} when the
     *     command cannot be started
     */
    public static int run(List<String> command, Path directory, Map<String, String> environment,
            BuildContext context) {
        if (context.isCancelled()) {
            throw new StepFailedException(BuildStatus.CANCELLED, "The build was cancelled");
        }
        ProcessBuilder builder = new ProcessBuilder(List.copyOf(command)).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StepFailedException(BuildStatus.FAILED,
                    "Cannot start '" + command.get(0) + "': " + e.getMessage());
        }
        ProcessTree tree = new ProcessTree(process.toHandle());
        AtomicLong lastOutput = new AtomicLong(System.nanoTime());
        Thread stdout = pump(process.getInputStream(), OutputLine.Stream.STDOUT, context, lastOutput);
        Thread stderr = pump(process.getErrorStream(), OutputLine.Stream.STDERR, context, lastOutput);
        try (BuildContext.Registration ignored = context.onCancel(tree::kill)) {
            closeQuietly(process.getOutputStream());
            awaitExit(process, tree, context, lastOutput, command.get(0));
            return process.exitValue();
        } finally {
            tree.kill();
            join(stdout);
            join(stderr);
        }
    }

    private static void awaitExit(Process process, ProcessTree tree, BuildContext context, AtomicLong lastOutput,
            String name) {
        long started = System.nanoTime();
        long deadline = context.timeout().deadline().toNanos();
        long idle = context.timeout().idle().toNanos();
        try {
            while (!process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                tree.remember();
                long now = System.nanoTime();
                if (context.isCancelled()) {
                    throw new StepFailedException(BuildStatus.CANCELLED, "The build was cancelled");
                }
                if (now - started > deadline) {
                    throw new StepFailedException(BuildStatus.TIMED_OUT, "The " + phase(context) + " ('" + name
                            + "') passed its deadline of " + seconds(context.timeout().deadline()));
                }
                if (now - lastOutput.get() > idle) {
                    throw new StepFailedException(BuildStatus.TIMED_OUT, "The " + phase(context) + " ('" + name
                            + "') printed nothing for " + seconds(context.timeout().idle()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException(BuildStatus.CANCELLED, "The build thread was interrupted");
        }
        if (context.isCancelled()) {
            throw new StepFailedException(BuildStatus.CANCELLED, "The build was cancelled");
        }
    }

    private static String phase(BuildContext context) {
        return context.phase().name().toLowerCase(Locale.ROOT) + " phase";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static Thread pump(InputStream in, OutputLine.Stream stream, BuildContext context, AtomicLong lastOutput) {
        Thread thread = new Thread(() -> {
            try (LineReader reader = new LineReader(in)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lastOutput.set(System.nanoTime());
                    context.output(stream, line);
                }
            } catch (IOException e) {
                // The stream closes when the process is killed; nothing more to read.
            }
        }, "previewkit-" + context.buildId() + "-" + stream.name().toLowerCase(Locale.ROOT));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread reader) {
        try {
            reader.join(DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // The process already exited; there is no stdin to close.
        }
    }
}
