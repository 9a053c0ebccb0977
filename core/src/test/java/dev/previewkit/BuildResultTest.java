package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BuildResultTest {
    private static final Artifact ARTIFACT = new Artifact("b1", Path.of("artifacts", "b1"), List.of("index.html"));

    private static BuildResult result(BuildStatus status, Optional<Artifact> artifact) {
        return new BuildResult("b1", status, artifact, "message", "log", Map.of(), Optional.empty(), List.of(), List.of(), List.of(), "", false);
    }

    @ParameterizedTest
    @EnumSource(value = BuildStatus.class, names = "SUCCEEDED", mode = EnumSource.Mode.EXCLUDE)
    void new_artifactWithNonSucceededStatus_rejected(BuildStatus status) {
        assertThatThrownBy(() -> result(status, Optional.of(ARTIFACT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(status.name());
    }

    @Test
    void new_succeededWithoutArtifact_rejected() {
        assertThatThrownBy(() -> result(BuildStatus.SUCCEEDED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SUCCEEDED");
    }

    @Test
    void new_succeededWithArtifact_accepted() {
        BuildResult result = result(BuildStatus.SUCCEEDED, Optional.of(ARTIFACT));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.artifact()).contains(ARTIFACT);
    }

    @ParameterizedTest
    @EnumSource(value = BuildStatus.class, names = "SUCCEEDED", mode = EnumSource.Mode.EXCLUDE)
    void new_nonSucceededWithoutArtifact_accepted(BuildStatus status) {
        BuildResult result = result(status, Optional.empty());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.status()).isEqualTo(status);
    }

    @Test
    void phaseDurations_givenOutOfOrder_orderedByPhaseAndSummed() {
        Map<BuildPhase, Duration> durations = new LinkedHashMap<>();
        durations.put(BuildPhase.BUILD, Duration.ofSeconds(3));
        durations.put(BuildPhase.WORKSPACE, Duration.ofMillis(500));
        durations.put(BuildPhase.INSTALL, Duration.ofSeconds(2));

        BuildResult result = new BuildResult("b1", BuildStatus.FAILED, Optional.empty(), "m", "l", durations,
                Optional.of(PackageManager.NPM), List.of(), List.of(), List.of(), "", false);
        durations.clear();

        assertThat(result.phaseDurations().keySet())
                .containsExactly(BuildPhase.WORKSPACE, BuildPhase.INSTALL, BuildPhase.BUILD);
        assertThat(result.totalDuration()).isEqualTo(Duration.ofMillis(5_500));
        assertThatThrownBy(() -> result.phaseDurations().put(BuildPhase.PUBLISH, Duration.ZERO))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void artifact_filesList_copiedAndUnmodifiable() {
        List<String> files = new java.util.ArrayList<>(List.of("index.html"));
        Artifact artifact = new Artifact("x", Path.of("x"), files);
        files.add("later.js");

        assertThat(artifact.files()).containsExactly("index.html");
        assertThatThrownBy(() -> artifact.files().add("y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(artifact.indexFile()).isEqualTo(Path.of("x", "index.html"));
    }

    @ParameterizedTest
    @EnumSource(value = BuildStatus.class, names = "INFRASTRUCTURE_FAILURE", mode = EnumSource.Mode.EXCLUDE)
    void new_retryableWithAProjectOutcome_rejected(BuildStatus status) {
        Optional<Artifact> artifact = status == BuildStatus.SUCCEEDED ? Optional.of(ARTIFACT) : Optional.empty();

        assertThatThrownBy(() -> new BuildResult("b1", status, artifact, "m", "l", Map.of(), Optional.empty(),
                List.of(), List.of(), List.of(), "", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryable");
        assertThat(new BuildResult("b1", BuildStatus.INFRASTRUCTURE_FAILURE, Optional.empty(), "registry down", "l",
                Map.of(), Optional.empty(), List.of(), List.of(), List.of(), "", true).retryable()).isTrue();
    }
}
