package dev.previewkit.internal.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.ProjectFiles;
import dev.previewkit.Toolchain;
import dev.previewkit.internal.project.PackageManifest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModernToolchainTest {
    private final ModernToolchain toolchain = new ModernToolchain();

    private static ProjectFiles project(String vite, Map<String, String> more) {
        Map<String, String> files = new HashMap<>(more);
        files.put("package.json", "{ \"devDependencies\": { \"vite\": \"" + vite + "\" } }");
        return ProjectFiles.fromMap(files);
    }

    private Toolchain decide(ProjectFiles files) {
        ModernToolchain.Decision decision = toolchain.decide(files, PackageManifest.read(files), "key");
        return decision instanceof ModernToolchain.Decision.Use use ? use.toolchain()
                : ((ModernToolchain.Decision.Keep) decision).toolchain();
    }

    @Test
    void major_ranges_highestMajorTheyAllow() {
        assertThat(ModernToolchain.major("^5.4.21")).contains(5);
        assertThat(ModernToolchain.major("~4.0.0")).contains(4);
        assertThat(ModernToolchain.major(">=3 <5")).contains(3);
        assertThat(ModernToolchain.major("^4 || ^5")).contains(5);
        assertThat(ModernToolchain.major("8.3.8")).contains(8);
        assertThat(ModernToolchain.major("latest")).isEqualTo(Optional.empty());
        assertThat(ModernToolchain.major("99999999999999")).contains(9999);
    }

    @Test
    void decide_lovableStyleVite5Project_usesTheModernToolchain() {
        Toolchain decided = decide(project("^5.4.21", Map.of("vite.config.ts", """
                import { defineConfig } from "vite";
                import react from "@vitejs/plugin-react-swc";
                import path from "path";
                import { componentTagger } from "lovable-tagger";
                export default defineConfig(({ mode }) => ({ plugins: [react(), mode === "development" && componentTagger()] }));
                """)));

        assertThat(decided.kind()).isEqualTo(Toolchain.Kind.MODERN);
        assertThat(decided.description()).startsWith(toolchain.versions()).endsWith("vite ^5.4.21");
        assertThat(toolchain.versions()).contains("vite 8.4.0", "@vitejs/plugin-react-swc 4.3.3");
    }

    @Test
    void decide_projectAlreadyOnVite8OrWithoutVite_keepsItsOwn() {
        assertThat(decide(project("8.3.8", Map.of())).description()).contains("already uses vite 8.3.8");
        ProjectFiles noVite = ProjectFiles.fromMap(Map.of("package.json", "{ \"dependencies\": {} }"));
        assertThat(decide(noVite).description()).contains("declares no vite");
        assertThat(decide(project("latest", Map.of())).kind()).isEqualTo(Toolchain.Kind.PROJECT);
    }

    @Test
    void decide_configImportsSomethingUnchecked_keepsItsOwnNamingIt() {
        assertThat(decide(project("^5.0.0", Map.of("vite.config.js",
                "import legacy from '@vitejs/plugin-legacy';\nexport default { plugins: [legacy()] };\n")))
                .description()).contains("vite.config.js imports @vitejs/plugin-legacy");
        assertThat(decide(project("^5.0.0", Map.of("vite.config.mts",
                "import { execSync } from 'node:child_process';\nexport default {};\n"))).description())
                .contains("node:child_process");
        assertThat(decide(project("^5.0.0", Map.of("vite.config.ts",
                "import { fileURLToPath } from 'node:url';\nexport default {};\n"))).kind())
                .isEqualTo(Toolchain.Kind.MODERN);
    }

    @Test
    void decide_afterAFailureOfTheSameSet_keepsItsOwn() {
        ProjectFiles files = project("^5.4.0", Map.of());
        toolchain.failed("key");

        assertThat(decide(files).description()).contains("earlier build of this dependency set failed");
        assertThat(toolchain.decide(files, PackageManifest.read(files), "other key"))
                .isInstanceOf(ModernToolchain.Decision.Use.class);
    }
}
