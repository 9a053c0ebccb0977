package dev.previewkit.backend.localnpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {
    private static final Map<String, String> HOST = Map.of(
            "PATH", "/usr/bin", "HOME", "/home/app", "AWS_SECRET_ACCESS_KEY", "s3cr3t", "DATABASE_URL", "pg://x",
            "NODE_EXTRA_CA_CERTS", "/etc/ca.pem");

    @Test
    void forProcess_defaultAllowList_dropsEverythingElse() {
        ChildEnvironment environment = new ChildEnvironment(ChildEnvironment.DEFAULT_ALLOWED, Map.of());

        Map<String, String> env = environment.forProcess(HOST, Path.of("/tmp/build-1"));

        assertThat(env).containsEntry("PATH", "/usr/bin").containsEntry("HOME", "/home/app")
                .containsEntry("NODE_EXTRA_CA_CERTS", "/etc/ca.pem").containsEntry("TMPDIR", "/tmp/build-1")
                .doesNotContainKeys("AWS_SECRET_ACCESS_KEY", "DATABASE_URL");
    }

    @Test
    void forProcess_explicitValues_overrideHostAndAllowList() {
        ChildEnvironment environment = new ChildEnvironment(Set.of("PATH", "DATABASE_URL"),
                Map.of("PATH", "/opt/node/bin"));

        Map<String, String> env = environment.forProcess(HOST, Path.of("/tmp/b"));

        assertThat(env).containsEntry("PATH", "/opt/node/bin").containsEntry("DATABASE_URL", "pg://x")
                .doesNotContainKey("HOME");
        assertThat(environment.path(HOST)).isEqualTo("/opt/node/bin");
    }

    @Test
    void explicitDigest_dependsOnValuesButNeverShowsThem() {
        ChildEnvironment none = new ChildEnvironment(Set.of(), Map.of());
        ChildEnvironment one = new ChildEnvironment(Set.of(), Map.of("VITE_API_URL", "https://a.example"));
        ChildEnvironment other = new ChildEnvironment(Set.of(), Map.of("VITE_API_URL", "https://b.example"));

        assertThat(none.explicitDigest()).isEmpty();
        assertThat(one.explicitDigest()).hasSize(12).isNotEqualTo(other.explicitDigest()).doesNotContain("example");
        assertThat(one.explicitDigest()).isEqualTo(new ChildEnvironment(Set.of("PATH"),
                Map.of("VITE_API_URL", "https://a.example")).explicitDigest());
    }
}
