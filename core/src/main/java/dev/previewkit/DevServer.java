package dev.previewkit;

import java.net.URI;

/**
 * A session's Vite dev server with hot reload: it serves the session's newest submitted files on a loopback port,
 * and every later {@link PreviewSession#submit submission} is written into its workspace, where Vite's file watcher
 * picks the change up and pushes it to open browsers through its HMR WebSocket, in well under a second. Get one
 * with {@link PreviewSession#startDevServer()}.
 *
 * <p>It runs the project's own code with the backend's isolation (for the local backend: trusted input only), and
 * serves it as Vite's dev server does: put it behind a proxy at the preview's own origin (the proxy must pass
 * WebSocket upgrades through, and its host names must be {@link DevServerOptions#allowedHosts() allowed}). Builds
 * of the session go on as before: the dev server is a faster view, not a replacement for published versions.
 *
 * <p>A submission that changes the dependencies installs them (as a build would) and restarts the server on the
 * new set, on another port: read {@link #uri()} for each request rather than once. The server stops when it is
 * closed, when its session closes or expires, and when the JVM exits; a server that crashed reports
 * {@link #isRunning()} false, keeps its {@link #log()}, and is started again by the next submission.
 *
 * <p>Thread-safe.
 */
public interface DevServer extends AutoCloseable {
    /** The session it serves. */
    String sessionId();

    /** Where it answers now, such as {@code http://127.0.0.1:41873/}. */
    URI uri();

    /** Whether it answers now. */
    boolean isRunning();

    /** The tail of what it printed (bounded, secrets redacted), for telling why it stopped. */
    String log();

    /** Stops it and every process it started. Idempotent. */
    @Override
    void close();
}
