package dev.previewkit.backend.localnpm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.OutputLine;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.ProcessLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm build workers of one backend, one per session workspace: at most {@code max} at once (the least recently
 * used idle one makes room for a new session; when all are busy, a build runs as its own process), each stopped
 * after {@code idleTimeout} without a build, when its session's workspace is released, and when it crashed or hung.
 * A worker whose dependency set or toolchain no longer matches the build's is replaced, so a dependency change
 * builds afresh. Thread-safe.
 */
final class WarmWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmWorkers.class);

    private final Function<Path, ProcessLauncher> launchers;
    private final int max;
    private final Duration idleTimeout;
    private final Map<Path, WarmWorker> workers = new HashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "previewkit-warm-worker-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    /** How to start Node for a workspace: the executable and the child environment. */
    interface NodeStart {
        Path node();

        Map<String, String> environment();
    }

    /**
     * @param launchers the launcher for a worker in a linked workspace (sandboxed to that workspace, when the
     *                  backend sandboxes)
     */
    WarmWorkers(Function<Path, ProcessLauncher> launchers, int max, Duration idleTimeout) {
        this.launchers = launchers;
        this.max = max;
        this.idleTimeout = idleTimeout;
        long every = Math.max(200, Math.min(idleTimeout.toMillis() / 4, 30_000));
        sweeper.scheduleWithFixedDelay(this::stopIdle, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Builds a session's workspace with its warm worker, starting the worker when there is none; empty when no
     * worker can take the build (the launcher runs no long-lived processes, every worker is busy, or the worker was
     * lost), and the caller builds with a process of its own.
     *
     * @throws dev.previewkit.spi.StepFailedException as {@link WarmWorker#build} does
     */
    Optional<BuildOutput> build(BuildRequest request, DependencySet set, BuildContext context, NodeStart start) {
        Path workspace = request.hostWorkspace();
        String links = set.folder().orElseThrow() + "|" + request.toolchain()
                .map(tc -> tc.set().folder().orElseThrow().toString()).orElse("");
        WarmWorker claimed = claim(workspace, links);
        for (int attempt = 1; attempt <= 2; attempt++) {
            WarmWorker worker = attempt == 1 ? claimed : null;
            try {
                if (worker == null) {
                    Optional<WarmWorker> started = startWorker(request, set, context, links, start);
                    if (started.isEmpty()) {
                        return Optional.empty();
                    }
                    worker = started.get();
                }
                return Optional.of(BuildOutput.folder(worker.build(request, context)));
            } catch (WarmWorker.Lost e) {
                boolean retry = attempt == 1 && claimed != null;  // a worker that ran before crashed: a new one
                LOG.warn("Build {}: the warm build worker of {} was lost ({}); {}", context.buildId(), workspace,
                        e.getMessage(), retry ? "starting a new one" : "building in a new process");
                context.output(OutputLine.Stream.STDERR, "[previewkit] the warm build worker was lost ("
                        + e.getMessage() + "); " + (retry ? "starting a new one" : "building in a new process"));
                if (worker != null) {
                    forget(worker);
                }
                if (!retry) {
                    return Optional.empty();
                }
            } finally {
                if (worker != null && !worker.isAlive()) {
                    forget(worker);
                }
            }
        }
        return Optional.empty();
    }

    /** The workspace's worker if it still fits the build; a stale or dead one is stopped and forgotten. */
    private WarmWorker claim(Path workspace, String links) {
        WarmWorker stale = null;
        WarmWorker found;
        synchronized (this) {
            found = workers.get(workspace);
            if (found != null && (!found.isAlive() || !found.links().equals(links))) {
                stale = workers.remove(workspace);
                found = null;
            }
        }
        if (stale != null) {
            LOG.info("Replacing {}: {}", stale, stale.isAlive() ? "the dependencies changed" : "it ended");
            stale.stop();
        }
        return found;
    }

    private Optional<WarmWorker> startWorker(BuildRequest request, DependencySet set, BuildContext context,
            String links, NodeStart start) throws WarmWorker.Lost {
        if (!makeRoom()) {
            context.output(OutputLine.Stream.STDOUT, "[previewkit] every warm build worker is busy (" + max
                    + "); building in a new process");
            return Optional.empty();
        }
        Path workspace = request.hostWorkspace();
        WorkspaceLinks.link(workspace, set, request.toolchain());
        NodeScript script;
        try {
            script = NodeScript.start(launchers.apply(workspace), start.node(), workspace, "build-worker.mjs",
                    start.environment(), context::output);
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
        WarmWorker worker = new WarmWorker(workspace, links, WarmWorker.strategyFor(viteMajor(workspace)), script);
        try {
            worker.awaitReady(context);
        } catch (RuntimeException | WarmWorker.Lost e) {
            worker.stop();
            throw e;
        }
        synchronized (this) {
            workers.put(workspace, worker);
        }
        return Optional.of(worker);
    }

    /** Stops the least recently used idle worker while the pool is full; false when all are busy. */
    private boolean makeRoom() {
        List<WarmWorker> evicted = new ArrayList<>();
        boolean room;
        synchronized (this) {
            while (workers.size() >= max) {
                Optional<WarmWorker> idlest = workers.values().stream().filter(w -> !w.isBusy())
                        .min(Comparator.comparingLong(WarmWorker::lastUsed));
                if (idlest.isEmpty()) {
                    break;
                }
                workers.remove(idlest.get().workspace());
                evicted.add(idlest.get());
            }
            room = workers.size() < max;
        }
        evicted.forEach(worker -> {
            LOG.info("Stopping {} to make room for another session ({} workers at most)", worker, max);
            worker.stop();
        });
        return room;
    }

    private static int viteMajor(Path workspace) {
        try {
            JsonNode manifest = PackageFiles.read(workspace.resolve("node_modules/vite/package.json"));
            String version = manifest.path("version").asText("0");
            return Integer.parseInt(version.replaceFirst("^(\\d{1,4}).*", "$1"));
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private synchronized void forget(WarmWorker worker) {
        workers.remove(worker.workspace(), worker);
        worker.stop();
    }

    /** Stops the worker of a workspace the core is about to delete. */
    void release(Path workspace) {
        WarmWorker worker;
        synchronized (this) {
            worker = workers.remove(workspace);
        }
        if (worker != null) {
            LOG.info("Stopping {}: its session ended", worker);
            worker.stop();
        }
    }

    private void stopIdle() {
        long cutoff = System.nanoTime() - idleTimeout.toNanos();
        List<WarmWorker> idle = new ArrayList<>();
        synchronized (this) {
            workers.values().removeIf(worker -> {
                boolean expired = !worker.isBusy() && worker.lastUsed() < cutoff;
                if (expired || !worker.isAlive()) {
                    idle.add(worker);
                }
                return expired || !worker.isAlive();
            });
        }
        idle.forEach(worker -> {
            LOG.info("Stopping {}: {}", worker, worker.isAlive() ? "idle for " + idleTimeout : "it ended");
            worker.stop();
        });
    }

    /** The workers running now, for tests and diagnostics: their process ids. */
    synchronized List<Long> pids() {
        return workers.values().stream().filter(WarmWorker::isAlive).map(WarmWorker::pid).toList();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        List<WarmWorker> all;
        synchronized (this) {
            all = new ArrayList<>(workers.values());
            workers.clear();
        }
        all.forEach(WarmWorker::stop);
    }
}
