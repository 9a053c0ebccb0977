package dev.previewkit.examples;

import com.sun.net.httpserver.HttpServer;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.backend.localnpm.LocalNpmBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The examples' main job: builds a project (the bundled sample app unless a folder is given) with the local npm
 * backend and serves the preview on localhost, with the fallback client-side routes need.
 *
 * <pre>
 * java dev.previewkit.examples.PreviewServer [project-folder] [--port 8080]
 * </pre>
 */
public final class PreviewServer implements AutoCloseable {
    private final HttpServer server;
    private final BuildResult result;

    private PreviewServer(HttpServer server, BuildResult result) {
        this.server = server;
        this.result = result;
    }

    /**
     * Builds {@code files} under {@code workDirectory} and, when the build succeeds, serves it on
     * {@code 127.0.0.1:port} (0 picks a free port). A failed build is returned without a server.
     */
    public static PreviewServer start(ProjectFiles files, Path workDirectory, int port, BuildListener listener) {
        BuildResult result;
        try (PreviewBuilder previews = PreviewBuilder.configure()
                .backend(LocalNpmBackend.create())
                .workDirectory(workDirectory)
                .listener(listener)
                .build()) {
            result = previews.build(files);
        }
        if (!result.succeeded()) {
            return new PreviewServer(null, result);
        }
        Path root = result.artifact().orElseThrow().root();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/", new StaticSiteHandler(() -> root));
            server.start();
            return new PreviewServer(server, result);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on port " + port, e);
        }
    }

    /** How the build ended. */
    public BuildResult result() {
        return result;
    }

    /** Where the preview is served; only when the build succeeded. */
    public URI uri() {
        if (server == null) {
            throw new IllegalStateException("The build did not succeed, so nothing is served: " + result.message());
        }
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8080;
        ProjectFiles files = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                files = ProjectFiles.fromDirectory(Path.of(args[i]));
            }
        }
        if (files == null) {
            files = SampleApp.files();
        }
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "previewkit-examples");
        System.out.println("Building " + files.size() + " files in " + work + " ...");
        PreviewServer server = start(files, work, port, new BuildListener() {
            @Override
            public void phaseFinished(String buildId, BuildPhase phase, Duration took, boolean succeeded) {
                System.out.printf("  %-9s %s in %d ms%n", phase, succeeded ? "done" : "stopped", took.toMillis());
            }
        });
        if (!server.result().succeeded()) {
            System.err.println("Build " + server.result().status() + ": " + server.result().message());
            System.err.println(server.result().log());
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Preview ready at " + server.uri() + "  (Ctrl+C to stop)");
        Thread.currentThread().join();
    }
}
