package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.Artifact;
import dev.previewkit.BuildResult;
import dev.previewkit.BuildStatus;
import dev.previewkit.Diagnostic;
import dev.previewkit.PackageManager;
import dev.previewkit.PreviewBuilder;
import dev.previewkit.ProjectFiles;
import dev.previewkit.spi.Availability;
import dev.previewkit.tck.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local backend adds to the shared contract: a filtered environment, no install scripts, probing. */
class LocalNpmBackendTest {
    private static final String SECRET_NAME = "PREVIEWKIT_TEST_SECRET";

    @TempDir
    Path workDirectory;

    @TempDir
    Path outside;

    private BuildResult build(LocalNpmBackend backend, ProjectFiles files) {
        try (PreviewBuilder previews = PreviewBuilder.configure()
                .backend(backend)
                .workDirectory(workDirectory)
                .build()) {
            return previews.build(files);
        }
    }

    @Test
    void build_variableSetInJvmEnvironment_isNotVisibleToTheBuild() throws IOException {
        assertThat(System.getenv(SECRET_NAME)).as("set by the test runner's configuration").isNotBlank();
        ProjectFiles project = Fixtures.reactAppWith(Map.of(
                "vite.config.ts", """
                        export default {
                          define: {
                            __SEEN__: JSON.stringify('seen:' + (process.env.%s ?? 'absent')),
                            __HOME_SEEN__: JSON.stringify('home:' + (process.env.HOME ? 'set' : 'unset')),
                          },
                        };
                        """.formatted(SECRET_NAME),
                "src/components/Greeting.tsx", """
                        declare const __SEEN__: string;
                        declare const __HOME_SEEN__: string;
                        export function Greeting() {
                          return <p>{__SEEN__} {__HOME_SEEN__}</p>;
                        }
                        """));

        BuildResult result = build(LocalNpmBackend.create(), project);

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        String js = Fixtures.builtJavaScript(result.artifact().orElseThrow());
        assertThat(js).contains("seen:absent").doesNotContain(System.getenv(SECRET_NAME));
        assertThat(js).as("allow-listed variables do pass").contains("home:set");
    }

