package dev.previewkit.backend.localnpm;

import static dev.previewkit.backend.localnpm.WarmWorkerTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.BackendUnavailableException;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.DevServer;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.tck.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local backend in its bubblewrap sandbox: builds, warm sessions and dev servers work as without it. */
class SandboxTest {
    @TempDir
    Path workDirectory;

    private PreviewBuilder previews;

    @AfterEach
    void close() {
        if (previews != null) {
            previews.close();
        }
    }

    private PreviewBuilder sandboxed() {
        previews = PreviewBuilder.configure().backend(LocalNpmBackend.builder().sandbox(SandboxMode.REQUIRED).build())
                .workDirectory(workDirectory).build();
        return previews;
    }

    @Test
    void build_inTheSandbox_succeedsAndTheBackendSaysItIsSandboxed() throws Exception {
        PreviewBuilder builder = sandboxed();

        BuildResult result = builder.build(Fixtures.withGreeting("built in a sandbox"));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(Fixtures.builtJavaScript(result.artifact().orElseThrow())).contains("built in a sandbox");
        assertThat(builder.backend().capabilities().isolation()).isEqualTo(BackendCapabilities.Isolation.SANDBOX);
        assertThat(builder.backend().capabilities().networkDuringBuild()).isFalse();
        assertThat(builder.backend().probe().detail()).contains("sandbox: bubblewrap");
    }

    @Test
    void session_inTheSandbox_warmWorkerBuildsTheNextVersion() throws Exception {
        PreviewSession session = sandboxed().session("sandboxed");

        assertThat(await(session.submit(Fixtures.withGreeting("one"))).status()).isEqualTo(BuildStatus.SUCCEEDED);
        BuildResult second = await(session.submit(Fixtures.withGreeting("two")));

        assertThat(second.status()).as(second.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(second.log()).contains("built by the session's warm build worker (build 2,");
        assertThat(Fixtures.builtJavaScript(second.artifact().orElseThrow())).contains("two");
    }

    @Test
    void devServer_inTheSandbox_answersTheHost() throws Exception {
        PreviewSession session = sandboxed().session("dev");
        await(session.submit(Fixtures.withGreeting("served from a sandbox")));

        DevServer server = session.startDevServer();

        HttpResponse<String> greeting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(server.uri() + "src/components/Greeting.tsx")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(greeting.statusCode()).isEqualTo(200);
        assertThat(greeting.body()).contains("served from a sandbox");
    }

    /** A backend whose PATH holds only {@code node} and {@code npm}, no {@code bwrap}. */
    private LocalNpmBackend.Builder withoutBubblewrap(SandboxMode mode) throws IOException {
        Path bin = Files.createDirectories(workDirectory.resolve("bin-without-bwrap"));
        for (String tool : new String[] {"node", "npm"}) {
            if (!Files.exists(bin.resolve(tool))) {
                Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
            }
        }
        return LocalNpmBackend.builder().sandbox(mode).environment("PATH", bin.toString());
    }

    @Test
    void configure_sandboxRequiredWithoutBubblewrap_isRefusedSayingWhy() throws Exception {
        assertThatThrownBy(() -> PreviewBuilder.configure().backend(withoutBubblewrap(SandboxMode.REQUIRED).build())
                .workDirectory(workDirectory).build())
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("sandbox is required").hasMessageContaining("bubblewrap is not installed");
    }

    @Test
    void probe_sandboxIfAvailableWithoutBubblewrap_buildsUnsandboxedAndSaysSo() throws Exception {
        LocalNpmBackend backend = withoutBubblewrap(SandboxMode.IF_AVAILABLE).build();

        assertThat(backend.probe().available()).isTrue();
        assertThat(backend.probe().detail()).contains("sandbox: none (bubblewrap is not installed");
        assertThat(backend.capabilities().isolation()).isEqualTo(BackendCapabilities.Isolation.PROCESS);
    }
}
