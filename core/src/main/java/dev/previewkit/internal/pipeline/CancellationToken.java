package dev.previewkit.internal.pipeline;

import dev.previewkit.spi.BuildContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cancel flag of one build, with actions (such as killing a process tree) to run when it is set. */
final class CancellationToken {
    private static final Logger LOG = LoggerFactory.getLogger(CancellationToken.class);

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Set<Runnable> actions = ConcurrentHashMap.newKeySet();

    boolean isCancelled() {
        return cancelled.get();
    }

    /** Sets the flag and runs the registered actions; later calls do nothing. */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            actions.forEach(CancellationToken::runQuietly);
        }
    }

    BuildContext.Registration register(Runnable action) {
        actions.add(action);
        if (cancelled.get() && actions.remove(action)) {
            runQuietly(action);
        }
        return () -> actions.remove(action);
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("A cancel action failed", e);
        }
    }
}
