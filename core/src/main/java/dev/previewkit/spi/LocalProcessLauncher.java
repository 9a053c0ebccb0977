package dev.previewkit.spi;

import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import dev.previewkit.PreviewException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ProcessLauncher#local()}: child processes of the JVM. Per launch, one thread per stream (stderr,
 * stdout, stdin when fed) plus the calling thread, which wakes on exit, on stop or on a stream failure, and in
 * between notes the process's descendants every {@value #POLL_MILLIS} ms so that re-parented ones are still
 * known. Every child also carries a marker variable that its descendants inherit, so that a double-forked
 * daemon is found even when it escaped the tree between two looks (see {@link ProcessTree}).
 */
final class LocalProcessLauncher implements ProcessLauncher {
    static final LocalProcessLauncher INSTANCE = new LocalProcessLauncher();
    /** The variable that marks every process of one launch. */
    static final String MARKER = "PREVIEWKIT_LAUNCH";
    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessLauncher.class);
    private static final long POLL_MILLIS = 50;
    private static final long DRAIN_MILLIS = 2000;

    private LocalProcessLauncher() {}

    @Override
    public int launch(Launch launch, BuildContext context) {
        context.checkRunning();
        String marker = UUID.randomUUID().toString();
        Process process = startProcess(launch, marker);
        return new Run(launch, context, process, new ProcessTree(process.toHandle(), MARKER + "=" + marker)).await();
    }

    @Override
    public RunningProcess start(Launch launch, BiConsumer<OutputLine.Stream, String> output) {
        Objects.requireNonNull(output, "output");
        if (launch.stdin().isPresent() || launch.stdout().isPresent() || launch.onStop().isPresent()) {
            throw new IllegalArgumentException("a long-lived launch talks through send() and the output sink:"
                    + " it sets no stdin, stdout or onStop");
        }
        String marker = UUID.randomUUID().toString();
        Process process = startProcess(launch, marker);
        return new LocalRunningProcess(process, new ProcessTree(process.toHandle(), MARKER + "=" + marker),
                launch.executable(), output);
    }

    /** Starts the command without a shell, with exactly the launch's environment plus the marker. */
    private static Process startProcess(Launch launch, String marker) {
        ProcessBuilder builder = new ProcessBuilder(launch.command()).directory(launch.directory().toFile());
        Map<String, String> environment = new HashMap<>(launch.environment());
        environment.put(MARKER, marker);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new StepFailedException(BuildStatus.FAILED,
                    "Cannot start '" + launch.executable() + "': " + e.getMessage());
        }
    }

    /** One running launch. */
    private static final class Run {
        private final Launch launch;
        private final BuildContext context;
        private final Process process;
        private final ProcessTree tree;
        private final CompletableFuture<Void> wake = new CompletableFuture<>();
        private final AtomicReference<Exception> streamFailure = new AtomicReference<>();
        private final String threadPrefix;

        Run(Launch launch, BuildContext context, Process process, ProcessTree tree) {
            this.launch = launch;
            this.context = context;
            this.process = process;
            this.tree = tree;
            this.threadPrefix = "previewkit-" + context.buildId() + "-";
        }

        int await() {
            process.onExit().thenRun(() -> wake.complete(null));
            Thread stderr = start("stderr", () -> pumpLines(process.getErrorStream(), OutputLine.Stream.STDERR));
            Thread stdout = start("stdout", launch.stdout().isPresent()
                    ? () -> pumpBytes(launch.stdout().get())
                    : () -> pumpLines(process.getInputStream(), OutputLine.Stream.STDOUT));
            Optional<Thread> stdin = launch.stdin().map(source -> start("stdin", () -> feed(source)));
            if (stdin.isEmpty()) {
                closeQuietly(process.getOutputStream());
            }
            RuntimeException failure;
            try (BuildContext.Registration ignored = context.onStop(() -> wake.complete(null))) {
                failure = waitForEnd();
                tree.kill();
                if (failure == null) {
                    failure = awaitDrained(stdout, stderr);
                }
            } catch (RuntimeException | Error e) {
                tree.kill();
                throw e;
            } finally {
                closeQuietly(process.getOutputStream());
                join(stdout);
                join(stderr);
                stdin.ifPresent(Run::join);
            }
            if (failure == null && streamFailure.get() != null) {
                failure = streamFailed();
            }
            if (failure != null) {
                launch.onStop().ifPresent(this::runOnStop);
                throw failure;
            }
            return process.exitValue();
        }

        /** Waits for the process to exit; the failure to throw when it was stopped, interrupted or a stream failed. */
        private RuntimeException waitForEnd() {
            try {
                while (true) {
                    try {
                        wake.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        tree.remember();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new StepFailedException(BuildStatus.CANCELLED, "The build thread was interrupted while '"
                        + launch.executable() + "' ran");
            } catch (ExecutionException e) {
                throw new IllegalStateException("the wake-up future never fails", e);
            }
            Optional<StopReason> reason = context.stopReason();
            if (reason.isPresent()) {
                return new StepFailedException(reason.get().status(), reason.get().message() + " ('"
                        + launch.executable() + "')");
            }
            return streamFailure.get() != null ? streamFailed() : null;
        }

        /**
         * Lets the stream threads take everything the exited process wrote (a flood of output can take seconds to
         * read), as long as the phase goes on: what a build prints last, its result and its errors, is never lost.
         */
        private RuntimeException awaitDrained(Thread stdout, Thread stderr) {
            try {
                while ((stdout.isAlive() || stderr.isAlive()) && !context.isStopped()) {
                    stdout.join(POLL_MILLIS);
                    stderr.join(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeStreams();
                return new StepFailedException(BuildStatus.CANCELLED, "The build thread was interrupted while"
                        + " reading the output of '" + launch.executable() + "'");
            }
            Optional<StopReason> reason = context.stopReason();
            if (reason.isPresent()) {
                closeStreams();
                return new StepFailedException(reason.get().status(), reason.get().message() + " (reading the"
                        + " output of '" + launch.executable() + "')");
            }
            return null;
        }

        private void closeStreams() {
            closeQuietly(process.getInputStream());
            closeQuietly(process.getErrorStream());
        }

        private PreviewException streamFailed() {
            Exception cause = streamFailure.get();
            return new PreviewException("The standard streams of '" + launch.executable() + "' failed: "
                    + cause.getMessage(), cause);
        }

        private void runOnStop(Runnable action) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("Build {}: the stop action of '{}' failed", context.buildId(), launch.executable(), e);
            }
        }

        private void pumpLines(InputStream in, OutputLine.Stream stream) {
            try (LineReader reader = new LineReader(new Heartbeats(in, context))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    context.output(stream, line);
                }
            } catch (IOException e) {
                // The stream closes when the process is killed; nothing more to read.
            } catch (RuntimeException e) {
                fail(e);  // the context's output failed: end the launch rather than stop draining the pipe
            }
        }

        private void pumpBytes(Launch.OutputReader reader) {
            try (InputStream in = new Heartbeats(process.getInputStream(), context)) {
                reader.read(in);
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException | RuntimeException e) {
                if (!context.isStopped()) {
                    fail(e);
                }
            }
        }

        private void feed(Supplier<InputStream> source) {
            OutputStream out = process.getOutputStream();
            byte[] buffer = new byte[8192];
            try (InputStream in = source.get()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    try {
                        out.write(buffer, 0, read);
                    } catch (IOException e) {
                        return;  // the process closed its standard input or ended: it wants no more
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!context.isStopped()) {
                    fail(e);
                }
            } finally {
                closeQuietly(out);
            }
        }

        private void fail(Exception e) {
            streamFailure.compareAndSet(null, e);
            wake.complete(null);
        }

        private Thread start(String stream, Runnable body) {
            Thread thread = new Thread(body, threadPrefix + stream);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        private static void join(Thread thread) {
            try {
                thread.join(DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void closeQuietly(AutoCloseable stream) {
            try {
                stream.close();
            } catch (Exception e) {
                // Already closed, or the process is gone.
            }
        }
    }

    /** Resets the context's idle timer on every read that returned data. */
    private static final class Heartbeats extends FilterInputStream {
        private final BuildContext context;

        Heartbeats(InputStream in, BuildContext context) {
            super(in);
            this.context = context;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                context.heartbeat();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                context.heartbeat();
            }
            return n;
        }
    }

    @Override
    public String toString() {
        return "ProcessLauncher.local()";
    }
}
