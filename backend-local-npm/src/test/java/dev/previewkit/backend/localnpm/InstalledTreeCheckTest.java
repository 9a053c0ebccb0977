package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledTreeCheckTest {
    private static final String LOCK = """
            { "lockfileVersion": 3, "packages": {
                "": { "dependencies": { "react": "18.3.1" } },
                "node_modules/loose-envify": { "version": "1.4.0", "integrity": "sha512-le" },
                "node_modules/react": { "version": "18.3.1", "integrity": "sha512-react" }%s
            } }
            """;
    private static final String FSEVENTS = """
            ,
                "node_modules/fsevents": { "version": "2.3.3", "integrity": "sha512-fs", "optional": true }""";
    /** The lockfile: fsevents is optional and left out on Linux. */
    private static final String LOCKED = LOCK.formatted(FSEVENTS);
    /** What npm records of the install: everything but fsevents. */
    private static final String RECORDED = LOCK.formatted("");

    @TempDir
    Path directory;

    @BeforeEach
    void install() throws IOException {
        installed("react", "18.3.1");
        installed("loose-envify", "1.4.0");
        hiddenLockfile(RECORDED);
    }

    private void installed(String name, String version) throws IOException {
        Path folder = Files.createDirectories(directory.resolve("node_modules").resolve(name));
        Files.writeString(folder.resolve("package.json"), "{ \"name\": \"" + name + "\", \"version\": \"" + version
                + "\" }");
    }

    private void hiddenLockfile(String text) throws IOException {
        Files.writeString(directory.resolve(NpmLockfile.HIDDEN), text);
    }

    private static NpmLockfile lockfile(String text) throws IOException {
        return NpmLockfile.parse(new ObjectMapper().readTree(text)).orElseThrow();
    }

    @Test
    void problems_treeAsLockedWithoutAnOptionalPackage_none() throws IOException {
        assertThat(InstalledTreeCheck.problems(directory, lockfile(LOCKED))).isEmpty();
    }

    @Test
    void problems_packageFileWithAnotherVersion_named() throws IOException {
        installed("loose-envify", "1.3.0");

        assertThat(InstalledTreeCheck.problems(directory, lockfile(LOCKED)))
                .containsExactly("node_modules/loose-envify is installed as 1.3.0, locked 1.4.0");
    }

    @Test
    void problems_recordWithAnotherIntegrity_named() throws IOException {
        hiddenLockfile(RECORDED.replace("sha512-react", "sha512-other"));

        assertThat(InstalledTreeCheck.problems(directory, lockfile(LOCKED)))
                .containsExactly("node_modules/react 18.3.1 has another integrity than the locked one");
    }

    @Test
    void problems_missingAndExtraneousPackages_named() throws IOException {
        String withoutLooseEnvify = RECORDED.replace("\"node_modules/loose-envify\": { \"version\": \"1.4.0\", "
                + "\"integrity\": \"sha512-le\" },", "");
        installed("left-over", "1.0.0");
        hiddenLockfile(withoutLooseEnvify.replace("\"node_modules/react\"",
                "\"node_modules/left-over\": { \"version\": \"1.0.0\" }, \"node_modules/react\""));

        assertThat(InstalledTreeCheck.problems(directory, lockfile(LOCKED)))
                .containsExactly("node_modules/loose-envify is missing",
                        "node_modules/left-over is installed but not in the lockfile");
        assertThat(InstalledTreeCheck.problems(directory, lockfile(withoutLooseEnvify)))
                .containsExactly("node_modules/left-over is installed but not in the lockfile");
    }

    @Test
    void problems_noRecordOfTheInstall_named() throws IOException {
        Files.delete(directory.resolve(NpmLockfile.HIDDEN));

        assertThat(InstalledTreeCheck.problems(directory, lockfile(LOCKED))).singleElement()
                .asString().contains("no record");
    }
}
