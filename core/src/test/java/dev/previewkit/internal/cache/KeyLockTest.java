package dev.previewkit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.previewkit.BuildStatus;
import dev.previewkit.spi.StepFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
}
