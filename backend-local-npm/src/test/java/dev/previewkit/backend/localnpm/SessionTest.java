package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildHandle;
import dev.previewkit.BuildResult;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.PreviewSession;
import dev.previewkit.PreviewVersion;
import dev.previewkit.ProjectFiles;
import dev.previewkit.VersionState;
import dev.previewkit.tck.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session end to end with real npm and Vite builds: the last good preview stays current through a failed
 * version. Supersession, expiry, the fair queue and events are proved with the in-memory backend in core
 * ({@code SessionsTest}).
 */
class SessionTest {
    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    Path workDirectory;

    private final List<PreviewBuilder> builders = new ArrayList<>();

    @AfterEach
    void close() {
        builders.forEach(PreviewBuilder::close);
    }

    private PreviewBuilder builder(Consumer<PreviewBuilder.Config> settings) {
        PreviewBuilder.Config config = PreviewBuilder.configure().backend(LocalNpmBackend.create())
                .workDirectory(workDirectory);
        settings.accept(config);
        PreviewBuilder builder = config.build();
        builders.add(builder);
        return builder;
    }

    private static ProjectFiles greeting(String text) {
        return Fixtures.reactAppWith(Map.of("src/components/Greeting.tsx",
                "export function Greeting() { return <p>" + text + "</p>; }\n"));
    }

    private static BuildResult await(BuildHandle handle) throws Exception {
        return handle.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void submit_newerVersionFails_lastGoodVersionStaysCurrent() throws Exception {
        PreviewSession session = builder(config -> { }).session("keeps-good");

        await(session.submit(greeting("good one")));
        PreviewVersion good = session.current().orElseThrow();
        await(session.submit(Fixtures.withSyntaxError()));

        assertThat(session.latest().orElseThrow().state()).isEqualTo(VersionState.FAILED);
        assertThat(session.current().orElseThrow().id()).isEqualTo(good.id());
        assertThat(session.current().orElseThrow().artifact().orElseThrow().indexFile()).exists();
        assertThat(session.version(good.id()).orElseThrow().state()).isEqualTo(VersionState.SUCCEEDED);
        assertThat(session.versions()).extracting(PreviewVersion::id).containsExactly("v1", "v2");

        await(session.submit(greeting("good two")));
        assertThat(session.current().orElseThrow().id()).isEqualTo("v3");
    }
}
