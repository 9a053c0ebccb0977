package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.testing.InMemoryBackend;
import dev.previewkit.testing.InMemoryProjects;
import dev.previewkit.testing.OpenBuilders;
import dev.previewkit.testing.Waits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's dev server through the core, with the {@link InMemoryBackend}'s file server standing in for Vite:
 * the dev workspace follows submissions, a dependency change restarts the server, and it ends with its session.
 */
class SessionDevServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path workDirectory;

    private final OpenBuilders builders = new OpenBuilders();

    @AfterEach
    void close() {
        builders.closeAll();
    }

    private static ProjectFiles app(String footer) {
        return InMemoryProjects.labelled("dev", Map.of("src/Footer.tsx", footer));
    }

    private static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startDevServer_afterASubmission_servesItsFilesAndFollowsTheNextSubmission() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().devServers().build();
        PreviewSession session = builders.open(backend, workDirectory).session("dev");
        session.submit(app("version one"));

        DevServer server = session.startDevServer(DevServerOptions.DEFAULT.withAllowedHost("dev.localhost"));

        assertThat(server.isRunning()).isTrue();
        assertThat(session.devServer()).containsSame(server);
        assertThat(session.startDevServer()).as("one per session").isSameAs(server);
        assertThat(get(server.uri(), "src/Footer.tsx").body()).isEqualTo("version one");
        assertThat(backend.devServerRequests()).singleElement()
                .satisfies(request -> assertThat(request.allowedHosts()).containsExactly("dev.localhost"));
        URI before = server.uri();

        session.submit(app("version two"));

        Waits.until(() -> body(server.uri(), "src/Footer.tsx").equals("version two"), "the dev workspace followed");
        assertThat(server.uri()).as("same dependencies: the server keeps running").isEqualTo(before);
        assertThat(backend.devServerRequests()).hasSize(1);
        Path cache = backend.devServerRequests().get(0).cacheDirectory();
        assertThat(cache.startsWith(workDirectory.resolve("dependencies"))).isFalse();
    }

    @Test
    void submit_newDependencies_restartsTheServerOnTheNewSet() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().devServers().build();
        PreviewSession session = builders.open(backend, workDirectory).session("deps");
        session.submit(app("x"));
        DevServer server = session.startDevServer();
        String firstSet = get(server.uri(), "__set").body();

        session.submit(InMemoryProjects.withDependency("deps", "left-pad", "1.3.0"));

        Waits.until(() -> backend.devServerRequests().size() == 2 && server.isRunning()
                && !body(server.uri(), "__set").equals(firstSet), "the server restarted on the new set");
        assertThat(backend.installCount()).as("the new set was installed once, for the server and the build")
                .isEqualTo(2);
    }

    @Test
    void close_session_stopsItsDevServer() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().devServers().build();
        PreviewSession session = builders.open(backend, workDirectory).session("ends");
        session.submit(app("x"));
        DevServer server = session.startDevServer();
        URI uri = server.uri();

        session.close();

        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> get(uri, "src/Footer.tsx")).isInstanceOf(IOException.class);
        assertThat(session.devServer()).isEmpty();
    }

    @Test
    void expiry_idleSession_stopsItsDevServer() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().devServers().build();
        PreviewBuilder previews = builders.open(backend, workDirectory,
                config -> config.sessionIdleTimeout(java.time.Duration.ofMillis(300)));
        PreviewSession session = previews.session("expires");
        session.submit(app("x"));
        DevServer server = session.startDevServer();
        URI uri = server.uri();

        Waits.until(() -> !server.isRunning(), "the idle session's dev server stopped");

        assertThat(session.isClosed()).isTrue();
        assertThatThrownBy(() -> get(uri, "src/Footer.tsx")).isInstanceOf(IOException.class);
    }

    @Test
    void close_devServer_sessionGoesOnAndCanStartAnother() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().devServers().build();
        PreviewSession session = builders.open(backend, workDirectory).session("again");
        session.submit(app("x"));
        DevServer first = session.startDevServer();

        first.close();
        DevServer second = session.startDevServer();

        assertThat(first.isRunning()).isFalse();
        assertThat(second).isNotSameAs(first);
        assertThat(second.isRunning()).isTrue();
        assertThat(Waits.result(session.submit(app("y"))).status()).isEqualTo(BuildStatus.SUCCEEDED);
    }

    @Test
    void startDevServer_beforeAnySubmissionOrOnABackendWithout_isRefused() {
        PreviewSession empty = builders.open(InMemoryBackend.builder().devServers().build(),
                workDirectory.resolve("a")).session("empty");
        assertThatThrownBy(empty::startDevServer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("submit files first");

        PreviewSession without = builders.open(InMemoryBackend.create(), workDirectory.resolve("b")).session("none");
        without.submit(app("x"));
        assertThatThrownBy(without::startDevServer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot run dev servers");
    }

    @Test
    void startDevServer_serverNeverAnswers_failsWithinTheStartTimeoutLeavingNothing() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().devServers().build();
        PreviewSession session = builders.open(backend, workDirectory).session("stalls");
        session.submit(InMemoryProjects.labelled("stalls", Map.of("src/stall.ts", "// " + InMemoryBackend.STALL_DEV_SERVER)));

        assertThatThrownBy(() -> session.startDevServer(new DevServerOptions(java.util.List.of(),
                java.time.Duration.ofMillis(500))))
                .isInstanceOf(PreviewException.class).hasMessageContaining("did not start").hasMessageContaining("TIMED_OUT");
        assertThat(backend.running()).isEmpty();
        assertThat(session.devServer()).isEmpty();
        assertThat(Files.isDirectory(workDirectory.resolve("sessions"))).isTrue();
    }

    private static String body(URI base, String path) {
        try {
            return get(base, path).body();
        } catch (IOException | IllegalStateException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
