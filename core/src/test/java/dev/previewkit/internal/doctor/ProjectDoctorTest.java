package dev.previewkit.internal.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.previewkit.BuildPhase;
import dev.previewkit.Diagnostic;
import dev.previewkit.InvalidProjectException;
import dev.previewkit.ProjectChange;
import dev.previewkit.ProjectChange.Kind;
import dev.previewkit.ProjectFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor on its own; packages outside the pinned table meet a registry that does not answer. */
class ProjectDoctorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VersionResolver OFFLINE = new VersionResolver(URI.create("http://127.0.0.1:9/"));
    private static final String APP = "export default function App() { return <p>Only App</p>; }\n";

    private static ProjectDoctor doctor(boolean allowUnsafe, boolean typeCheck) {
        return new ProjectDoctor(new ProjectDoctor.Settings("react-ts", allowUnsafe, typeCheck), OFFLINE);
    }

    private static JsonNode manifest(ProjectFiles files) throws Exception {
        return JSON.readTree(files.file("package.json").orElseThrow().content());
    }

    @Test
    void examine_onlyAppTsx_addsEveryTemplateFileAndNothingElse() throws Exception {
        ProjectDoctor.Report report = doctor(false, false).examine(ProjectFiles.fromMap(Map.of("src/App.tsx", APP)));

        assertThat(report.changes()).filteredOn(change -> change.kind() == Kind.ADDED_FILE)
                .extracting(ProjectChange::target)
                .containsExactlyInAnyOrder("package.json", "index.html", "vite.config.ts", "tsconfig.json",
                        "tsconfig.app.json", "tsconfig.node.json", "src/main.tsx", "src/index.css");
        assertThat(report.changes()).allMatch(change -> change.detail().contains("react-ts")
                || change.kind() == Kind.ADDED_DEPENDENCY);
        assertThat(report.files().file("src/App.tsx").orElseThrow().contentAsString()).isEqualTo(APP);
        assertThat(manifest(report.files()).path("scripts").path("build").asText()).isEqualTo("vite build");
        assertThat(report.changes()).noneMatch(change -> change.kind() == Kind.ADDED_DEPENDENCY);
    }

    @Test
    void examine_givenFiles_areNeverOverwritten() {
        String index = "<!doctype html><title>Mine</title><div id=\"root\"></div>"
                + "<script type=\"module\" src=\"/src/main.tsx\"></script>";
        ProjectDoctor.Report report = doctor(false, false).examine(ProjectFiles.fromMap(Map.of(
                "src/App.tsx", APP, "index.html", index)));

        assertThat(report.files().file("index.html").orElseThrow().contentAsString()).isEqualTo(index);
        assertThat(report.changes()).extracting(ProjectChange::target).doesNotContain("index.html");
    }

    @Test
    void examine_undeclaredImports_addedWithPinnedOrFallbackVersionsAndImporter() throws Exception {
        ProjectDoctor.Report report = doctor(false, false).examine(ProjectFiles.fromMap(Map.of(
                "src/App.tsx", """
                        import { Heart } from 'lucide-react';
                        import { format } from 'date-fns/format';
                        import type { Foo } from 'types-only-package';
                        import fs from 'node:fs';
                        import { cn } from '@/lib/utils';
                        import './App.css';
                        import odd from 'previewkit-unpinned-package';
                        export default function App() { return <p><Heart />{format(new Date(), 'P')}{odd}</p>; }
                        """,
                "src/lib/utils.ts", "export const cn = (...a: string[]) => a.join(' ');\n",
                "src/App.css", "@import '@fontsource/inter/400.css';\n")));

        JsonNode dependencies = manifest(report.files()).path("dependencies");
        assertThat(dependencies.path("lucide-react").asText()).isEqualTo("1.75.0");
        assertThat(dependencies.path("date-fns").asText()).isEqualTo("4.4.0");
        assertThat(dependencies.path("@fontsource/inter").asText()).isEqualTo("latest");
        assertThat(dependencies.path("previewkit-unpinned-package").asText()).isEqualTo("latest");
        assertThat(dependencies.has("types-only-package")).isFalse();
        assertThat(dependencies.has("fs")).isFalse();
        assertThat(report.changes()).filteredOn(change -> change.target().equals("lucide-react")).singleElement()
                .satisfies(change -> assertThat(change.detail()).contains("1.75.0").contains("src/App.tsx"));
    }

    @Test
    void examine_importedPackageWithoutAVersion_declaredLatestWithAWarningOnItsImporter() throws Exception {
        ProjectDoctor.Report report = doctor(false, false).examine(ProjectFiles.fromMap(Map.of(
                "package.json", VITE_PACKAGE, "src/App.tsx", APP,
                "src/Odd.tsx", "import odd from 'previewkit-unpinned-package';\nexport const Odd = odd;\n")));

        assertThat(manifest(report.files()).path("dependencies").path("previewkit-unpinned-package").asText())
                .isEqualTo("latest");
        assertThat(report.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.code()).contains(ProjectDoctor.UNRESOLVED_VERSION);
            assertThat(warning.severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(warning.phase()).isEqualTo(BuildPhase.INSTALL);
            assertThat(warning.file()).contains("src/Odd.tsx");
            assertThat(warning.message()).contains("previewkit-unpinned-package").contains("cannot reach it")
                    .contains("\"latest\"");
        });
    }

    @Test
    void examine_twentyMadeUpImportsWithSlowRegistry_looksThemUpTogetherAndWarnsForEach() throws Exception {
        Map<String, String> files = new java.util.HashMap<>(Map.of("package.json", VITE_PACKAGE, "src/App.tsx", APP));
        List<String> names = VersionResolverTest.madeUp(20);
        names.forEach(name -> files.put("src/" + name + ".ts", "export * from '" + name + "';\n"));
        try (StubRegistry registry = new StubRegistry()) {
            registry.delay(2_000);
            ProjectDoctor doctor = new ProjectDoctor(new ProjectDoctor.Settings("react-ts", false, false),
                    new VersionResolver(registry.uri()));

            long start = System.nanoTime();
            ProjectDoctor.Report report = doctor.examine(ProjectFiles.fromMap(files));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(3_900));
            assertThat(registry.requested()).hasSize(20);
            assertThat(report.warnings()).hasSize(20).allSatisfy(warning ->
                    assertThat(warning.code()).contains(ProjectDoctor.UNRESOLVED_VERSION));
            JsonNode dependencies = manifest(report.files()).path("dependencies");
            assertThat(names).allSatisfy(name -> assertThat(dependencies.path(name).asText()).isEqualTo("latest"));
        }
    }

    @Test
    void examine_declaredPackagesAndAliases_leavePackageJsonAlone() {
        ProjectFiles files = ProjectFiles.fromMap(Map.of(
                "package.json", """
                        {"dependencies": {"react": "19.2.0", "react-dom": "19.2.0", "clsx": "2.1.1"},
                         "devDependencies": {"vite": "8.3.8", "@vitejs/plugin-react": "6.3.0"}}
                        """,
                "src/App.tsx", "import clsx from 'clsx';\nimport x from '~/x';\nexport default () => clsx(x);\n",
                "tsconfig.app.json", "{ // comment\n \"compilerOptions\": { \"paths\": { \"~/*\": [\"./src/*\"] } }, }"));

        ProjectDoctor.Report report = doctor(false, false).examine(files);

        assertThat(report.files().file("package.json")).isEqualTo(files.file("package.json"));
        assertThat(report.changes()).noneMatch(change -> change.kind() == Kind.ADDED_DEPENDENCY);
    }

    @Test
    void examine_typeCheckOn_addsTypescriptWhenMissing() throws Exception {
        ProjectFiles files = ProjectFiles.fromMap(Map.of("package.json",
                "{\"dependencies\": {\"react\": \"19.2.0\", \"react-dom\": \"19.2.0\"}}", "src/App.tsx", APP));

        ProjectDoctor.Report report = doctor(false, true).examine(files);

        JsonNode dev = manifest(report.files()).path("devDependencies");
        assertThat(dev.path("typescript").asText()).isEqualTo("5.9.3");
        assertThat(dev.path("vite").asText()).isEqualTo("8.3.8");
        assertThat(dev.path("@vitejs/plugin-react").asText()).as("imported by the template's vite.config.ts")
                .isEqualTo("6.3.0");
        assertThat(report.changes()).extracting(ProjectChange::target).contains("typescript", "vite");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:../shared", "link:../lib", "git+https://example.com/x.git", "git://host/x.git",
            "github:user/repo", "user/repo", "https://example.com/x.tgz", "http://example.com/x.tgz",
            "workspace:*"})
    void examine_unsafeDependency_refusedNamingPackageAndSpec(String spec) {
        ProjectFiles files = ProjectFiles.fromMap(Map.of("package.json",
                "{\"dependencies\": {\"evil\": \"" + spec + "\"}}", "src/App.tsx", APP));

        InvalidProjectException e = catchThrowableOfType(InvalidProjectException.class,
                () -> doctor(false, false).examine(files));

        assertThat(e).isNotNull();
        assertThat(e.rule()).isEqualTo(InvalidProjectException.Rule.UNSAFE_DEPENDENCY);
        assertThat(e.getMessage()).contains("evil").contains(spec);
        assertThat(doctor(true, false).examine(files).files().file("package.json")).isPresent();
    }

    @Test
    void examine_registryVersionsAndAliases_areNotUnsafe() {
        ProjectFiles files = ProjectFiles.fromMap(Map.of("package.json", """
                {"dependencies": {"a": "^1.2.3", "b": "~2.0.0", "c": "latest", "d": "npm:other@1.0.0",
                 "@scope/e": ">=1 <2", "f": "1.x", "g": "*"}}
                """, "src/App.tsx", "export default () => null;\n"));

        assertThat(doctor(false, false).examine(files).files().size()).isGreaterThan(1);
    }

    @Test
    void template_unknownName_isRefused() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> ProjectTemplate.named("no-such")))
                .hasMessageContaining("no-such");
        assertThat(ProjectTemplate.named("react-ts").files()).containsKeys("package.json", "src/main.tsx");
        assertThat(List.of(ProjectTemplate.named("react-ts").name())).containsExactly("react-ts");
    }

    @Test
    void examine_largeImageOnDisk_neitherReadNorCopied(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("package.json"), "{\"dependencies\":{}}");
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/App.tsx"), APP);
        Path image = Files.createDirectories(project.resolve("public")).resolve("hero.png");
        Files.write(image, new byte[ProjectFiles.Builder.IN_MEMORY_MAX_BYTES + 1]);
        ProjectFiles files = ProjectFiles.fromDirectory(project);
        Files.delete(image);  // reading it now would fail with SOURCE_CHANGED

        ProjectDoctor.Report report = doctor(false, false).examine(files);

        assertThat(report.changes()).isNotEmpty();
        assertThat(report.files().file("public/hero.png")).isEqualTo(files.file("public/hero.png"));
    }

    private static final String VITE_PACKAGE = """
            { "name": "app", "dependencies": { "react": "^18.3.1", "react-dom": "^18.3.1" },
              "devDependencies": { "vite": "^5.4.0" } }
            """;

    @Test
    void examine_testsServerCodeAndOtherToolConfigs_declareNothing() throws Exception {
        ProjectDoctor.Report report = doctor(false, false).examine(ProjectFiles.fromMap(Map.of(
                "package.json", VITE_PACKAGE, "vite.config.ts", "export default {};\n",
                "src/App.tsx", APP,
                "src/components/__tests__/Panel.test.tsx", "import { render } from '@testing-library/react';\n",
                "src/lib/format.spec.ts", "import { describe } from 'vitest';\n",
                "server/claims.js", "import natural from 'natural';\n",
                "supabase/functions/hello/index.ts", "import { serve } from 'std/server';\n",
                "eslint.config.js", "import tseslint from 'typescript-eslint';\n",
                "next.config.mjs", "import analyzer from 'webpack-bundle-analyzer';\n",
                "src/Chart.tsx", "import { LineChart } from 'recharts';\n")));

        assertThat(report.changes()).filteredOn(change -> change.kind() == Kind.ADDED_DEPENDENCY)
                .extracting(ProjectChange::target).containsExactly("recharts");
    }

    @Test
    void examine_importOfAPackageTheNpmLockfileInstalls_isNotDeclaredAgain() {
        ProjectDoctor.Report report = doctor(false, false).examine(ProjectFiles.fromMap(Map.of(
                "package.json", VITE_PACKAGE, "vite.config.ts", "export default {};\n",
                "package-lock.json", """
                        { "lockfileVersion": 3, "packages": { "": {},
                          "node_modules/@radix-ui/react-visually-hidden": { "version": "1.1.0" },
                          "node_modules/react-dialog/node_modules/nested-only": { "version": "1.0.0" } } }
                        """,
                "src/App.tsx", """
                        import * as Hidden from '@radix-ui/react-visually-hidden';
                        import nested from 'nested-only';
                        """)));

        assertThat(report.changes()).filteredOn(change -> change.kind() == Kind.ADDED_DEPENDENCY)
                .extracting(ProjectChange::target).containsExactly("nested-only");
    }

    @Test
    void examine_viteConfigMinifiesWithTerser_declaresTerser() throws Exception {
        ProjectDoctor.Report report = doctor(false, false).examine(ProjectFiles.fromMap(Map.of(
                "package.json", VITE_PACKAGE, "src/App.tsx", APP,
                "vite.config.ts", "export default { build: { minify: 'terser', sourcemap: false } };\n")));

        assertThat(report.changes()).filteredOn(change -> change.kind() == Kind.ADDED_DEPENDENCY).singleElement()
                .satisfies(change -> {
            assertThat(change.target()).isEqualTo("terser");
            assertThat(change.detail()).contains("build.minify: 'terser'");
        });
        assertThat(manifest(report.files()).path("devDependencies").has("terser")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{ \"dependencies\": { \"next\": \"15.0.0\", \"react\": \"19.0.0\" } }",
            "{ \"dependencies\": { \"expo\": \"~52.0.0\", \"react-native\": \"0.76.0\" } }",
            "{ \"dependencies\": { \"@angular/core\": \"^19.0.0\" } }"})
    void examine_projectOfAnotherFramework_refusedNamingIt(String packageJson) {
        InvalidProjectException refused = catchThrowableOfType(InvalidProjectException.class,
                () -> doctor(false, false).examine(ProjectFiles.fromMap(Map.of("package.json", packageJson,
                        "app/page.tsx", APP))));

        assertThat(refused.rule()).isEqualTo(InvalidProjectException.Rule.UNSUPPORTED_FRAMEWORK);
        assertThat(refused.getMessage()).containsAnyOf("Next.js", "Expo", "Angular").contains(", not Vite (");
    }

    @Test
    void examine_nextConfigWithoutVite_refused_butAViteAppUsingAFrameworkPackageIsNot() {
        assertThat(catchThrowableOfType(InvalidProjectException.class, () -> doctor(false, false).examine(
                ProjectFiles.fromMap(Map.of("package.json", "{ \"dependencies\": { \"react\": \"19.0.0\" } }",
                        "next.config.mjs", "export default {};\n", "app/page.tsx", APP)))).rule())
                .isEqualTo(InvalidProjectException.Rule.UNSUPPORTED_FRAMEWORK);
        assertThat(doctor(false, false).examine(ProjectFiles.fromMap(Map.of("package.json",
                VITE_PACKAGE.replace("\"react\": \"^18.3.1\"", "\"react-native\": \"0.76.0\""),
                "src/App.tsx", APP))).files().contains("package.json")).isTrue();
    }

    @Test
    void examine_envVariableReadButNotSet_warnsOncePerVariableNamingTheFirstReader() {
        ProjectDoctor.Report report = doctor(false, false).examine(ProjectFiles.fromMap(Map.of(
                "package.json", VITE_PACKAGE, "src/App.tsx", APP, "vite.config.ts", "export default {};\n",
                "src/integrations/supabase/client.ts", """
                        const url = import.meta.env.VITE_SUPABASE_URL;
                        const key = import.meta.env.VITE_SUPABASE_KEY;
                        const mode = import.meta.env.VITE_MODE;
                        """,
                "src/other.ts", "export const again = import.meta.env.VITE_SUPABASE_URL;\n",
                ".env", "VITE_MODE=preview\n",
                ".env.example", "VITE_SUPABASE_URL=\nVITE_SUPABASE_KEY=\n")));

        assertThat(report.changes()).noneMatch(change -> change.kind() == Kind.ADDED_DEPENDENCY);
        assertThat(report.warnings()).extracting(warning -> warning.code().orElseThrow()).containsOnly("ENV_UNSET");
        assertThat(report.warnings()).extracting(warning -> warning.message().split(" ")[0])
                .containsExactly("import.meta.env.VITE_SUPABASE_URL", "import.meta.env.VITE_SUPABASE_KEY");
        assertThat(report.warnings()).allSatisfy(warning ->
                assertThat(warning.file()).contains("src/integrations/supabase/client.ts"));
    }
}
