package dev.previewkit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.previewkit.ProjectFiles;
import dev.previewkit.internal.project.PackageManifest;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PackageSetsTest {

    /** A sorted map from "name=version" pairs, so that the order of changes is deterministic. */
    private static Map<String, String> set(String... pairs) {
        Map<String, String> map = new TreeMap<>();
        for (String pair : pairs) {
            String[] parts = pair.split("=", 2);
            map.put(parts[0], parts[1]);
        }
        return map;
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("added", set("react=^18.3.1"), set("lucide-react=^0.460.0", "react=^18.3.1"),
                        "added lucide-react@^0.460.0"),
                Arguments.of("changed", set("react=^18.3.1"), set("react=^19.2.0"),
                        "changed react ^18.3.1 -> ^19.2.0"),
                Arguments.of("removed", set("clsx=2.1.1", "react=^18.3.1"), set("react=^18.3.1"),
                        "removed clsx"),
                Arguments.of("all three", set("clsx=2.1.1", "react=^18.3.1"), set("lucide-react=^0.460.0", "react=^19.2.0"),
                        "added lucide-react@^0.460.0, changed react ^18.3.1 -> ^19.2.0, removed clsx"),
                Arguments.of("exactly five", set(), set("a=1", "b=1", "c=1", "d=1", "e=1"),
                        "added a@1, added b@1, added c@1, added d@1, added e@1"),
                Arguments.of("six", set(), set("a=1", "b=1", "c=1", "d=1", "e=1", "f=1"),
                        "added a@1, added b@1, added c@1, added d@1, added e@1 and 1 more changes"),
                Arguments.of("removals beyond five", set("x=1", "y=1", "z=1"), set("a=1", "b=1", "c=1", "d=1"),
                        "added a@1, added b@1, added c@1, added d@1, removed x and 2 more changes"),
                Arguments.of("nothing", set("react=1"), set("react=1"), ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void describeChange_table_describesDifference(String name, Map<String, String> before, Map<String, String> after,
            String expected) {
        assertThat(PackageSets.describeChange(before, after)).isEqualTo(expected);
    }

    @Test
    void describeChange_twelveChanges_listsFiveAndCountsSeven() {
        Map<String, String> after = new TreeMap<>();
        for (int i = 10; i < 22; i++) {
            after.put("p" + i, "1.0.0");
        }

        String description = PackageSets.describeChange(set(), after);

        assertThat(description).startsWith("added p10@1.0.0, added p11@1.0.0").endsWith(" and 7 more changes");
        assertThat(description.split(", ")).hasSize(5);
    }

    @Test
    void common_sameNameSameVersion_counted() {
        assertThat(PackageSets.common(set("a=1", "b=2", "c=3"), set("a=1", "b=3", "d=3"))).isEqualTo(1);
    }

    @Test
    void common_disjointSets_zero() {
        assertThat(PackageSets.common(set("a=1"), set("b=1"))).isZero();
    }

    @Test
    void common_identicalSets_allCounted() {
        Map<String, String> packages = set("a=1", "b=2", "c=3");

        assertThat(PackageSets.common(packages, set("c=3", "b=2", "a=1"))).isEqualTo(3);
    }

    @Test
    void declared_manifestWithSections_mergesEverySectionNpmInstalls() {
        ProjectFiles files = ProjectFiles.fromMap(Map.of("package.json", """
                { "name": "x",
                  "dependencies": { "react": "19.2.0" },
                  "devDependencies": { "vite": "8.3.8" },
                  "optionalDependencies": { "fsevents": "2.3.3" },
                  "peerDependencies": { "react-dom": "*" } }
                """));

        assertThat(PackageSets.declared(PackageManifest.read(files).json()))
                .containsExactly(Map.entry("fsevents", "2.3.3"), Map.entry("react", "19.2.0"),
                        Map.entry("react-dom", "*"), Map.entry("vite", "8.3.8"));  // npm 7+ installs peers too
    }

    @Test
    void fromJson_storedPackages_roundTrips() {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> packages = set("a=1", "b=^2.0.0");

        assertThat(PackageSets.fromJson(json.valueToTree(packages))).isEqualTo(packages);
    }
}
