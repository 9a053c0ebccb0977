package dev.previewkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.Artifact;
import dev.previewkit.BackendUnavailableException;
import dev.previewkit.BuildPhase;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.Diagnostic;
import dev.previewkit.PreviewBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory backend through a real {@link PreviewBuilder}: outputs follow inputs, markers give diagnostics. */
class InMemoryBackendTest {
    @TempDir
    Path workDirectory;

    private final OpenBuilders builders = new OpenBuilders();

    @AfterEach
    void close() {
        builders.closeAll();
    }

    @Test
    void build_labelledProject_publishesIndexAndOneTransformedFilePerSource() throws Exception {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder previews = builders.open(backend, workDirectory);

        BuildResult result = previews.build(InMemoryProjects.labelled("hello"));

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        Artifact artifact = result.artifact().orElseThrow();
        assertThat(Files.readString(artifact.indexFile())).contains("<li>src/App.tsx</li>").contains("label.txt");
        assertThat(artifact.files()).contains("assets/src_App.tsx.txt", "packages.txt");
        assertThat(Files.readString(artifact.root().resolve("assets/label.txt.txt"))).isEqualTo("HELLO\n");
        assertThat(Files.readString(artifact.root().resolve("packages.txt"))).contains("clsx@2.1.1", "vite@8.3.8");
        assertThat(backend.installCount()).isEqualTo(1);
        assertThat(backend.buildCount()).isEqualTo(1);
        assertThat(backend.buildOrder()).containsExactly("hello");
    }

    @Test
    void build_sourceWithBuildErrorMarker_failsWithDiagnosticAtTheMarker() {
        PreviewBuilder previews = builders.open(InMemoryBackend.create(), workDirectory);

        BuildResult result = previews.build(InMemoryProjects.failing("broken"));

        assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.message()).isEqualTo("vite build exited with code 1");
        Diagnostic diagnostic = result.diagnostics().stream().filter(d -> d.phase() == BuildPhase.BUILD)
                .findFirst().orElseThrow(() -> new AssertionError(result.log()));
        assertThat(diagnostic.file()).hasValue("src/components/Greeting.tsx");
        assertThat(diagnostic.line()).hasValue(2);
        assertThat(diagnostic.column()).hasValue(6);
        assertThat(diagnostic.message()).contains(InMemoryBackend.BUILD_ERROR);
    }

    @Test
    void build_typeCheckOnAndTypeErrorMarker_failsInTypecheckWithTs2322() {
        InMemoryBackend backend = InMemoryBackend.create();
        PreviewBuilder previews = builders.open(backend, workDirectory, config -> config.typeCheck(true));

        BuildResult result = previews.build(InMemoryProjects.typeError("typed"));

        assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.diagnostics()).anySatisfy(d -> {
            assertThat(d.phase()).isEqualTo(BuildPhase.TYPECHECK);
            assertThat(d.code()).hasValue("TS2322");
            assertThat(d.file()).hasValue("src/components/Greeting.tsx");
            assertThat(d.line()).hasValue(2);
        });
        assertThat(backend.typeCheckCount()).isEqualTo(1);
        assertThat(backend.buildCount()).isZero();
    }

    @Test
    void build_packageConfiguredToFailInstall_failsInInstallWithE404() {
        InMemoryBackend backend = InMemoryBackend.builder().failInstallOf("left-pad").build();
        PreviewBuilder previews = builders.open(backend, workDirectory);

        BuildResult result = previews.build(InMemoryProjects.withDependency("padded", "left-pad", "1.3.0"));

        assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
        assertThat(result.diagnostics()).anySatisfy(d -> {
            assertThat(d.phase()).isEqualTo(BuildPhase.INSTALL);
            assertThat(d.code()).hasValue("E404");
            assertThat(d.message()).contains("left-pad@1.3.0");
        });
        assertThat(backend.buildCount()).isZero();
        assertThat(workDirectory.resolve("dependencies")).isDirectoryNotContaining("glob:**/.staging-*");
    }

    @Test
    void configure_unavailableBackend_isRefusedWithItsReason() {
        InMemoryBackend backend = InMemoryBackend.builder().unavailable("no engine today").build();

        assertThatThrownBy(() -> builders.open(backend, workDirectory))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("no engine today");
    }
}
