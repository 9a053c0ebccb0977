package dev.previewkit.examples;

import dev.previewkit.BuildHandle;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import dev.previewkit.ProjectFiles;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The preview server's sessions. Each user session is built twice, from the same files: once for its own
 * origin ({@code http://<session>.localhost:PORT/}, base {@code /}) and once for path mounting
 * ({@code /preview/<session>/}, built with that base). Both variants share the builder's caches and its queue.
 */
final class PreviewService {
    /** A DNS label, so that the id works as a subdomain; '_' is reserved for the path variant. */
    private static final Pattern SESSION_ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");
    private static final String PATH_VARIANT = "_path";

    private final PreviewBuilder previews;

    PreviewService(PreviewBuilder previews) {
        this.previews = previews;
    }

    /** Whether {@code id} is a valid session id: lower-case letters, digits and inner '-', at most 40. */
    static boolean isValidId(String id) {
        return SESSION_ID.matcher(id).matches();
    }

    /** The version handles of one submission, one per variant. */
    record Submitted(BuildHandle host, BuildHandle path) {}

    /** Queues a build of both variants. */
    Submitted submit(String id, ProjectFiles files) {
        return new Submitted(hostSession(id).submit(files), pathSession(id).submit(files));
    }

    /** The variant served on its own origin, created if needed. */
    PreviewSession hostSession(String id) {
        return previews.session(id);
    }

    /** The variant served under {@code /preview/<id>/}, created if needed. */
    PreviewSession pathSession(String id) {
        return previews.session(id + PATH_VARIANT, "/preview/" + id + "/");
    }

    /** The own-origin variant, if the session exists. */
    Optional<PreviewSession> findHost(String id) {
        return isValidId(id) ? previews.findSession(id) : Optional.empty();
    }

    /** The path variant, if the session exists. */
    Optional<PreviewSession> findPath(String id) {
        return isValidId(id) ? previews.findSession(id + PATH_VARIANT) : Optional.empty();
    }
}
