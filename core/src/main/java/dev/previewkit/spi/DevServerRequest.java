package dev.previewkit.spi;

import dev.previewkit.OutputLine;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A dev server to run for a session ({@link BuildBackend#startDevServer}): the session's dev workspace, which the
 * core keeps up to date with every submission (the server's file watcher sees the changes and pushes them to the
 * browser), a cache folder of the session's own, the host names a proxy may send, and where the server's output
 * goes while it runs. Immutable.
 *
 * @param session        the session's id
 * @param workspace      the host folder holding the project's files (no {@code node_modules}); it lasts as long as
 *                       the dev server
 * @param cacheDirectory a folder for the server's caches (Vite's {@code cacheDir}), never inside a dependency set
 * @param allowedHosts   host names the server must answer besides {@code localhost} and loopback addresses (Vite's
 *                       {@code server.allowedHosts}; a leading {@code .} allows the subdomains)
 * @param output         receives each line the server prints after it started, on a thread of the backend
 */
public record DevServerRequest(String session, Path workspace, Path cacheDirectory, List<String> allowedHosts,
        BiConsumer<OutputLine.Stream, String> output) {
    public DevServerRequest {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        allowedHosts = List.copyOf(allowedHosts);
        Objects.requireNonNull(output, "output");
    }
}
