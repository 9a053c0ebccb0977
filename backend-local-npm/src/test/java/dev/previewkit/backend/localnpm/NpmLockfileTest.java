package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmLockfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String LOCK = """
            { "lockfileVersion": 3, "packages": {
                "": { "name": "app", "dependencies": { "react": "^18.3.1", "vaul": "^0.9.9" },
                      "devDependencies": { "vite": "^5.4.0" } },
                "node_modules/react": { "version": "18.3.1", "integrity": "sha512-r" },
                "node_modules/fsevents": { "version": "2.3.3", "optional": true },
                "node_modules/local": { "resolved": "packages/local", "link": true },
                "node_modules/vaul": { "version": "0.9.9" },
                "node_modules/vite": { "version": "5.4.21", "dev": true }
            } }
            """;

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static NpmLockfile lockfile() throws IOException {
        return NpmLockfile.parse(json(LOCK)).orElseThrow();
    }

    @Test
    void parse_version3Lockfile_recordsPackagesWithVersionIntegrityAndOptionalityButNotLinks() throws IOException {
        NpmLockfile lockfile = lockfile();

        assertThat(lockfile.packages()).containsOnlyKeys("node_modules/react", "node_modules/fsevents",
                "node_modules/vaul", "node_modules/vite");
        assertThat(lockfile.packages().get("node_modules/react").integrity()).contains("sha512-r");
        assertThat(lockfile.packages().get("node_modules/fsevents").optional()).isTrue();
        assertThat(lockfile.packages().get("node_modules/vaul").integrity()).isEmpty();
        assertThat(lockfile.root()).containsOnlyKeys("dependencies", "devDependencies");
    }

    @Test
    void parse_version1Lockfile_isNotUnderstood() throws IOException {
        assertThat(NpmLockfile.parse(json("{ \"lockfileVersion\": 1, \"dependencies\": {} }"))).isEmpty();
    }

    @Test
    void read_missingOrMalformedFile_isEmpty(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("broken.json"), "{ not json");

        assertThat(NpmLockfile.read(folder.resolve("absent.json"))).isEmpty();
        assertThat(NpmLockfile.read(folder.resolve("broken.json"))).isEmpty();
    }

    @Test
    void differencesFrom_sameSections_isEmpty() throws IOException {
        assertThat(lockfile().differencesFrom(json("""
                { "name": "renamed", "dependencies": { "vaul": "^0.9.9", "react": "^18.3.1" },
                  "devDependencies": { "vite": "^5.4.0" }, "scripts": { "build": "vite build" } }
                """))).isEmpty();
    }

    @Test
    void differencesFrom_addedChangedAndRemovedPackages_namesEach() throws IOException {
        assertThat(lockfile().differencesFrom(json("""
                { "dependencies": { "react": "^18.2.0", "embla-carousel-autoplay": "^8.6.0" },
                  "devDependencies": { "vite": "^5.4.0" } }
                """))).containsExactly(
                        "embla-carousel-autoplay ^8.6.0 is not in the lockfile",
                        "react is ^18.2.0 in package.json but ^18.3.1 in the lockfile",
                        "vaul is in the lockfile but no longer in package.json");
    }
}
