package dev.previewkit.backend.localnpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.previewkit.BuildStatus;
import dev.previewkit.OutputLine;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.RunningProcess;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of Previewkit's own Node.js scripts (the warm build worker, the dev server), running for as long as its owner
 * wants in a workspace whose {@code node_modules} is linked: it is written into
 * {@value WorkspaceLinks#OWN_FOLDER}, so that {@code import('vite')} finds the workspace's Vite. Requests go to its
 * standard input as JSON lines; it answers with JSON on lines that start with a prefix only this JVM knows, and
 * everything else it prints goes to the current output sink. The script watches its standard input and parent, so
 * it never outlives the JVM (see {@code watchdog.mjs}). Thread-safe.
 */
final class NodeScript implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeScript.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESOURCES = "/dev/previewkit/backend/localnpm/";
    private static final List<String> SCRIPTS = List.of("watchdog.mjs", "build-worker.mjs", "dev-server.mjs");
    private static final long POLL_MILLIS = 20;

    private final RunningProcess process;
    private final String prefix;
    private final String name;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private volatile BiConsumer<OutputLine.Stream, String> sink;

    /** The script ended while a reply was awaited. */
    static final class Exited extends Exception {
        private static final long serialVersionUID = 1L;

        Exited(String message) {
            super(message);
        }
    }

    private NodeScript(String name, RunningProcess process, String prefix) {
        this.name = name;
        this.process = process;
        this.prefix = prefix;
    }

    /**
     * Writes Previewkit's scripts into the linked workspace and starts {@code script} there.
     *
     * @param environment the child environment; the reply prefix is added
     * @param sink        receives the script's other output until {@link #output} changes it
     * @throws StepFailedException (FAILED) when the scripts cannot be written or Node cannot be started
     * @throws UnsupportedOperationException when the launcher cannot run long-lived processes
     */
    static NodeScript start(ProcessLauncher launcher, Path node, Path workspace, String script,
            Map<String, String> environment, BiConsumer<OutputLine.Stream, String> sink) {
        Path folder = workspace.resolve(WorkspaceLinks.OWN_FOLDER);
        try {
            Files.createDirectories(folder.resolve("tmp"));
            for (String file : SCRIPTS) {
                try (InputStream in = NodeScript.class.getResourceAsStream(RESOURCES + file)) {
                    if (in == null) {
                        throw new IllegalStateException(RESOURCES + file + " is missing from the jar");
                    }
                    Files.write(folder.resolve(file), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new StepFailedException(BuildStatus.FAILED, "Cannot write Previewkit's scripts into " + folder
                    + ": " + e.getMessage());
        }
        String prefix = "@@previewkit-" + UUID.randomUUID() + "@@";
        Map<String, String> env = new HashMap<>(environment);
        env.put("PREVIEWKIT_REPLY", prefix);
        env.put("TMPDIR", folder.resolve("tmp").toString());
        NodeScript[] started = new NodeScript[1];
        RunningProcess process = launcher.start(Launch.builder(List.of(node.toString(), folder.resolve(script)
                .toString())).directory(workspace).environment(env).build(), (stream, line) -> {
                    if (started[0] != null) {
                        started[0].line(stream, line);
                    } else {
                        sink.accept(stream, line);
                    }
                });
        NodeScript nodeScript = new NodeScript(script, process, prefix);
        nodeScript.sink = sink;
        started[0] = nodeScript;
        return nodeScript;
    }

    private void line(OutputLine.Stream stream, String line) {
        int at = stream == OutputLine.Stream.STDOUT ? line.indexOf(prefix) : -1;
        if (at < 0) {
            sink.accept(stream, line);
            return;
        }
        if (at > 0) {
            sink.accept(stream, line.substring(0, at));  // a tool printed without a newline before the reply
        }
        try {
            replies.add(JSON.readTree(line.substring(at + prefix.length())));
        } catch (IOException e) {
            LOG.warn("{} (pid {}) sent a reply that is not JSON: {}", name, process.pid(), line);
        }
    }

    /** Sends its further output to {@code output}. */
    void output(BiConsumer<OutputLine.Stream, String> output) {
        this.sink = output;
    }

    /** Sends one request. */
    void send(Object request) throws IOException {
        process.send(JSON.writeValueAsString(request));
    }

    /**
     * The next reply, waiting as long as the context goes on.
     *
     * @throws StepFailedException the context's stop reason once it is stopped
     * @throws Exited              when the script ended first
     */
    JsonNode await(BuildContext context) throws Exited {
        while (true) {
            context.checkRunning();
            Optional<JsonNode> reply = poll(Duration.ofMillis(POLL_MILLIS));
            if (reply.isPresent()) {
                return reply.get();
            }
        }
    }

    /**
     * The next reply within {@code timeout}, or empty.
     *
     * @throws Exited when the script ended first
     */
    Optional<JsonNode> poll(Duration timeout) throws Exited {
        long giveUp = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                JsonNode reply = replies.poll(Math.min(POLL_MILLIS, Math.max(1, (giveUp - System.nanoTime()) / 1_000_000)),
                        TimeUnit.MILLISECONDS);
                if (reply != null) {
                    return Optional.of(reply);
                }
                if (!process.isAlive() && replies.isEmpty()) {
                    throw new Exited(name + " (pid " + process.pid() + ") exited with code "
                            + process.exit().getNow(-1));
                }
                if (System.nanoTime() >= giveUp) {
                    return Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException(BuildStatus.CANCELLED, "Interrupted while waiting for " + name);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Completes when the script has ended. */
    java.util.concurrent.CompletableFuture<Integer> exit() {
        return process.exit();
    }

    /** Kills the script and whatever it started, and waits until they are gone. */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + "]";
    }
}
