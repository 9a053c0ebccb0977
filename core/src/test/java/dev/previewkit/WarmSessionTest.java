package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.testing.InMemoryBackend;
import dev.previewkit.testing.InMemoryProjects;
import dev.previewkit.testing.OpenBuilders;
import dev.previewkit.testing.Waits;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.WorkspaceUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions on a backend that keeps them warm, with the {@link InMemoryBackend}: one lasting workspace per session,
 * updated in place, released and deleted when the session ends.
 */
class WarmSessionTest {
    @TempDir
    Path workDirectory;

    private final OpenBuilders builders = new OpenBuilders();

    @AfterEach
    void close() {
        builders.closeAll();
    }

    private static BuildResult succeeded(BuildResult result) {
        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        return result;
    }

    private static ProjectFiles footer(String text) {
        return InMemoryProjects.labelled("app", Map.of("src/components/Footer.tsx", "export const Footer = '" + text
                + "';\n"));
    }

    @Test
    void submit_secondVersion_buildsInTheSameWorkspaceWritingOnlyTheChangedFile() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().warmSessions().build();
        PreviewSession session = builders.open(backend, workDirectory).session("warm");

        BuildResult first = succeeded(Waits.result(session.submit(footer("Footer version 1"))));
        BuildResult second = succeeded(Waits.result(session.submit(footer("Footer version 2"))));

        List<BuildRequest> requests = backend.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).workspace()).isEqualTo(requests.get(1).workspace());
        WorkspaceUpdate firstUpdate = requests.get(0).sessionWorkspace().orElseThrow();
        WorkspaceUpdate secondUpdate = requests.get(1).sessionWorkspace().orElseThrow();
        assertThat(firstUpdate.created()).isTrue();
        assertThat(firstUpdate.added()).contains("src/components/Footer.tsx", "package.json");
        assertThat(secondUpdate.created()).isFalse();
        assertThat(secondUpdate.modified()).containsExactly("src/components/Footer.tsx");
        assertThat(secondUpdate.added()).isEmpty();
        assertThat(first.artifact().orElseThrow().root().resolve("assets/src_components_Footer.tsx.txt"))
                .content().contains("FOOTER VERSION 1");
        assertThat(second.artifact().orElseThrow().root().resolve("assets/src_components_Footer.tsx.txt"))
                .as("the backend read the updated workspace from disk").content().contains("FOOTER VERSION 2");
        assertThat(requests.get(1).hostWorkspace()).isDirectory()
                .as("the workspace lasts while the session does");
    }

    @Test
    void submit_sameWorkspaceAsAFreshBuild_publishesTheSameArtifactFiles() throws Exception {
        InMemoryBackend warm = InMemoryBackend.builder().warmSessions().build();
        PreviewSession session = builders.open(warm, workDirectory.resolve("warm")).session("s");
        succeeded(Waits.result(session.submit(footer("one"))));
        BuildResult warmResult = succeeded(Waits.result(session.submit(InMemoryProjects.labelled("app", Map.of(
                "src/components/Footer.tsx", "export const Footer = 'two';\n", "src/extra.ts", "x")))));

        BuildResult fresh = succeeded(builders.open(InMemoryBackend.create(), workDirectory.resolve("fresh"))
                .session("s").submit(InMemoryProjects.labelled("app", Map.of(
                        "src/components/Footer.tsx", "export const Footer = 'two';\n", "src/extra.ts", "x")))
                .result().get());

        assertThat(warmResult.artifact().orElseThrow().files()).isEqualTo(fresh.artifact().orElseThrow().files());
        for (String file : fresh.artifact().orElseThrow().files()) {
            assertThat(warmResult.artifact().orElseThrow().root().resolve(file)).as(file)
                    .hasSameBinaryContentAs(fresh.artifact().orElseThrow().root().resolve(file));
        }
    }

    @Test
    void close_session_releasesItsWorkspaceAndDeletesIt() throws Exception {
        InMemoryBackend backend = InMemoryBackend.builder().warmSessions().build();
        PreviewBuilder previews = builders.open(backend, workDirectory);
        PreviewSession session = previews.session("gone");
        succeeded(Waits.result(session.submit(footer("x"))));
        Path workspace = backend.requests().get(0).hostWorkspace();

        session.close();

        Waits.until(() -> backend.released().contains(workspace), "the backend was told to release the workspace");
        Waits.until(() -> !Files.exists(workspace), "the workspace was deleted");
    }

    @Test
    void build_plainBuildOnAWarmBackend_getsAFreshWorkspace() {
        InMemoryBackend backend = InMemoryBackend.builder().warmSessions().build();

        succeeded(builders.open(backend, workDirectory).build(footer("x")));

        assertThat(backend.requests().get(0).sessionWorkspace()).isEmpty();
    }

    @Test
    void open_afterABuilderDiedWithSessions_deletesItsSessionFoldersButNotALiveBuilders() throws Exception {
        PreviewBuilder live = builders.open(InMemoryBackend.builder().warmSessions().build(), workDirectory);
        succeeded(Waits.result(live.session("live").submit(footer("x"))));
        Path abandoned = Files.createDirectories(workDirectory.resolve("sessions/crashed-builder~s-1/build/src"));
        Files.writeString(workDirectory.resolve("sessions/crashed-builder.lock"), "");

        builders.open(InMemoryBackend.builder().warmSessions().build(), workDirectory);

        assertThat(abandoned.getParent().getParent()).doesNotExist();
        assertThat(workDirectory.resolve("sessions/crashed-builder.lock")).doesNotExist();
        try (Stream<Path> folders = Files.list(workDirectory.resolve("sessions"))) {
            assertThat(folders.filter(Files::isDirectory).toList()).as("the live builder's session folder")
                    .singleElement().satisfies(folder -> assertThat(folder.getFileName().toString()).endsWith("~live-1"));
        }
        succeeded(Waits.result(live.session("live").submit(footer("y"))));
    }
}
