package dev.previewkit.internal.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs queued tasks on at most {@code slots} threads, oldest first, but never two tasks of one owner (a
 * session) at once: a busy owner's next task waits while other owners' tasks go ahead, so no owner can starve
 * the others. Sessions keep at most one task queued (a newer submission withdraws the older one), which bounds
 * what any owner can hold in the queue. Thread-safe.
 */
final class FairScheduler {
    /** A unit of work and who it belongs to. */
    record Task(String owner, Runnable work) {}

    private final int slots;
    private final Deque<Task> waiting = new ArrayDeque<>();
    private final Set<String> activeOwners = new HashSet<>();
    private final ExecutorService threads;
    private int active;
    private boolean shutdown;

    FairScheduler(int slots) {
        this.slots = slots;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "previewkit-build-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Queues a task.
     *
     * @throws IllegalStateException after {@link #shutdown}
     */
    synchronized void submit(Task task) {
        if (shutdown) {
            throw new IllegalStateException("This PreviewBuilder is closed");
        }
        waiting.addLast(task);
        dispatch();
    }

    /** Removes a task that has not started; false when it already started or was never queued. */
    synchronized boolean withdraw(Task task) {
        return waiting.remove(task);
    }

    synchronized boolean isShutdown() {
        return shutdown;
    }

    private void dispatch() {
        Iterator<Task> it = waiting.iterator();
        while (active < slots && it.hasNext()) {
            Task task = it.next();
            if (activeOwners.add(task.owner())) {
                it.remove();
                active++;
                threads.execute(() -> {
                    try {
                        task.work().run();
                    } finally {
                        finished(task);
                    }
                });
            }
        }
    }

    private synchronized void finished(Task task) {
        active--;
        activeOwners.remove(task.owner());
        dispatch();
    }

    /** Refuses new tasks and returns the ones that never started. */
    synchronized Deque<Task> shutdown() {
        shutdown = true;
        Deque<Task> never = new ArrayDeque<>(waiting);
        waiting.clear();
        threads.shutdown();
        return never;
    }

    /** Waits for running tasks to end. */
    void awaitTermination(long seconds) throws InterruptedException {
        threads.awaitTermination(seconds, TimeUnit.SECONDS);
    }
}
