package dev.previewkit.spi;

import dev.previewkit.OutputLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RunningProcess} that is a child of this JVM. Its descendants are noted every
 * {@value #REMEMBER_MILLIS} ms on one shared thread, so re-parented ones are still known when the tree is killed;
 * one shutdown hook kills every tree still alive when the JVM exits.
 */
final class LocalRunningProcess implements RunningProcess {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRunningProcess.class);
    private static final long REMEMBER_MILLIS = 250;
    private static final Set<LocalRunningProcess> ALIVE = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "previewkit-process-watcher");
        thread.setDaemon(true);
        return thread;
    });

    static {
        WATCHER.scheduleWithFixedDelay(() -> ALIVE.forEach(running -> running.tree.remember()), REMEMBER_MILLIS,
                REMEMBER_MILLIS, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(LocalRunningProcess::close),
                "previewkit-process-shutdown"));
    }

    private final Process process;
    private final ProcessTree tree;
    private final String executable;
    private final OutputStream stdin;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    LocalRunningProcess(Process process, ProcessTree tree, String executable,
            BiConsumer<OutputLine.Stream, String> output) {
        this.process = process;
        this.tree = tree;
        this.executable = executable;
        this.stdin = process.getOutputStream();
        ALIVE.add(this);
        Thread stdout = pump(process.getInputStream(), OutputLine.Stream.STDOUT, output);
        Thread stderr = pump(process.getErrorStream(), OutputLine.Stream.STDERR, output);
        process.onExit().thenRunAsync(() -> {
            tree.kill();  // what the root left behind goes with it
            join(stdout);
            join(stderr);
            ALIVE.remove(this);
            exit.complete(process.exitValue());
        });
    }

    private Thread pump(InputStream in, OutputLine.Stream stream, BiConsumer<OutputLine.Stream, String> output) {
        Thread thread = new Thread(() -> {
            try (LineReader reader = new LineReader(in)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    try {
                        output.accept(stream, line);
                    } catch (RuntimeException e) {
                        LOG.warn("The output sink of '{}' threw; the line is dropped", executable, e);
                    }
                }
            } catch (IOException e) {
                // The stream closes when the process is killed.
            }
        }, "previewkit-" + process.pid() + "-" + stream.name().toLowerCase(java.util.Locale.ROOT));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public synchronized void send(String line) throws IOException {
        if (!process.isAlive()) {
            throw new IOException("'" + executable + "' (pid " + pid() + ") has ended");
        }
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit.copy();
    }

    @Override
    public void stop(Duration grace) {
        synchronized (this) {
            try {
                stdin.close();
            } catch (IOException e) {
                // Already closed by the process.
            }
        }
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        tree.kill();
        try {
            exit.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("'{}' (pid {}) did not report its end after it was killed", executable, pid(), e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RunningProcess[" + executable + ", pid " + pid() + "]";
    }
}
