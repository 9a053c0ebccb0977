package dev.previewkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.BuildStatus;
import dev.previewkit.PhaseTimeout;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The context's own timers, as a backend without a local process sees them: a "remote" step that only waits on
 * the context, the way a backend waits for a sandbox.
 */
class TimedContextTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    /** Waits like a remote step: until stopped, or until {@code finished} counts down. */
    private static void remoteStep(BuildContext context, CountDownLatch finished) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        try (BuildContext.Registration ignored = context.onStop(stopped::countDown)) {
            while (finished.getCount() > 0 && !stopped.await(20, TimeUnit.MILLISECONDS)) {
                // polling a remote job would go here
            }
        }
        context.checkRunning();
    }

    /**
     * The timer thread runs the stop actions one after the other, so the step may wake (through its own
     * action) before the counting one ran: wait for it, briefly.
     */
    private static void assertRanOnce(AtomicInteger actions) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (actions.get() == 0 && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        assertThat(actions).hasValue(1);
    }

    @Test
    void remoteStep_passesDeadline_throwsTimedOutAndRunsOnStop() throws Exception {
        AtomicInteger stopActions = new AtomicInteger();
        try (TimedContext context = TimedContext.builder("remote", PhaseTimeout.of(LONG, Duration.ofMillis(300)))
                .start()) {
            context.onStop(stopActions::incrementAndGet);

            assertThatThrownBy(() -> remoteStep(context, new CountDownLatch(1)))
                    .isInstanceOfSatisfying(StepFailedException.class,
                            e -> assertThat(e.status()).isEqualTo(BuildStatus.TIMED_OUT))
                    .hasMessage("The build phase passed its deadline of 300 ms");
            assertThat(context.stopReason()).map(StopReason::kind).contains(StopReason.Kind.DEADLINE);
            assertRanOnce(stopActions);
        }
    }

    @Test
    void remoteStep_silent_throwsTimedOutByIdleTimeoutAndRunsOnStop() throws Exception {
        AtomicInteger stopActions = new AtomicInteger();
        try (TimedContext context = TimedContext.builder("remote", PhaseTimeout.of(Duration.ofMillis(300), LONG))
                .start()) {
            context.onStop(stopActions::incrementAndGet);

            assertThatThrownBy(() -> remoteStep(context, new CountDownLatch(1)))
                    .isInstanceOfSatisfying(StepFailedException.class,
                            e -> assertThat(e.status()).isEqualTo(BuildStatus.TIMED_OUT))
                    .hasMessage("The build phase printed nothing for 300 ms");
            assertThat(context.stopReason()).map(StopReason::kind).contains(StopReason.Kind.IDLE_TIMEOUT);
            assertRanOnce(stopActions);
        }
    }

    @Test
    void remoteStep_cancelled_throwsCancelledAndRunsOnStopOnce() throws Exception {
        AtomicInteger stopActions = new AtomicInteger();
        try (TimedContext context = TimedContext.builder("remote", PhaseTimeout.of(LONG, LONG)).start()) {
            context.onStop(stopActions::incrementAndGet);
            Thread canceller = new Thread(() -> context.cancel("The build was cancelled"));
            canceller.start();

            assertThatThrownBy(() -> remoteStep(context, new CountDownLatch(1)))
                    .isInstanceOfSatisfying(StepFailedException.class,
                            e -> assertThat(e.status()).isEqualTo(BuildStatus.CANCELLED))
                    .hasMessage("The build was cancelled");
            canceller.join();
            context.cancel("again");
            assertThat(stopActions).hasValue(1);
            assertThat(context.stopReason()).map(StopReason::message).contains("The build was cancelled");
        }
    }

    @Test
    void heartbeat_every100msWithIdleTimeoutOf400ms_keepsPhaseRunning() throws Exception {
        try (TimedContext context = TimedContext.builder("remote", PhaseTimeout.of(Duration.ofMillis(400), LONG))
                .start()) {
            for (int i = 0; i < 12; i++) {
                Thread.sleep(100);
                context.heartbeat();
            }

            assertThat(context.stopReason()).isEmpty();
            Thread.sleep(700);
            assertThat(context.stopReason()).map(StopReason::kind).contains(StopReason.Kind.IDLE_TIMEOUT);
        }
    }

    @Test
    void output_resetsIdleTimerAndReachesSink() throws Exception {
        AtomicInteger lines = new AtomicInteger();
        try (TimedContext context = TimedContext.builder("remote", PhaseTimeout.of(Duration.ofMillis(400), LONG))
                .output((stream, line) -> lines.incrementAndGet()).start()) {
            for (int i = 0; i < 8; i++) {
                Thread.sleep(100);
                context.output(dev.previewkit.OutputLine.Stream.STDOUT, "still working");
            }

            assertThat(context.stopReason()).isEmpty();
            assertThat(lines).hasValue(8);
        }
    }

    @Test
    void onStop_registeredAfterStop_runsAtOnce() {
        try (TimedContext context = TimedContext.builder("remote", PhaseTimeout.of(LONG, LONG)).start()) {
            context.cancel("stop");
            AtomicInteger ran = new AtomicInteger();

            context.onStop(ran::incrementAndGet);

            assertThat(ran).hasValue(1);
        }
    }

    @Test
    void onStop_registrationClosedBeforeStop_doesNotRun() {
        try (TimedContext context = TimedContext.builder("remote", PhaseTimeout.of(LONG, LONG)).start()) {
            AtomicInteger ran = new AtomicInteger();
            context.onStop(ran::incrementAndGet).close();

            context.cancel("stop");

            assertThat(ran).hasValue(0);
        }
    }

    @Test
    void close_beforeDeadline_contextNeverStops() throws Exception {
        TimedContext context = TimedContext.builder("remote", PhaseTimeout.of(LONG, Duration.ofMillis(100))).start();
        AtomicInteger ran = new AtomicInteger();
        context.onStop(ran::incrementAndGet);

        context.close();
        Thread.sleep(300);
        context.cancel("too late");

        assertThat(context.stopReason()).isEmpty();
        assertThat(ran).hasValue(0);
    }

    @Test
    void stopAction_throws_otherActionsStillRun() {
        try (TimedContext context = TimedContext.builder("remote", PhaseTimeout.of(LONG, LONG)).start()) {
            AtomicInteger ran = new AtomicInteger();
            context.onStop(() -> {
                throw new IllegalStateException("broken action");
            });
            context.onStop(ran::incrementAndGet);

            context.cancel("stop");

            assertThat(ran).hasValue(1);
        }
    }
}
