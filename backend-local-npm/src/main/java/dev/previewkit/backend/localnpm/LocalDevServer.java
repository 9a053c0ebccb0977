package dev.previewkit.backend.localnpm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.BuildStatus;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.DevServerRequest;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.RunningDevServer;
import dev.previewkit.spi.StepFailedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Vite's dev server for a session's dev workspace, run by {@code dev-server.mjs}: the project's own Vite in
 * development mode on a free loopback port, with its dependency cache in the session's cache
 * folder (the linked set is never written) and the request's allowed host names. Thread-safe.
 */
final class LocalDevServer implements RunningDevServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeScript script;
    private final URI uri;
    private final CompletableFuture<Void> ended;

    private LocalDevServer(NodeScript script, URI uri) {
        this.script = script;
        this.uri = uri;
        this.ended = script.exit().thenApply(code -> null);
    }

    /** How often a start is tried again when the free port it was given was taken meanwhile. */
    private static final int PORT_ATTEMPTS = 3;

    /**
     * Links the set into the workspace, starts the server on a free port and waits until it listens. Vite 5 takes
     * port 0 for its default, so the port is picked here; when another process takes it first, the start is tried
     * again on another.
     *
     * @throws StepFailedException when it ends before it listens (FAILED, with its output in the context) or the
     *     context is stopped first
     */
    static LocalDevServer start(ProcessLauncher launcher, Path node, Map<String, String> environment,
            DevServerRequest request, DependencySet set, BuildContext context) {
        WorkspaceLinks.link(request.workspace(), set, Optional.empty());
        try {
            Files.createDirectories(request.cacheDirectory());
        } catch (IOException e) {
            throw new StepFailedException(BuildStatus.FAILED, "Cannot create the dev server's cache folder "
                    + request.cacheDirectory() + ": " + e.getMessage());
        }
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("cacheDir", request.cacheDirectory().toString());
            settings.put("port", port);
            settings.put("allowedHosts", request.allowedHosts());
            Map<String, String> env = new HashMap<>(environment);
            try {
                env.put("PREVIEWKIT_DEV_SERVER", JSON.writeValueAsString(settings));
            } catch (IOException e) {
                throw new IllegalStateException("settings are plain JSON", e);
            }
            List<String> printed = new CopyOnWriteArrayList<>();
            NodeScript script = NodeScript.start(launcher, node, request.workspace(), "dev-server.mjs", env,
                    (stream, line) -> {
                        printed.add(line);
                        context.output(stream, line);
                    });
            try {
                script.await(context);
                script.output(request.output());
                return new LocalDevServer(script, URI.create("http://127.0.0.1:" + port + "/"));
            } catch (NodeScript.Exited e) {
                script.close();
                if (attempt < PORT_ATTEMPTS && printed.stream().anyMatch(line -> line.contains("is already in use"))) {
                    continue;
                }
                throw new StepFailedException(BuildStatus.FAILED, "The dev server ended before it listened: "
                        + e.getMessage());
            } catch (RuntimeException e) {
                script.close();
                throw e;
            }
        }
    }

    /** A loopback port nothing listens on right now. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StepFailedException(BuildStatus.FAILED, "No free loopback port for the dev server: "
                    + e.getMessage());
        }
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public boolean isAlive() {
        return script.isAlive();
    }

    @Override
    public CompletableFuture<Void> ended() {
        return ended.copy();
    }

    @Override
    public void close() {
        script.close();
    }

    @Override
    public String toString() {
        return "LocalDevServer[" + uri + ", " + script + "]";
    }
}
