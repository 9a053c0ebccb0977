package dev.previewkit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A named stream of versions of one project, such as one user's app in an AI builder: get one with
 * {@link PreviewBuilder#session(String)}.
 *
 * <p>{@link #submit} queues a build of new files and returns at once. A newer submission supersedes a queued
 * one, and by default cancels a running one ({@link PreviewBuilder.Config#supersedeRunningBuilds}). The
 * <em>last good version stays current</em>: {@link #current()} changes only when a newer version succeeds, so
 * a failed build never blanks the preview. At most one build of a session runs at a time.
 *
 * <p>Versions have immutable ids and stay addressable ({@link #version}) among the newest
 * {@code maxVersionsPerSession}. A session unused for the session idle timeout expires: its builds are
 * cancelled and its hold on its artifacts released.
 *
 * <p>Thread-safe. Events reach {@link #addListener listeners} in order, one at a time, on a thread of the
 * builder's (never the build's, and never while the session is locked), and {@link #events() subscribers}
 * through a bounded buffer: a slow subscriber misses events rather than slowing builds. A slow or blocked
 * listener delays only the later events of its session, not builds or other calls; while more than 10,000
 * output lines wait for it, later output lines are dropped for listeners (state changes never are).
 */
public interface PreviewSession {
    /** The session's id. */
    String id();

    /** The base path its builds are made for, such as {@code /} or {@code /preview/42/}. */
    String basePath();

    /**
     * The profile its builds are made with: {@link PreviewBuilder.Config#sessionBuildProfile}, by default
     * {@link BuildProfile#PREVIEW} (no minification, compressed-size report or source maps).
     */
    BuildProfile buildProfile();

    /**
     * Queues a build of {@code files} as the session's newest version.
     *
     * @throws InvalidProjectException when {@code package.json} is malformed or declares an unsafe dependency
     *     (nothing is recorded then)
     * @throws IllegalStateException   when the session has expired or its builder is closed
     */
    BuildHandle submit(ProjectFiles files);

    /** The version being served: the newest that succeeded. */
    Optional<PreviewVersion> current();

    /** The newest version, whatever its state. */
    Optional<PreviewVersion> latest();

    /** The version queued or being built, if any. */
    Optional<PreviewVersion> building();

    /** A version by id, while it is among the retained ones. */
    Optional<PreviewVersion> version(String versionId);

    /** The retained versions, oldest first. */
    List<PreviewVersion> versions();

    /**
     * Starts a dev server with hot reload for the session's newest submission and blocks until it answers (see
     * {@link DevServer}); when one runs already, returns it. Installs the dependencies first when they are not
     * stored (within the options' start timeout).
     *
     * @throws IllegalStateException when nothing was submitted yet, the session is closed, or the backend cannot
     *     run dev servers
     * @throws PreviewException      when the server does not start; the message says why, with the end of its log
     */
    DevServer startDevServer(DevServerOptions options);

    /** {@link #startDevServer(DevServerOptions)} with {@link DevServerOptions#DEFAULT}. */
    default DevServer startDevServer() {
        return startDevServer(DevServerOptions.DEFAULT);
    }

    /** The session's dev server, while one is open (running, or crashed and not closed). */
    Optional<DevServer> devServer();

    /**
     * Adds a listener, called for each later event in order, one event at a time, on a thread of the builder's
     * (see the class comment for what a slow listener costs); exceptions are logged and ignored. A listener may
     * call this session's methods.
     */
    void addListener(Consumer<SessionEvent> listener);

    /** A publisher of this session's events; each subscriber has a bounded buffer and misses what overflows. */
    Flow.Publisher<SessionEvent> events();

    /** Whether the session expired or was closed. */
    boolean isClosed();

    /**
     * Cancels the session's builds, stops its dev server, releases its artifacts and ends its event streams.
     * Idempotent.
     */
    void close();
}
