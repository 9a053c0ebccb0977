package dev.previewkit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildProfile;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.project.PackageManifest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class FingerprintsTest {
    private static final String BACKEND = "local-npm/node20";
    private static final BuildOptions OPTIONS = BuildOptions.vite("/", BuildProfile.PRODUCTION);

    private static final String MANIFEST = """
            {
              "name": "app",
              "version": "1.0.0",
              "private": true,
              "scripts": { "build": "vite build" },
              "dependencies": { "react": "19.2.0", "react-dom": "19.2.0", "clsx": "2.1.1" },
              "devDependencies": { "vite": "8.3.8", "typescript": "5.6.3" }
            }
            """;

    /** The same manifest with keys reordered at the top level and inside the sections, and other whitespace. */
    private static final String MANIFEST_REORDERED = """
            {"devDependencies":{"typescript":"5.6.3","vite":"8.3.8"},
                "scripts":{"build":"vite build"},"private":true,
              "dependencies":{
                  "clsx":"2.1.1",   "react-dom":"19.2.0","react":"19.2.0"},
            "version":"1.0.0","name":"app"}
            """;

    private static Map<String, String> project(String manifest) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("package.json", manifest);
        files.put("index.html", "<html><body><div id=\"root\"></div></body></html>");
        files.put("src/main.tsx", "console.log('hello');");
        files.put("src/App.tsx", "export const App = () => null;");
        return files;
    }

    private static ProjectFiles files(String manifest) {
        return ProjectFiles.fromMap(project(manifest));
    }

    private static ProjectFiles with(String manifest, String path, String content) {
        Map<String, String> files = project(manifest);
        files.put(path, content);
        return ProjectFiles.fromMap(files);
    }

    private static String dependencyKey(ProjectFiles files) {
        return Fingerprints.dependencyKey(files, PackageManifest.read(files), BACKEND);
    }

    private static String dependencyKeyOfManifest(String manifest) {
        return dependencyKey(files(manifest));
    }

    private static String edited(UnaryOperator<String> edit) {
        String changed = edit.apply(MANIFEST);
        assertThat(changed).as("the edit must change the manifest").isNotEqualTo(MANIFEST);
        return changed;
    }

    private static String outputKey(ProjectFiles files, BuildOptions options) {
        return Fingerprints.outputKey(dependencyKey(files), files, options);
    }

    // ---- dependencyKey: what must not change it ----

    @Test
    void dependencyKey_sameInput_isStable64HexChars() {
        String key = dependencyKeyOfManifest(MANIFEST);

        assertThat(key).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(dependencyKeyOfManifest(MANIFEST)).isEqualTo(key);
    }

    @Test
    void dependencyKey_keysReorderedAndWhitespaceChanged_unchanged() {
        assertThat(dependencyKeyOfManifest(MANIFEST_REORDERED)).isEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_keysReorderedInsideDependenciesOnly_unchanged() {
        String reordered = edited(m -> m.replace(
                "\"react\": \"19.2.0\", \"react-dom\": \"19.2.0\", \"clsx\": \"2.1.1\"",
                "\"clsx\": \"2.1.1\", \"react-dom\": \"19.2.0\", \"react\": \"19.2.0\""));

        assertThat(dependencyKeyOfManifest(reordered)).isEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_indentationChanged_unchanged() {
        String tabs = edited(m -> m.replace("  ", "\t"));
        String compact = edited(m -> m.replace("\n", "").replace("  ", "").replace(": ", ":").replace(", ", ","));

        assertThat(dependencyKeyOfManifest(tabs)).isEqualTo(dependencyKeyOfManifest(MANIFEST));
        assertThat(dependencyKeyOfManifest(compact)).isEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_nameChanged_unchanged() {
        String renamed = edited(m -> m.replace("\"name\": \"app\"", "\"name\": \"other-app\""));

        assertThat(dependencyKeyOfManifest(renamed)).isEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_scriptsChanged_unchanged() {
        String scripts = edited(m -> m.replace("\"build\": \"vite build\"", "\"build\": \"tsc && vite build\", \"dev\": \"vite\""));

        assertThat(dependencyKeyOfManifest(scripts)).isEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_versionFieldChanged_unchanged() {
        String version = edited(m -> m.replace("\"version\": \"1.0.0\"", "\"version\": \"2.0.0\""));

        assertThat(dependencyKeyOfManifest(version)).isEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_sourceFileChanged_unchanged() {
        ProjectFiles changed = with(MANIFEST, "src/main.tsx", "console.log('bye');");

        assertThat(dependencyKey(changed)).isEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    // ---- dependencyKey: what must change it ----

    @Test
    void dependencyKey_dependencyVersionChanged_changes() {
        String bumped = edited(m -> m.replace("\"clsx\": \"2.1.1\"", "\"clsx\": \"2.1.0\""));

        assertThat(dependencyKeyOfManifest(bumped)).isNotEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_dependencyAdded_changes() {
        String added = edited(m -> m.replace("\"clsx\": \"2.1.1\"", "\"clsx\": \"2.1.1\", \"lucide-react\": \"0.460.0\""));

        assertThat(dependencyKeyOfManifest(added)).isNotEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_dependencyRemoved_changes() {
        String removed = edited(m -> m.replace(", \"clsx\": \"2.1.1\"", ""));

        assertThat(dependencyKeyOfManifest(removed)).isNotEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_devDependencyChanged_changes() {
        String dev = edited(m -> m.replace("\"typescript\": \"5.6.3\"", "\"typescript\": \"5.7.0\""));

        assertThat(dependencyKeyOfManifest(dev)).isNotEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_packageMovedFromDependenciesToDevDependencies_changes() {
        String moved = edited(m -> m.replace(", \"clsx\": \"2.1.1\"", "")
                .replace("\"vite\": \"8.3.8\"", "\"vite\": \"8.3.8\", \"clsx\": \"2.1.1\""));

        assertThat(dependencyKeyOfManifest(moved)).isNotEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_overridesAdded_changes() {
        String overrides = edited(m -> m.replace("\"private\": true,", "\"private\": true, \"overrides\": { \"clsx\": \"2.0.0\" },"));

        assertThat(dependencyKeyOfManifest(overrides)).isNotEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_overrideVersionChanged_changes() {
        String before = edited(m -> m.replace("\"private\": true,", "\"private\": true, \"overrides\": { \"clsx\": \"2.0.0\" },"));
        String after = edited(m -> m.replace("\"private\": true,", "\"private\": true, \"overrides\": { \"clsx\": \"2.0.1\" },"));

        assertThat(dependencyKeyOfManifest(after)).isNotEqualTo(dependencyKeyOfManifest(before));
    }

    @Test
    void dependencyKey_resolutionsAdded_changes() {
        String resolutions = edited(m -> m.replace("\"private\": true,", "\"private\": true, \"resolutions\": { \"clsx\": \"2.0.0\" },"));

        assertThat(dependencyKeyOfManifest(resolutions)).isNotEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_pnpmOverridesChanged_changes() {
        String before = edited(m -> m.replace("\"private\": true,", "\"private\": true, \"pnpm\": { \"overrides\": { \"clsx\": \"2.0.0\" } },"));
        String after = edited(m -> m.replace("\"private\": true,", "\"private\": true, \"pnpm\": { \"overrides\": { \"clsx\": \"2.0.1\" } },"));

        assertThat(dependencyKeyOfManifest(after)).isNotEqualTo(dependencyKeyOfManifest(before));
    }

    @Test
    void dependencyKey_pnpmSettingOtherThanOverridesChanged_unchanged() {
        String before = edited(m -> m.replace("\"private\": true,",
                "\"private\": true, \"pnpm\": { \"overrides\": { \"clsx\": \"2.0.0\" }, \"neverBuiltDependencies\": [] },"));
        String after = edited(m -> m.replace("\"private\": true,",
                "\"private\": true, \"pnpm\": { \"overrides\": { \"clsx\": \"2.0.0\" }, \"neverBuiltDependencies\": [\"x\"] },"));

        assertThat(dependencyKeyOfManifest(after)).isEqualTo(dependencyKeyOfManifest(before));
    }

    @Test
    void dependencyKey_packageManagerAdded_changes() {
        String manager = edited(m -> m.replace("\"private\": true,", "\"private\": true, \"packageManager\": \"pnpm@9.12.0\","));

        assertThat(dependencyKeyOfManifest(manager)).isNotEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_packageManagerVersionChanged_changes() {
        String before = edited(m -> m.replace("\"private\": true,", "\"private\": true, \"packageManager\": \"pnpm@9.12.0\","));
        String after = edited(m -> m.replace("\"private\": true,", "\"private\": true, \"packageManager\": \"pnpm@9.12.1\","));

        assertThat(dependencyKeyOfManifest(after)).isNotEqualTo(dependencyKeyOfManifest(before));
    }

    @Test
    void dependencyKey_lockfileAdded_changes() {
        ProjectFiles locked = with(MANIFEST, "package-lock.json", "{\"lockfileVersion\":3}");

        assertThat(dependencyKey(locked)).isNotEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_lockfileBytesChanged_changes() {
        ProjectFiles before = with(MANIFEST, "package-lock.json", "{\"lockfileVersion\":3}");
        ProjectFiles after = with(MANIFEST, "package-lock.json", "{\"lockfileVersion\":3} ");

        assertThat(dependencyKey(after)).isNotEqualTo(dependencyKey(before));
    }

    @Test
    void dependencyKey_sameBytesUnderOtherLockfileName_changes() {
        ProjectFiles yarn = with(MANIFEST, "yarn.lock", "# lock");
        ProjectFiles pnpm = with(MANIFEST, "pnpm-lock.yaml", "# lock");

        assertThat(dependencyKey(yarn)).isNotEqualTo(dependencyKey(pnpm));
    }

    @Test
    void dependencyKey_nonLockfileAtRootAdded_unchanged() {
        ProjectFiles withReadme = with(MANIFEST, "README.md", "# app");

        assertThat(dependencyKey(withReadme)).isEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void dependencyKey_backendIdChanged_changes() {
        ProjectFiles files = files(MANIFEST);

        assertThat(Fingerprints.dependencyKey(files, PackageManifest.read(files), "local-npm/node22"))
                .isNotEqualTo(Fingerprints.dependencyKey(files, PackageManifest.read(files), "local-npm/node20"));
    }

    // ---- outputKey ----

    @Test
    void outputKey_sameInput_isStable64HexChars() {
        String key = outputKey(files(MANIFEST), OPTIONS);

        assertThat(key).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(outputKey(files(MANIFEST), OPTIONS)).isEqualTo(key);
        assertThat(key).isNotEqualTo(dependencyKeyOfManifest(MANIFEST));
    }

    @Test
    void outputKey_oneByteOfSourceChanged_changesOutputKeyButNotDependencyKey() {
        ProjectFiles before = files(MANIFEST);
        ProjectFiles after = with(MANIFEST, "src/main.tsx", "console.log('hellp');");

        assertThat(dependencyKey(after)).isEqualTo(dependencyKey(before));
        assertThat(outputKey(after, OPTIONS)).isNotEqualTo(outputKey(before, OPTIONS));
    }

    @Test
    void outputKey_fileRenamed_changes() {
        Map<String, String> renamed = project(MANIFEST);
        renamed.put("src/Main.tsx", renamed.remove("src/main.tsx"));

        assertThat(outputKey(ProjectFiles.fromMap(renamed), OPTIONS)).isNotEqualTo(outputKey(files(MANIFEST), OPTIONS));
    }

    @Test
    void outputKey_fileAdded_changes() {
        ProjectFiles added = with(MANIFEST, "src/extra.ts", "");

        assertThat(outputKey(added, OPTIONS)).isNotEqualTo(outputKey(files(MANIFEST), OPTIONS));
    }

    @Test
    void outputKey_contentMovedBetweenPathAndContent_changes() {
        // length-prefixed fields: "a" + "bc" must not hash like "ab" + "c"
        ProjectFiles first = with(MANIFEST, "src/a", "bc");
        ProjectFiles second = with(MANIFEST, "src/ab", "c");

        assertThat(outputKey(first, OPTIONS)).isNotEqualTo(outputKey(second, OPTIONS));
    }

    @Test
    void outputKey_basePathChanged_changes() {
        ProjectFiles files = files(MANIFEST);

        assertThat(outputKey(files, BuildOptions.vite("/preview/x/", BuildProfile.PRODUCTION)))
                .isNotEqualTo(outputKey(files, BuildOptions.vite("/", BuildProfile.PRODUCTION)));
    }

    @Test
    void outputKey_modeChanged_changes() {
        ProjectFiles files = files(MANIFEST);

        assertThat(outputKey(files, new BuildOptions("/", "staging", "vite build", BuildProfile.PRODUCTION)))
                .isNotEqualTo(outputKey(files, OPTIONS));
    }

    @Test
    void outputKey_commandChanged_changes() {
        ProjectFiles files = files(MANIFEST);

        assertThat(outputKey(files, new BuildOptions("/", "production", "vite build --minify false", BuildProfile.PRODUCTION)))
                .isNotEqualTo(outputKey(files, OPTIONS));
    }

    @Test
    void outputKey_previewProfile_differsFromProduction() {
        ProjectFiles files = files(MANIFEST);

        assertThat(outputKey(files, BuildOptions.vite("/", BuildProfile.PREVIEW))).isNotEqualTo(outputKey(files, OPTIONS));
    }

    @Test
    void outputKey_sourceMapsAsked_differsFromWithout() {
        ProjectFiles files = files(MANIFEST);

        assertThat(outputKey(files, BuildOptions.vite("/", BuildProfile.PREVIEW.withSourceMaps(true))))
                .isNotEqualTo(outputKey(files, BuildOptions.vite("/", BuildProfile.PREVIEW)));
        assertThat(outputKey(files, BuildOptions.vite("/", BuildProfile.PRODUCTION.withSourceMaps(true))))
                .isNotEqualTo(outputKey(files, OPTIONS));
    }

    @Test
    void outputKey_sameProfile_isStable() {
        ProjectFiles files = files(MANIFEST);

        assertThat(outputKey(files, BuildOptions.vite("/", BuildProfile.PREVIEW)))
                .isEqualTo(outputKey(files, BuildOptions.vite("/", new BuildProfile(BuildProfile.Kind.PREVIEW, false,
                        true))));
    }

    @Test
    void outputKey_modernToolchainAsked_differsFromProjectToolchain() {
        ProjectFiles files = files(MANIFEST);

        assertThat(outputKey(files, BuildOptions.vite("/", BuildProfile.PREVIEW)))
                .isNotEqualTo(outputKey(files, BuildOptions.vite("/", BuildProfile.PREVIEW.withModernToolchain(false))));
    }

    @Test
    void outputKey_dependencyKeyChanged_changes() {
        ProjectFiles files = files(MANIFEST);

        assertThat(Fingerprints.outputKey(Fingerprints.dependencyKey(files, PackageManifest.read(files), "local-npm/node22"), files, OPTIONS))
                .isNotEqualTo(Fingerprints.outputKey(Fingerprints.dependencyKey(files, PackageManifest.read(files), "local-npm/node20"), files, OPTIONS));
    }

    @Test
    void outputKey_filesInsertedInOtherOrder_unchanged() {
        Map<String, String> forward = project(MANIFEST);
        Map<String, String> backward = new LinkedHashMap<>();
        forward.keySet().stream().sorted(java.util.Comparator.reverseOrder()).forEach(k -> backward.put(k, forward.get(k)));
        assertThat(backward.keySet()).as("the orders differ").doesNotContainSequence(forward.keySet().toArray(String[]::new));

        ProjectFiles a = ProjectFiles.fromMap(forward);
        ProjectFiles b = ProjectFiles.fromMap(backward);

        assertThat(outputKey(b, OPTIONS)).isEqualTo(outputKey(a, OPTIONS));
    }

    // ---- canonicalDependencies ----

    @Test
    void canonicalDependencies_reorderedManifest_sortedCompactJsonOfDependencyFieldsOnly() {
        String expected = "{\"dependencies\":{\"clsx\":\"2.1.1\",\"react\":\"19.2.0\",\"react-dom\":\"19.2.0\"},"
                + "\"devDependencies\":{\"typescript\":\"5.6.3\",\"vite\":\"8.3.8\"}}";

        assertThat(Fingerprints.canonicalDependencies(PackageManifest.read(files(MANIFEST_REORDERED)).json())).isEqualTo(expected);
        assertThat(Fingerprints.canonicalDependencies(PackageManifest.read(files(MANIFEST)).json())).isEqualTo(expected);
    }
}
