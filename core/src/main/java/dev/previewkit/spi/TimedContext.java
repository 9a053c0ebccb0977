package dev.previewkit.spi;

import dev.previewkit.BuildPhase;
import dev.previewkit.OutputLine;
import dev.previewkit.PhaseTimeout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BuildContext} that runs its own timers: the core gives a backend one per phase, and code outside
 * a build (a version probe, a benchmark, a test) creates one to run a process through a
 * {@link ProcessLauncher} with a deadline, an idle timeout and a way to cancel.
 *
 * <p>The deadline and the idle timer start with {@link Builder#start()}. They run on one daemon timer thread
 * shared by every context of the JVM (it exits when no timer is pending); no thread polls. {@link #close()}
 * ends the phase: its timers stop and it can no longer be stopped.
 *
 * <pre>{@code
 * try (TimedContext context = TimedContext.builder("probe", PhaseTimeout.of(ofSeconds(20), ofSeconds(20)))
 *         .output((stream, line) -> lines.add(line))
 *         .start()) {
 *     int exit = ProcessLauncher.local().launch(Launch.builder(List.of("node", "--version"))
 *             .directory(folder).environment(env).build(), context);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class TimedContext implements BuildContext, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimedContext.class);
    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    private final String buildId;
    private final BuildPhase phase;
    private final PhaseTimeout timeout;
    private final Path scratch;
    private final BiConsumer<OutputLine.Stream, String> sink;
    private final AtomicLong lastActivity = new AtomicLong();
    private final AtomicReference<StopReason> stopped = new AtomicReference<>();
    private final Map<Object, Runnable> actions = new ConcurrentHashMap<>();
    private final Object timerLock = new Object();
    private ScheduledFuture<?> deadlineTimer;
    private ScheduledFuture<?> idleTimer;
    private boolean closed;

    private TimedContext(Builder builder) {
        this.buildId = builder.buildId;
        this.phase = builder.phase;
        this.timeout = builder.timeout;
        this.scratch = builder.scratch;
        this.sink = builder.sink;
    }

    /**
     * Starts describing a context.
     *
     * @param buildId an identifier for logs and thread names
     * @param timeout the idle timeout and deadline, counted from {@link Builder#start()}
     */
    public static Builder builder(String buildId, PhaseTimeout timeout) {
        return new Builder(buildId, timeout);
    }

    private TimedContext startTimers() {
        lastActivity.set(System.nanoTime());
        synchronized (timerLock) {
            deadlineTimer = TIMERS.schedule(() -> stop(StopReason.Kind.DEADLINE, "The " + phaseName()
                    + " passed its deadline of " + seconds(timeout.deadline())),
                    timeout.deadline().toNanos(), TimeUnit.NANOSECONDS);
            idleTimer = TIMERS.schedule(this::checkIdle, timeout.idle().toNanos(), TimeUnit.NANOSECONDS);
        }
        return this;
    }

    /** Stops the phase unless something happened within the idle timeout; otherwise looks again later. */
    private void checkIdle() {
        long quiet = System.nanoTime() - lastActivity.get();
        long left = timeout.idle().toNanos() - quiet;
        if (left <= 0) {
            stop(StopReason.Kind.IDLE_TIMEOUT, "The " + phaseName() + " printed nothing for "
                    + seconds(timeout.idle()));
            return;
        }
        synchronized (timerLock) {
            if (!closed && stopped.get() == null) {
                idleTimer = TIMERS.schedule(this::checkIdle, left, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * Stops the phase as {@link StopReason.Kind#CANCELLED} with {@code message}, unless it is already stopped
     * or closed, and runs the stop actions on the calling thread.
     */
    public void cancel(String message) {
        stop(StopReason.Kind.CANCELLED, Objects.requireNonNull(message, "message"));
    }

    private void stop(StopReason.Kind kind, String message) {
        synchronized (timerLock) {
            if (closed || !stopped.compareAndSet(null, new StopReason(kind, message))) {
                return;
            }
            cancelTimers();
        }
        LOG.info("Build {}: {} stopped: {}", buildId, phase, message);
        actions.keySet().forEach(this::runOnce);
    }

    private void runOnce(Object key) {
        Runnable action = actions.remove(key);
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("Build {}: a stop action failed", buildId, e);
            }
        }
    }

    @Override
    public String buildId() {
        return buildId;
    }

    @Override
    public BuildPhase phase() {
        return phase;
    }

    @Override
    public PhaseTimeout timeout() {
        return timeout;
    }

    @Override
    public void output(OutputLine.Stream stream, String line) {
        heartbeat();
        sink.accept(stream, line);
    }

    @Override
    public void heartbeat() {
        lastActivity.set(System.nanoTime());
    }

    @Override
    public Optional<StopReason> stopReason() {
        return Optional.ofNullable(stopped.get());
    }

    @Override
    public Registration onStop(Runnable action) {
        Objects.requireNonNull(action, "action");
        Object key = new Object();
        actions.put(key, action);
        if (stopped.get() != null) {
            runOnce(key);
        }
        return () -> actions.remove(key);
    }

    @Override
    public Path scratchDirectory() {
        return scratch;
    }

    /** Ends the phase: stops its timers and forgets its stop actions. Closing twice does nothing. */
    @Override
    public void close() {
        synchronized (timerLock) {
            closed = true;
            cancelTimers();
        }
        actions.clear();
    }

    private void cancelTimers() {
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
    }

    private String phaseName() {
        return phase.name().toLowerCase(Locale.ROOT) + " phase";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "previewkit-timers");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        timers.setKeepAliveTime(10, TimeUnit.SECONDS);
        timers.allowCoreThreadTimeOut(true);
        return timers;
    }

    @Override
    public String toString() {
        return "TimedContext[" + buildId + " " + phase + ", " + stopReason().map(StopReason::message)
                .orElse(closed ? "closed" : "running") + "]";
    }

    /** How to build a {@link TimedContext}. Not thread-safe. */
    public static final class Builder {
        private final String buildId;
        private final PhaseTimeout timeout;
        private BuildPhase phase = BuildPhase.BUILD;
        private Path scratch = Path.of(System.getProperty("java.io.tmpdir"));
        private BiConsumer<OutputLine.Stream, String> sink = (stream, line) -> { };

        private Builder(String buildId, PhaseTimeout timeout) {
            this.buildId = Objects.requireNonNull(buildId, "buildId");
            this.timeout = Objects.requireNonNull(timeout, "timeout");
        }

        /** The phase named in messages; {@link BuildPhase#BUILD} unless set. */
        public Builder phase(BuildPhase phase) {
            this.phase = Objects.requireNonNull(phase, "phase");
            return this;
        }

        /** The folder {@link #scratchDirectory()} returns; the JVM's temporary folder unless set. */
        public Builder scratchDirectory(Path scratch) {
            this.scratch = Objects.requireNonNull(scratch, "scratch");
            return this;
        }

        /**
         * Where {@link #output} lines go; called on the thread that reports them, so it must be thread-safe and
         * quick. Lines are dropped unless set.
         */
        public Builder output(BiConsumer<OutputLine.Stream, String> sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** A context whose deadline and idle timer start now. */
        public TimedContext start() {
            return new TimedContext(this).startTimers();
        }
    }
}
