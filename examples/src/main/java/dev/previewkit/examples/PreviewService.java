package dev.previewkit.examples;

import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The preview server's sessions: one {@link PreviewSession} per user session, so one build per submission. It
 * builds with base {@link #basePath(String) /preview/<session>/}, which the path mount serves as built; the own
 * origin ({@code http://<session>.localhost:PORT/}) serves the same build with that base rewritten to {@code /}
 * by {@link BaseRewrite}, or, while the session has a {@link #devServer(String) dev server}, that dev server.
 */
final class PreviewService {
    /** A DNS label, so that the id works as a subdomain. */
    private static final Pattern SESSION_ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

    private final PreviewBuilder previews;
    private final Function<String, Optional<URI>> devServers;

    /**
     * @param devServers a session id to the base URI ({@code http://127.0.0.1:PORT}) of that session's running dev
     *                   server, or empty while it has none
     */
    PreviewService(PreviewBuilder previews, Function<String, Optional<URI>> devServers) {
        this.previews = previews;
        this.devServers = devServers;
    }

    /** Whether {@code id} is a valid session id: lower-case letters, digits and inner '-', at most 40. */
    static boolean isValidId(String id) {
        return SESSION_ID.matcher(id).matches();
    }

    /** The base path a session is built for and mounted at: {@code /preview/<id>/}. */
    static String basePath(String id) {
        return "/preview/" + id + "/";
    }

    /** The session, created if needed. */
    PreviewSession session(String id) {
        return previews.session(id, basePath(id));
    }

    /** The session, if it exists. */
    Optional<PreviewSession> find(String id) {
        return isValidId(id) ? previews.findSession(id) : Optional.empty();
    }

    /** The base URI of the session's running dev server, which its own origin then proxies to. */
    Optional<URI> devServer(String id) {
        return isValidId(id) ? devServers.apply(id) : Optional.empty();
    }
}
