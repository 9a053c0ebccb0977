package dev.previewkit.backend.localnpm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.ViteConfigOverlay;
import dev.previewkit.spi.WorkspaceUpdate;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm build worker of one session workspace: {@code build-worker.mjs} keeping Vite loaded between versions.
 * It builds with Vite's build API in the same process ({@code build}, for Vite 8 and newer, whose Rolldown builds
 * as fast again as a watch rebuild) or through one Rollup watch build whose module cache re-transforms only what
 * changed ({@code watch}, for older Vite); see {@code docs/performance.md} for the figures behind the choice.
 *
 * <p>A build that is cancelled is left to finish in the worker, unseen (Vite cannot be stopped half-way); the next
 * build waits for it a little, then replaces the worker. A build that times out kills the worker. Used by one build
 * at a time (a session's builds never overlap); thread-safe for the pool's checks.
 */
final class WarmWorker {
    private static final Logger LOG = LoggerFactory.getLogger(WarmWorker.class);
    /** How long a build waits for the abandoned build before it, before it gives up on the worker. */
    static final Duration ABANDONED_GRACE = Duration.ofSeconds(10);

    private final Path workspace;
    private final String links;
    private final String strategy;
    private final NodeScript script;
    private volatile long lastUsed = System.nanoTime();
    private volatile boolean busy;
    private boolean abandoned;
    private int builds;

    /** The worker ended or became unusable during a build: the build should run without it. */
    static final class Lost extends Exception {
        private static final long serialVersionUID = 1L;

        Lost(String message) {
            super(message);
        }
    }

    WarmWorker(Path workspace, String links, String strategy, NodeScript script) {
        this.workspace = workspace;
        this.links = links;
        this.strategy = strategy;
        this.script = script;
    }

    /** The strategy for a Vite version: {@code build} from Vite 8 on, {@code watch} before. */
    static String strategyFor(int viteMajor) {
        return viteMajor >= 8 ? "build" : "watch";
    }

    /**
     * Waits until the worker answers after its start.
     *
     * @throws Lost when it ended first
     */
    void awaitReady(BuildContext context) throws Lost {
        try {
            JsonNode ready = script.await(context);
            LOG.info("Warm build worker {} for {} runs Vite {} ({})", script, workspace, ready.path("vite").asText(),
                    strategy);
        } catch (NodeScript.Exited e) {
            throw new Lost(e.getMessage());
        }
    }

    /**
     * Builds the workspace, into a folder of the worker's own inside the workspace (a sandboxed worker can write
     * nothing else), which stays until the next build of the worker.
     *
     * @return the folder of the build's output
     * @throws StepFailedException (FAILED) when Vite reports an error (printed as {@code vite build} prints it);
     *     the context's stop reason when it is stopped
     * @throws Lost when the worker ended or could not be reached; the build should run another way
     */
    Path build(BuildRequest request, BuildContext context) throws Lost {
        busy = true;
        try {
            finishAbandoned(context);
            script.output(context::output);
            int id = ++builds;
            Path outputs = workspace.resolve(WorkspaceLinks.OWN_FOLDER).resolve("out");
            Folders.delete(outputs);  // the previous build's output, published by now
            Path outDir = outputs.resolve(Integer.toString(id));
            script.send(requestFor(request, id, outDir));
            JsonNode reply;
            try {
                reply = script.await(context);
            } catch (StepFailedException e) {
                if (e.status() == BuildStatus.CANCELLED) {
                    abandoned = true;  // it finishes unseen; the next build waits for it
                } else {
                    script.close();
                }
                throw e;
            }
            context.output(OutputLine.Stream.STDOUT, "[previewkit] built by the session's warm build worker (build "
                    + id + ", " + strategy + (reply.path("restarted").asBoolean() ? ", full watch build" : "")
                    + ", " + reply.path("ms").asLong() + " ms)");
            if (!reply.path("ok").asBoolean()) {
                throw new StepFailedException(BuildStatus.FAILED, "vite build failed");
            }
            return outDir;
        } catch (NodeScript.Exited e) {
            throw new Lost(e.getMessage());
        } catch (IOException e) {
            throw new Lost("cannot reach the worker or its output folder: " + e.getMessage());
        } finally {
            script.output(this::idleOutput);
            lastUsed = System.nanoTime();
            busy = false;
        }
    }

    /** Waits for a cancelled build's reply, for a while; after that the worker is given up. */
    private void finishAbandoned(BuildContext context) throws Lost, NodeScript.Exited {
        if (!abandoned) {
            return;
        }
        long giveUp = System.nanoTime() + ABANDONED_GRACE.toNanos();
        while (System.nanoTime() < giveUp) {
            context.checkRunning();
            context.heartbeat();
            if (script.poll(Duration.ofMillis(100)).isPresent()) {
                abandoned = false;
                return;
            }
        }
        script.close();
        throw new Lost("the build it was left with did not finish within " + ABANDONED_GRACE.toSeconds() + " s");
    }

    private Map<String, Object> requestFor(BuildRequest request, int id, Path outDir) {
        WorkspaceUpdate update = request.sessionWorkspace().orElseThrow();
        Map<String, String> expect = new LinkedHashMap<>();
        for (String path : update.modified()) {
            request.files().file(path).ifPresent(file -> expect.put(path, file.sha256()));
        }
        for (String path : update.added()) {
            request.files().file(path).ifPresent(file -> expect.put(path, file.sha256()));
        }
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("id", id);
        command.put("strategy", strategy);
        command.put("outDir", outDir.toString());
        command.put("base", request.basePath());
        command.put("mode", "production");
        command.put("build", ViteConfigOverlay.buildSettings(request.profile()));
        command.put("changes", Map.of("added", update.added(), "modified", update.modified(), "deleted",
                update.deleted()));
        command.put("expect", expect);
        return command;
    }

    private void idleOutput(OutputLine.Stream stream, String line) {
        LOG.debug("[warm worker {} {}] {}", script, stream, line);
    }

    /** What the worker's {@code node_modules} links: a worker for other links is replaced. */
    String links() {
        return links;
    }

    Path workspace() {
        return workspace;
    }

    boolean isAlive() {
        return script.isAlive();
    }

    boolean isBusy() {
        return busy;
    }

    /** When it last finished a build, by {@link System#nanoTime()}. */
    long lastUsed() {
        return lastUsed;
    }

    long pid() {
        return script.pid();
    }

    /** Stops the worker and whatever it started. */
    void stop() {
        script.close();
    }

    @Override
    public String toString() {
        return "WarmWorker[" + script + ", " + strategy + ", " + workspace + "]";
    }
}
