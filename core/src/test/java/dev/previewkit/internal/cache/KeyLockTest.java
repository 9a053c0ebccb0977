package dev.previewkit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.previewkit.BuildStatus;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLockTest {
    @TempDir
    Path temp;

    /** Runs {@code action} on another thread and waits for it, so that a stuck lock fails the test instead of hanging. */
    private static <T> T onOtherThread(java.util.function.Supplier<T> action) throws Exception {
        return CompletableFuture.supplyAsync(action).get(10, TimeUnit.SECONDS);
    }

    @Test
    void tryAcquire_freeFile_presentAndCreatesLockFile() throws Exception {
        Path file = temp.resolve("k.lock");

        try (KeyLock lock = KeyLock.tryAcquire(file).orElseThrow()) {
            assertThat(lock).isNotNull();
            assertThat(file).exists();
        }
    }

    @Test
    void tryAcquire_heldByOtherThread_emptyUntilClosed() throws Exception {
        Path file = temp.resolve("k.lock");
        KeyLock held = onOtherThread(() -> KeyLock.tryAcquire(file).orElseThrow());

        Optional<KeyLock> whileHeld = onOtherThread(() -> KeyLock.tryAcquire(file));
        assertThat(whileHeld).isEmpty();

        held.close();

        Optional<KeyLock> afterClose = onOtherThread(() -> KeyLock.tryAcquire(file));
        assertThat(afterClose).isPresent();
        afterClose.get().close();
    }

    @Test
    void tryAcquire_heldBySameThread_emptyNotReentrant() {
        Path file = temp.resolve("k.lock");

        try (KeyLock ignored = KeyLock.tryAcquire(file).orElseThrow()) {
            assertThat(KeyLock.tryAcquire(file)).isEmpty();
        }
        KeyLock.tryAcquire(file).orElseThrow().close();
    }

    @Test
    void tryAcquire_sameFileThroughOtherRelativeSpelling_emptyWhileHeld() {
        Path file = temp.resolve("k.lock");
        Path spelledOtherwise = temp.resolve("sub/../k.lock");

        try (KeyLock ignored = KeyLock.tryAcquire(file).orElseThrow()) {
            assertThat(KeyLock.tryAcquire(spelledOtherwise)).isEmpty();
        }
    }

    @Test
    void tryAcquire_differentFiles_bothPresent() {
        try (KeyLock a = KeyLock.tryAcquire(temp.resolve("a.lock")).orElseThrow();
                KeyLock b = KeyLock.tryAcquire(temp.resolve("b.lock")).orElseThrow()) {
            assertThat(a).isNotSameAs(b);
        }
    }

    @Test
    void acquire_heldThenReleased_waiterGetsLock() throws Exception {
        Path file = temp.resolve("k.lock");
        KeyLock held = KeyLock.tryAcquire(file).orElseThrow();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean acquired = new AtomicBoolean();

        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            started.countDown();
            try (KeyLock ignored = KeyLock.acquire(file, () -> false)) {
                acquired.set(true);
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(acquired).as("must wait while the lock is held").isFalse();

        held.close();
        waiter.get(10, TimeUnit.SECONDS);

        assertThat(acquired).isTrue();
    }

    @Test
    void acquire_cancelledWhileOtherHolds_throwsCancelledQuickly() throws Exception {
        Path file = temp.resolve("k.lock");
        KeyLock held = onOtherThread(() -> KeyLock.tryAcquire(file).orElseThrow());
        try {
            long start = System.nanoTime();
            StepFailedException e = onOtherThread(() -> catchThrowableOfType(StepFailedException.class,
                    () -> KeyLock.acquire(file, () -> true)));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e).as("expected a StepFailedException").isNotNull();
            assertThat(e.status()).isEqualTo(BuildStatus.CANCELLED);
            assertThat(waited).isLessThan(Duration.ofSeconds(2));
        } finally {
            held.close();
        }
        KeyLock.tryAcquire(file).orElseThrow().close();
    }

    @Test
    void acquire_cancelledLaterWhileOtherHolds_throwsCancelled() throws Exception {
        Path file = temp.resolve("k.lock");
        AtomicBoolean cancelled = new AtomicBoolean();
        try (KeyLock ignored = KeyLock.tryAcquire(file).orElseThrow()) {
            CompletableFuture<StepFailedException> waiter = CompletableFuture.supplyAsync(() ->
                    catchThrowableOfType(StepFailedException.class, () -> KeyLock.acquire(file, cancelled::get)));
            Thread.sleep(200);
            assertThat(waiter).isNotDone();

            cancelled.set(true);

            StepFailedException e = waiter.get(2, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.status()).isEqualTo(BuildStatus.CANCELLED);
        }
    }

    @Test
    void acquire_cancelledButFree_returnsLock() {
        try (KeyLock lock = KeyLock.acquire(temp.resolve("k.lock"), () -> true)) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void acquire_interruptedWhileWaiting_throwsCancelledAndKeepsInterruptFlag() throws Exception {
        Path file = temp.resolve("k.lock");
        try (KeyLock ignored = KeyLock.tryAcquire(file).orElseThrow()) {
            Boolean[] interruptedAfter = new Boolean[1];
            StepFailedException[] thrown = new StepFailedException[1];
            Thread waiter = new Thread(() -> {
                thrown[0] = catchThrowableOfType(StepFailedException.class, () -> KeyLock.acquire(file, () -> false));
                interruptedAfter[0] = Thread.currentThread().isInterrupted();
            });
            waiter.start();
            Thread.sleep(100);
            waiter.interrupt();
            waiter.join(5_000);

            assertThat(waiter.isAlive()).isFalse();
            assertThat(thrown[0]).isNotNull();
            assertThat(thrown[0].status()).isEqualTo(BuildStatus.CANCELLED);
            assertThat(interruptedAfter[0]).isTrue();
        }
    }

    /** Two spellings of one lock file through a symlinked folder: only the OS file lock tells them apart. */
    @Test
    void tryAcquire_sameFileThroughSymlinkedFolder_emptyWhileHeldAndFreeAfterClose() throws Exception {
        Path real = Files.createDirectories(temp.resolve("real"));
        Path alias = Files.createSymbolicLink(temp.resolve("alias"), real);

        try (KeyLock ignored = KeyLock.tryAcquire(real.resolve("k.lock")).orElseThrow()) {
            Optional<KeyLock> other = onOtherThread(() -> KeyLock.tryAcquire(alias.resolve("k.lock")));
            assertThat(other).isEmpty();
        }
        Optional<KeyLock> afterClose = onOtherThread(() -> KeyLock.tryAcquire(alias.resolve("k.lock")));
        assertThat(afterClose).isPresent();
        afterClose.get().close();
    }

    private List<String> lockFiles() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".lock") && !name.startsWith(".")).toList();
        }
    }

    @Test
    void close_tenThousandKeysLockedAndReleased_leavesNoTableEntryAndNoLockFile() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            KeyLock.tryAcquire(temp.resolve("k" + i + ".lock")).orElseThrow().close();
        }

        assertThat(KeyLock.trackedIn(temp)).isZero();
        assertThat(lockFiles()).isEmpty();
    }

    /** Threads racing for few keys: one holder per key at a time, and nothing left once all let go. */
    @Test
    void acquire_manyThreadsRacingForFewKeys_oneHolderPerKeyAndNothingLeftAfter() throws Exception {
        int keys = 3;
        AtomicInteger[] holders = new AtomicInteger[keys];
        for (int k = 0; k < keys; k++) {
            holders[k] = new AtomicInteger();
        }
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 500; i++) {
                    int k = i % keys;
                    try (KeyLock ignored = KeyLock.acquire(temp.resolve("k" + k + ".lock"), () -> false)) {
                        if (holders[k].incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        Thread.onSpinWait();
                        holders[k].decrementAndGet();
                    }
                }
            }, executor));
        }
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        executor.shutdown();

        assertThat(overlaps).hasValue(0);
        assertThat(KeyLock.trackedIn(temp)).isZero();
        assertThat(lockFiles()).isEmpty();
    }

    /**
     * Two other JVMs and this one take and release the same key lock over and over, each marking its hold with a
     * file only one may create at a time: lock files deleted on release must never let two processes in.
     */
    @Test
    void acquire_threeProcessesContending_neverTwoHoldersAndNoLockFileLeft() throws Exception {
        long until = System.currentTimeMillis() + 3_000;
        List<CompletableFuture<Processes.Finished>> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(CompletableFuture.supplyAsync(() -> Processes.run(Processes.java(List.of(),
                    KeyLockContender.class, temp.toString(), Long.toString(until)), temp, Duration.ofSeconds(60))));
        }

        KeyLockContender.Tally own = KeyLockContender.contend(temp, until);

        List<String> lines = new ArrayList<>();
        for (CompletableFuture<Processes.Finished> child : children) {
            Processes.Finished finished = child.get(60, TimeUnit.SECONDS);
            assertThat(finished.exitCode()).as(finished.text()).isZero();
            lines.addAll(finished.lines());
        }
        assertThat(own.overlaps()).as("overlaps seen by this JVM").isZero();
        assertThat(lines).as("the children's overlaps").filteredOn(line -> line.startsWith("overlaps="))
                .containsExactly("overlaps=0", "overlaps=0");
        assertThat(lines).filteredOn(line -> line.startsWith("holds=")).hasSize(2)
                .allSatisfy(line -> assertThat(Integer.parseInt(line.substring(6))).isPositive());
        assertThat(own.holds()).isPositive();
        assertThat(lockFiles()).isEmpty();
    }
}
