package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.previewkit.spi.Availability;
import dev.previewkit.spi.BackendCapabilities;
import dev.previewkit.spi.BuildBackend;
import dev.previewkit.spi.BuildContext;
import dev.previewkit.spi.BuildOutput;
import dev.previewkit.spi.BuildRequest;
import dev.previewkit.spi.DependencyRequest;
import dev.previewkit.spi.DependencySet;
import dev.previewkit.spi.InstalledDependencies;
import dev.previewkit.spi.SetReference;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link PreviewBuilder.Config#build()} refuses because the backend cannot serve it. */
class PreviewBuilderConfigTest {
    @TempDir
    Path workDirectory;

    /** A backend that only describes itself; the configuration is refused before anything would run. */
    private record DescribedBackend(BackendCapabilities capabilities) implements BuildBackend {
        @Override
        public String id() {
            return "described";
        }

        @Override
        public Availability probe() {
            return Availability.available("always");
        }

        @Override
        public InstalledDependencies install(DependencyRequest request, BuildContext context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BuildOutput build(BuildRequest request, DependencySet dependencies, BuildContext context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void discard(SetReference set) {}
    }

    private PreviewBuilder.Config configure(BackendCapabilities.Builder capabilities) {
        return PreviewBuilder.configure().backend(new DescribedBackend(capabilities.build()))
                .workDirectory(workDirectory);
    }

    private static BackendCapabilities.Builder container() {
        return BackendCapabilities.builder(BackendCapabilities.Isolation.CONTAINER);
    }

    @Test
    void build_typeCheckOnABackendThatCannot_refusedNamingTheSetting() {
        assertThatThrownBy(() -> configure(container()).typeCheck(true).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("typeCheck(true)").hasMessageContaining("described");
    }

    @Test
    void build_moreConcurrentBuildsThanTheBackendTakes_refusedNamingTheSetting() {
        assertThatThrownBy(() -> configure(container().maxConcurrentBuilds(1)).maxConcurrentBuilds(2).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maxConcurrentBuilds(2)").hasMessageContaining("at most 1");
    }

    @Test
    void build_whatTheBackendCanServe_accepted() {
        try (PreviewBuilder previews = configure(container().typeCheck(true).maxConcurrentBuilds(2))
                .typeCheck(true).maxConcurrentBuilds(2).build()) {
            assertThat(previews.backend().capabilities().typeCheck()).isTrue();
        }
    }

    @Test
    void capabilities_withoutNpmOrWithoutRoomForABuild_rejected() {
        assertThatThrownBy(() -> container().maxConcurrentBuilds(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackendCapabilities(BackendCapabilities.Isolation.REMOTE, false, false,
                Set.of(PackageManager.PNPM), false, false, BackendCapabilities.Output.ARTIFACT_FILES, 1, true, false,
                false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("npm");
    }
}
