package dev.previewkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.testing.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler on its own: tasks that wait for a latch make the order and the concurrency observable. */
class FairSchedulerTest {
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final List<FairScheduler> schedulers = new ArrayList<>();

    @AfterEach
    void shutdown() {
        schedulers.forEach(FairScheduler::shutdown);
    }

    private FairScheduler scheduler(int slots) {
        FairScheduler scheduler = new FairScheduler(slots);
        schedulers.add(scheduler);
        return scheduler;
    }

    /** A task that records when it starts and runs until {@link #finish()}. */
    private final class Step {
        final String name;
        final FairScheduler.Task task;
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);

        Step(String owner, String name) {
            this.name = name;
            this.task = new FairScheduler.Task(owner, () -> {
                started.add(name);
                mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                    done.countDown();
                }
            });
        }

        Step submitTo(FairScheduler scheduler) {
            scheduler.submit(task);
            return this;
        }

        void finish() throws InterruptedException {
            release.countDown();
            assertThat(done.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as(name + " ends").isTrue();
        }
    }

    private void awaitStarted(int count) throws InterruptedException {
        Waits.until(() -> started.size() >= count, count + " tasks started (so far " + started + ")");
    }

    /** Gives a scheduler that would wrongly start more a chance to do so. */
    private static void settle() throws InterruptedException {
        Thread.sleep(50);
    }

    @Test
    void submit_moreTasksThanSlots_runsAtMostSlotsAtOnce() throws Exception {
        FairScheduler scheduler = scheduler(2);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            steps.add(new Step("owner-" + i, "t" + i).submitTo(scheduler));
        }

        awaitStarted(2);
        settle();
        assertThat(started).as("two threads race to record their start").containsExactlyInAnyOrder("t0", "t1");
        for (Step step : steps) {
            step.finish();
        }

        assertThat(started).containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4");
        assertThat(mostRunning).hasValue(2);
    }

    @Test
    void submit_twoTasksOfOneOwner_neverRunTogetherEvenWithFreeSlots() throws Exception {
        FairScheduler scheduler = scheduler(3);
        Step first = new Step("session", "first").submitTo(scheduler);
        Step second = new Step("session", "second").submitTo(scheduler);

        awaitStarted(1);
        settle();
        assertThat(started).containsExactly("first");
        first.finish();
        awaitStarted(2);
        second.finish();

        assertThat(mostRunning).hasValue(1);
    }

    @Test
    void submit_busyOwnersTaskAtTheHead_doesNotHoldBackOtherOwners() throws Exception {
        FairScheduler scheduler = scheduler(2);
        Step a1 = new Step("a", "a1").submitTo(scheduler);
        awaitStarted(1);
        Step a2 = new Step("a", "a2").submitTo(scheduler);

        Step b1 = new Step("b", "b1").submitTo(scheduler);

        awaitStarted(2);
        assertThat(started).containsExactly("a1", "b1");
        a1.finish();
        awaitStarted(3);
        assertThat(started).containsExactly("a1", "b1", "a2");
        a2.finish();
        b1.finish();
    }

    @Test
    void submit_slotFrees_oldestWaitingTaskOfAnIdleOwnerGoesFirst() throws Exception {
        FairScheduler scheduler = scheduler(1);
        Step x = new Step("x", "x").submitTo(scheduler);
        awaitStarted(1);
        Step b = new Step("b", "b").submitTo(scheduler);
        Step x2 = new Step("x", "x2").submitTo(scheduler);
        Step c = new Step("c", "c").submitTo(scheduler);

        x.finish();
        awaitStarted(2);
        b.finish();
        awaitStarted(3);
        x2.finish();
        awaitStarted(4);
        c.finish();

        assertThat(started).containsExactly("x", "b", "x2", "c");
    }

    @Test
    void withdraw_queuedTask_neverRunsAndTheNextOneTakesItsTurn() throws Exception {
        FairScheduler scheduler = scheduler(1);
        Step blocker = new Step("a", "blocker").submitTo(scheduler);
        awaitStarted(1);
        Step withdrawn = new Step("b", "withdrawn").submitTo(scheduler);
        Step next = new Step("c", "next").submitTo(scheduler);

        assertThat(scheduler.withdraw(withdrawn.task)).isTrue();
        assertThat(scheduler.withdraw(blocker.task)).as("already started").isFalse();
        blocker.finish();
        awaitStarted(2);
        next.finish();
        settle();

        assertThat(started).containsExactly("blocker", "next");
    }

    @Test
    void shutdown_withQueuedTasks_returnsThemAndRefusesNewOnes() throws Exception {
        FairScheduler scheduler = scheduler(1);
        Step running = new Step("a", "running").submitTo(scheduler);
        awaitStarted(1);
        Step queued = new Step("b", "queued").submitTo(scheduler);

        assertThat(scheduler.shutdown()).containsExactly(queued.task);

        assertThat(scheduler.isShutdown()).isTrue();
        assertThatThrownBy(() -> new Step("c", "late").submitTo(scheduler)).isInstanceOf(IllegalStateException.class);
        running.finish();
        scheduler.awaitTermination(10);
        assertThat(started).containsExactly("running");
    }
}
