package dev.previewkit.internal.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.previewkit.InvalidProjectException;
import dev.previewkit.InvalidProjectException.Rule;
import dev.previewkit.PackageManager;
import dev.previewkit.ProjectFiles;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PackageManifestTest {
    private static final String MINIMAL = "{ \"name\": \"app\", \"devDependencies\": { \"vite\": \"^5.4.0\" } }";

    private static ProjectFiles project(String packageJson, String... otherFiles) {
        Map<String, String> files = new LinkedHashMap<>();
        if (packageJson != null) {
            files.put("package.json", packageJson);
        }
        files.put("index.html", "<html></html>");
        for (String other : otherFiles) {
            files.put(other, "lock");
        }
        return ProjectFiles.fromMap(files);
    }

    private static InvalidProjectException assertInvalid(ThrowingCallable call, Rule rule) {
        InvalidProjectException e = catchThrowableOfType(InvalidProjectException.class, call);
        assertThat(e).as("expected InvalidProjectException %s", rule).isNotNull();
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e.path()).contains("package.json");
        assertThat(e.getMessage()).contains("package.json");
        return e;
    }

    @Test
    void read_noPackageJson_rejectedWithMissingPackageJson() {
        ProjectFiles files = project(null, "package-lock.json");

        assertInvalid(() -> PackageManifest.read(files), Rule.MISSING_PACKAGE_JSON);
    }

    @Test
    void read_packageJsonOnlyInSubfolder_rejectedWithMissingPackageJson() {
        ProjectFiles files = ProjectFiles.fromMap(Map.of("app/package.json", MINIMAL));

        assertInvalid(() -> PackageManifest.read(files), Rule.MISSING_PACKAGE_JSON);
    }

    @Test
    void read_invalidJson_rejectedWithLineInMessage() {
        ProjectFiles files = project("{\n  \"name\": \"app\",\n  oops\n}\n");

        InvalidProjectException e = assertInvalid(() -> PackageManifest.read(files), Rule.INVALID_PACKAGE_JSON);

        assertThat(e.getMessage()).contains("not valid JSON").contains("line 3");
    }

    @Test
    void read_truncatedJson_rejectedWithInvalidPackageJson() {
        ProjectFiles files = project("{ \"name\": \"app\", \"dependencies\": {");

        InvalidProjectException e = assertInvalid(() -> PackageManifest.read(files), Rule.INVALID_PACKAGE_JSON);

        assertThat(e.getMessage()).contains("line 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"name\": \"app\"}]", "\"app\"", "42", "null", "true", "", "   "})
    void read_jsonThatIsNotAnObject_rejectedWithInvalidPackageJson(String json) {
        ProjectFiles files = project(json);

        InvalidProjectException e = assertInvalid(() -> PackageManifest.read(files), Rule.INVALID_PACKAGE_JSON);

        assertThat(e.getMessage()).contains("JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dependencies", "devDependencies", "optionalDependencies", "peerDependencies"})
    void read_dependencySectionIsArray_rejectedWithInvalidPackageJson(String section) {
        ProjectFiles files = project("{ \"" + section + "\": [] }");

        InvalidProjectException e = assertInvalid(() -> PackageManifest.read(files), Rule.INVALID_PACKAGE_JSON);

        assertThat(e.getMessage()).contains("'" + section + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "null", "true", "{\"version\": \"1\"}", "[\"1\"]"})
    void read_nonStringVersion_rejectedWithInvalidPackageJson(String version) {
        ProjectFiles files = project("{ \"dependencies\": { \"react\": \"19.0.0\", \"vite\": " + version + " } }");

        InvalidProjectException e = assertInvalid(() -> PackageManifest.read(files), Rule.INVALID_PACKAGE_JSON);

        assertThat(e.getMessage()).contains("'vite'").contains("'dependencies'");
    }

    @Test
    void read_dependencySectionIsString_rejectedWithInvalidPackageJson() {
        ProjectFiles files = project("{ \"devDependencies\": \"vite\" }");

        assertInvalid(() -> PackageManifest.read(files), Rule.INVALID_PACKAGE_JSON);
    }

    @Test
    void read_validManifestWithAllSections_accepted() {
        ProjectFiles files = project("""
                { "name": "app", "scripts": { "build": "vite build" },
                  "dependencies": { "react": "^19.0.0" }, "devDependencies": { "vite": "^5.4.0" },
                  "optionalDependencies": {}, "peerDependencies": { "react-dom": "*" } }
                """);

        PackageManifest manifest = PackageManifest.read(files);

        assertThat(manifest.packageManager()).isEqualTo(PackageManager.NPM);
        assertThat(manifest.lockfile()).isEmpty();
    }

    @Test
    void read_packageManagerFieldAndOtherLockfile_fieldWins() {
        ProjectFiles files = project("{ \"packageManager\": \"pnpm@9.1.0\" }", "package-lock.json");

        PackageManifest manifest = PackageManifest.read(files);

        assertThat(manifest.packageManager()).isEqualTo(PackageManager.PNPM);
        assertThat(manifest.lockfile()).as("pnpm's lockfile is absent").isEmpty();
    }

    @Test
    void read_packageManagerFieldWithItsLockfile_reportsThatLockfile() {
        ProjectFiles files = project("{ \"packageManager\": \"yarn@4.5.0+sha512.abcdef\" }",
                "package-lock.json", "yarn.lock", "pnpm-lock.yaml");

        PackageManifest manifest = PackageManifest.read(files);

        assertThat(manifest.packageManager()).isEqualTo(PackageManager.YARN);
        assertThat(manifest.lockfile()).isEqualTo(Optional.of("yarn.lock"));
    }

    @Test
    void read_packageManagerBunWithBinaryLockfile_reportsBunLockb() {
        ProjectFiles files = project("{ \"packageManager\": \"bun@1.1.30\" }", "bun.lockb", "package-lock.json");

        PackageManifest manifest = PackageManifest.read(files);

        assertThat(manifest.packageManager()).isEqualTo(PackageManager.BUN);
        assertThat(manifest.lockfile()).isEqualTo(Optional.of("bun.lockb"));
    }

    @Test
    void read_packageManagerNameInOtherCase_recognised() {
        ProjectFiles files = project("{ \"packageManager\": \"PNPM@9\" }", "pnpm-lock.yaml");

        assertThat(PackageManifest.read(files).packageManager()).isEqualTo(PackageManager.PNPM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deno@1", "npx@10", "", "@9.1.0"})
    void read_unknownPackageManager_rejectedWithInvalidPackageJson(String declared) {
        ProjectFiles files = project("{ \"packageManager\": \"" + declared + "\" }", "package-lock.json");

        InvalidProjectException e = assertInvalid(() -> PackageManifest.read(files), Rule.INVALID_PACKAGE_JSON);

        assertThat(e.getMessage()).contains("'" + declared + "'").contains("packageManager");
    }

    @Test
    void read_packageManagerNotAString_rejectedWithInvalidPackageJson() {
        ProjectFiles files = project("{ \"packageManager\": { \"name\": \"pnpm\" } }");

        InvalidProjectException e = assertInvalid(() -> PackageManifest.read(files), Rule.INVALID_PACKAGE_JSON);

        assertThat(e.getMessage()).contains("packageManager");
    }

    /** lockfiles present, expected manager, expected lockfile. */
    static Stream<Arguments> lockfiles() {
        return Stream.of(
                Arguments.of(List.of("package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb"),
                        PackageManager.BUN, "bun.lockb"),
                Arguments.of(List.of("package-lock.json", "yarn.lock", "pnpm-lock.yaml"),
                        PackageManager.PNPM, "pnpm-lock.yaml"),
                Arguments.of(List.of("package-lock.json", "yarn.lock"), PackageManager.YARN, "yarn.lock"),
                Arguments.of(List.of("package-lock.json"), PackageManager.NPM, "package-lock.json"),
                Arguments.of(List.of("yarn.lock", "bun.lockb"), PackageManager.BUN, "bun.lockb"),
                Arguments.of(List.of("bun.lockb", "bun.lock"), PackageManager.BUN, "bun.lock"),
                Arguments.of(List.of("npm-shrinkwrap.json"), PackageManager.NPM, "npm-shrinkwrap.json"),
                Arguments.of(List.of("pnpm-lock.yaml", "npm-shrinkwrap.json"), PackageManager.PNPM, "pnpm-lock.yaml"),
                Arguments.of(List.of(), PackageManager.NPM, null));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("lockfiles")
    void read_noPackageManagerField_managerChosenByLockfileOrder(
            List<String> present, PackageManager expected, String lockfile) {
        ProjectFiles files = project(MINIMAL, present.toArray(String[]::new));

        PackageManifest manifest = PackageManifest.read(files);

        assertThat(manifest.packageManager()).isEqualTo(expected);
        assertThat(manifest.lockfile()).isEqualTo(Optional.ofNullable(lockfile));
    }

    @Test
    void read_lockfileInSubfolderOnly_ignored() {
        ProjectFiles files = project(MINIMAL, "packages/a/yarn.lock");

        PackageManifest manifest = PackageManifest.read(files);

        assertThat(manifest.packageManager()).isEqualTo(PackageManager.NPM);
        assertThat(manifest.lockfile()).isEqualTo(Optional.empty());
    }

    @Test
    void installFiles_someLockfiles_listsPackageJsonAndPresentLockfilesOnly() {
        ProjectFiles files = project(MINIMAL, "yarn.lock", "package-lock.json", "src/main.ts", "tsconfig.json");

        List<String> installFiles = List.copyOf(PackageManifest.installFiles(files).keySet());

        assertThat(installFiles).containsExactlyInAnyOrder("package.json", "yarn.lock", "package-lock.json");
        assertThat(installFiles).startsWith("package.json");
    }

    @Test
    void installFiles_noLockfile_listsPackageJsonOnly() {
        assertThat(PackageManifest.installFiles(project(MINIMAL))).containsOnlyKeys("package.json");
    }

    @Test
    void installFiles_everyLockfile_listsAllOfThem() {
        String[] all = {"bun.lock", "bun.lockb", "pnpm-lock.yaml", "yarn.lock", "package-lock.json",
            "npm-shrinkwrap.json"};
        ProjectFiles files = project(MINIMAL, all);

        List<String> installFiles = List.copyOf(PackageManifest.installFiles(files).keySet());

        assertThat(installFiles).hasSize(all.length + 1).contains("package.json").containsAll(Arrays.asList(all));
    }

    @Test
    void installFiles_npmrc_keepsOnlyResolutionSettings() {
        ProjectFiles files = ProjectFiles.fromMap(Map.of("package.json", MINIMAL, ".npmrc", """
                # comment
                legacy-peer-deps = true
                registry=https://evil.example/
                //registry.npmjs.org/:_authToken=secret
                ignore-scripts=false
                engine-strict=false
                """));

        assertThat(new String(PackageManifest.installFiles(files).get(".npmrc"), StandardCharsets.UTF_8))
                .isEqualTo("legacy-peer-deps=true\nengine-strict=false\n");
    }

    @Test
    void installFiles_npmrcWithNothingAllowed_leftOut() {
        ProjectFiles files = ProjectFiles.fromMap(Map.of("package.json", MINIMAL, ".npmrc",
                "registry=https://evil.example/\n"));

        assertThat(PackageManifest.installFiles(files)).containsOnlyKeys("package.json");
    }
}
