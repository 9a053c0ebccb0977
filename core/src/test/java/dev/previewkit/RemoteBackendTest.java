package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.testing.ForwardingBackend;
import dev.previewkit.testing.InMemoryBackend;
import dev.previewkit.testing.InMemoryProjects;
import dev.previewkit.testing.OpenBuilders;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backends that do not work on host folders: files in as entries with the session's previous version, output
 * back as an entry stream or a preview URI, and tool paths mapped back to project paths.
 */
class RemoteBackendTest {
    @TempDir
    Path workDirectory;

    private final OpenBuilders builders = new OpenBuilders();

    @AfterEach
    void close() {
        builders.closeAll();
    }

    /** Records each build request it passes on. */
    private static final class Recording extends ForwardingBackend {
        final List<BuildRequest> requests = new CopyOnWriteArrayList<>();

        Recording(InMemoryBackend delegate) {
            super(delegate);
        }

        @Override
        public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
            requests.add(request);
            return super.build(request, dependencies, context);
        }
    }

    @Test
    void session_remoteBackend_getsEntriesWithoutWorkspaceAndThePreviousVersionAndReturnsAStream() {
        Recording backend = new Recording(InMemoryBackend.builder().remote("/workspace").build());
        PreviewSession session = builders.open(backend, workDirectory).session("remote");

        BuildResult first = session.submit(InMemoryProjects.labelled("one")).result().join();
        BuildResult second = session.submit(InMemoryProjects.labelled("two")).result().join();

        assertThat(first.status()).as(first.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(second.status()).as(second.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(backend.requests).allSatisfy(request -> {
            assertThat(request.workspace()).as("no host workspace was written").isEmpty();
            assertThat(request.session()).contains("remote");
        });
        assertThat(backend.requests.get(0).previous()).isEmpty();
        assertThat(backend.requests.get(1).previous()).hasValueSatisfying(previous ->
                assertThat(previous.file("label.txt").orElseThrow().contentAsString()).isEqualTo("one\n"));
        Artifact artifact = second.artifact().orElseThrow();
        assertThat(artifact.files()).contains("index.html", "assets/label.txt.txt");
        assertThat(artifact.root().resolve("assets/label.txt.txt")).hasContent("TWO\n");
    }

    @Test
    void build_errorAtAToolPath_diagnosticNamesTheProjectFile() {
        BuildResult result = builders.open(InMemoryBackend.builder().remote("/workspace").build(), workDirectory)
                .build(InMemoryProjects.failing("remote"));

        assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.log()).contains("/workspace/");
        assertThat(result.diagnostics()).anySatisfy(diagnostic -> {
            assertThat(diagnostic.file()).hasValueSatisfying(file -> assertThat(file).doesNotStartWith("/")
                    .startsWith("src/"));
            assertThat(diagnostic.line()).isPresent();
        });
    }

    @Test
    void build_backendServingThePreview_artifactCarriesItsUriAndNoFiles() throws Exception {
        URI uri = URI.create("https://sandbox-42.preview.example/");
        BuildResult result = builders.open(InMemoryBackend.builder().previewUri(uri).build(), workDirectory)
                .build(InMemoryProjects.labelled("served elsewhere"));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        Artifact artifact = result.artifact().orElseThrow();
        assertThat(artifact.previewUri()).contains(uri);
        assertThat(artifact.files()).isEmpty();
        assertThat(result.message()).contains(uri.toString());
        try (var listing = Files.list(artifact.root())) {
            assertThat(listing).isEmpty();
        }
        BuildResult again = builders.open(InMemoryBackend.builder().previewUri(uri).build(), workDirectory)
                .build(InMemoryProjects.labelled("served elsewhere"));
        assertThat(again.artifact().orElseThrow().previewUri()).as("the stored artifact keeps its URI").contains(uri);
    }

    @Test
    void build_engineDown_retryableInfrastructureFailureKeepingTheCause() {
        BuildBackend engineDown = new ForwardingBackend(InMemoryBackend.create()) {
            @Override
            public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
                throw StepFailedException.infrastructure("The container engine did not answer",
                        new ConnectException("Connection refused: /var/run/docker.sock"), true);
            }
        };

        BuildResult result = builders.open(engineDown, workDirectory).build(InMemoryProjects.labelled("down"));

        assertThat(result.status()).isEqualTo(BuildStatus.INFRASTRUCTURE_FAILURE);
        assertThat(result.retryable()).isTrue();
        assertThat(result.message()).isEqualTo("The container engine did not answer");
        assertThat(result.log()).contains("caused by java.net.ConnectException: Connection refused");
        assertThat(result.artifact()).isEmpty();
    }
}