    @Test
    void install_projectWithLifecycleScripts_runsNoneOfThem() throws IOException {
        Path preinstall = outside.resolve("preinstall-ran");
        Path postinstall = outside.resolve("postinstall-ran");
        String scripts = """
                "scripts": {
                    "preinstall": "node -e \\"require('fs').writeFileSync(%s, 'x')\\"",
                    "postinstall": "node -e \\"require('fs').writeFileSync(%s, 'x')\\""
                  }""".formatted(Fixtures.jsString(preinstall.toString()), Fixtures.jsString(postinstall.toString()));
        ProjectFiles project = Fixtures.reactAppWith(Map.of("package.json", Fixtures.packageJson(scripts)));

        BuildResult result = build(LocalNpmBackend.create(), project);

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.packageManager()).contains(PackageManager.NPM);
        assertThat(preinstall).doesNotExist();
        assertThat(postinstall).doesNotExist();
    }

    @Test
    void build_pluginLeavesSymlinkInOutput_linkIsNotPublished() throws IOException {
        Path secret = Files.writeString(outside.resolve("host-secret.txt"), "host secret");
        ProjectFiles project = Fixtures.reactAppWith(Map.of("vite.config.ts", """
                import { symlinkSync, writeFileSync } from 'node:fs';
                import { join } from 'node:path';

                export default {
                  plugins: [{
                    name: 'leaves-links',
                    writeBundle(options) {
                      symlinkSync(%s, join(options.dir, 'leak.txt'));
                      writeFileSync(join(options.dir, 'kept.txt'), 'kept');
                    },
                  }],
                };
                """.formatted(Fixtures.jsString(secret.toString()))));

        BuildResult result = build(LocalNpmBackend.create(), project);

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        Artifact artifact = result.artifact().orElseThrow();
        assertThat(artifact.files()).contains("kept.txt", "index.html").doesNotContain("leak.txt");
        assertThat(artifact.root().resolve("leak.txt")).doesNotExist();
        assertThat(result.log()).contains("skipped 'leak.txt'");
    }

    @Test
    void install_packageManagerNotOnPath_installsWithNpmAndWarnsNamingTheManager() throws IOException {
        Path bin = Files.createDirectory(outside.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("node"), realExecutable("node"));
        Files.createSymbolicLink(bin.resolve("npm"), realExecutable("npm"));
        LocalNpmBackend backend = LocalNpmBackend.builder().environment("PATH", bin.toString()).build();
        ProjectFiles project = Fixtures.reactAppWith(Map.of("package.json", Fixtures.packageJson(
                "\"packageManager\": \"pnpm@9.12.0\"")));

        BuildResult result = build(backend, project);

        assertThat(result.status()).as(result.log()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(result.packageManager()).contains(PackageManager.NPM);
        assertThat(result.diagnostics()).singleElement().satisfies(warning -> {
            assertThat(warning.severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(warning.code()).contains("PACKAGE_MANAGER_MISSING");
            assertThat(warning.message()).contains("belongs to pnpm, which is not installed here")
                    .contains("provisionPackageManagers");
        });
    }

    @Test
    void probe_hostNode_isAvailableAndIdNamesNodeMajor() {
        LocalNpmBackend backend = LocalNpmBackend.create();

        Availability availability = backend.probe();

        assertThat(availability.available()).as(availability.detail()).isTrue();
        assertThat(availability.detail()).contains("Node.js v").contains("npm ");
        assertThat(backend.id()).matches("local-npm/node\\d+");
    }

    @Test
    void probe_missingNode_isUnavailableNamingThePath() {
        Path missing = outside.resolve("no-node-here/node");

        Availability availability = LocalNpmBackend.builder().nodeExecutable(missing).build().probe();

        assertThat(availability.available()).isFalse();
        assertThat(availability.detail()).contains(missing.toString());
    }

    @Test
    void probe_nodeNotOnPath_isUnavailableSayingSo() {
        Availability availability = LocalNpmBackend.builder()
                .environment("PATH", outside.toString()).build().probe();

        assertThat(availability.available()).isFalse();
        assertThat(availability.detail()).contains("Node.js not found").contains(outside.toString());
    }

    @Test
    void probe_nodeTooOld_isUnavailableNamingTheVersion() throws IOException {
        Path oldNode = fakeTool("node", "v16.20.2");

        Availability availability = LocalNpmBackend.builder().nodeExecutable(oldNode).build().probe();

        assertThat(availability.available()).isFalse();
        assertThat(availability.detail()).contains("v16.20.2").contains("too old");
    }

    @Test
    void probe_npmMissing_isUnavailableNamingNpm() {
        Availability availability = LocalNpmBackend.builder()
                .npmExecutable(outside.resolve("missing-npm")).build().probe();

        assertThat(availability.available()).isFalse();
        assertThat(availability.detail()).contains("npm").contains("missing-npm");
    }

    @Test
    void probe_npmTooOld_isUnavailableNamingTheVersion() throws IOException {
        Availability availability = LocalNpmBackend.builder()
                .npmExecutable(fakeTool("npm", "6.14.18")).build().probe();

        assertThat(availability.available()).isFalse();
        assertThat(availability.detail()).contains("npm 6.14.18").contains("too old");
    }

    /** A test double of a tool: an executable script that prints a version. */
    private Path fakeTool(String name, String version) throws IOException {
        Path tool = outside.resolve(name);
        Files.writeString(tool, "#!/bin/sh\necho " + version + "\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tool;
    }

    private static Path realExecutable(String name) {
        return Executables.find(name, System.getenv("PATH")).orElseThrow().toAbsolutePath();
    }
}
