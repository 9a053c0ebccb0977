package dev.previewkit.internal.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AliasPrefixesTest {

    private static final String TSCONFIG = """
            \uFEFF{
              // JSONC: comments and trailing commas are allowed
              "compilerOptions": {
                "target": "ES2020", /* a block comment */
                "baseUrl": "./",
                "types": ["vite/client", "https://example.com/not-a-comment",],
                "paths": {
                  "@/*": ["./src/*"], // line comment after a glob that contains /*
                  "~lib/*": ["./lib/*"],
                  "#*": ["./internal/*"],
                  "config": ["./src/config.ts"],
                  "*": ["./types/*"],
                },
              },
              /* "paths": { "@commented/*": [] } */
            }
            """;

    @Test
    void from_jsoncTsconfig_pathKeysToEntries() {
        assertThat(AliasPrefixes.from(TSCONFIG, null)).containsExactly("@/", "~lib/", "#", "config$");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "{ \"compilerOptions\": { \"paths\": ",
        "[1, 2]",
        "{ \"compilerOptions\": { \"paths\": [\"@/*\"] } }",
        "{ \"compilerOptions\": { \"baseUrl\": \".\" } }",
        "{ \"extends\": \"./tsconfig.base.json\" }",
    })
    void from_tsconfigWithoutUsablePaths_empty(String tsconfig) {
        assertThat(AliasPrefixes.from(tsconfig, null)).isEmpty();
    }

    @Test
    void from_nothing_empty() {
        assertThat(AliasPrefixes.from(null, null)).isEmpty();
    }

    static Stream<Arguments> viteConfigs() {
        return Stream.of(
                arguments("object form", """
                        import { fileURLToPath, URL } from 'node:url'
                        import path from 'node:path'
                        export default defineConfig({
                          plugins: [vue()],
                          resolve: {
                            alias: {
                              '@': fileURLToPath(new URL('./src', import.meta.url)),
                              "~": path.resolve(__dirname, 'src', 'x'), // a comment: 'nope': 1
                              utils: path.resolve(__dirname, cond ? 'a' : 'b'),
                              // 'commented': path.resolve(__dirname, 'c'),
                              'components/': '/src/components/',
                            },
                          },
                        })
                        """, List.of("@/", "@$", "~/", "~$", "utils/", "utils$", "components/")),
                arguments("array form", """
                        export default defineConfig(({ mode }) => ({
                          resolve: {
                            alias: [
                              { find: '@', replacement: path.resolve(__dirname, 'src') },
                              { find: /^~\\//, replacement: `${root}/src/` },
                              {
                                replacement: '/lib',
                                find: "lib",
                              },
                              { find: /^#(?:x)/, replacement: '' },
                            ],
                          },
                        }))
                        """, List.of("@/", "@$", "~/", "lib/", "lib$", "#")),
                arguments("alias variable", """
                        const alias = { '@': '/src' };
                        export default { resolve: { alias } };
                        """, List.of("@/", "@$")),
                arguments("commented-out alias", """
                        export default {
                          // resolve: { alias: { '@': '/src' } },
                          /* alias: [{ find: '~', replacement: '/x' }] */
                          build: { target: 'es2020', note: "alias: { 'x': 1 }" },
                        }
                        """, List.of()),
                arguments("unresolvable alias", "export default { resolve: { alias: makeAliases() } }", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("viteConfigs")
    void from_viteConfig_aliasEntries(String description, String vite, List<String> expected) {
        assertThat(AliasPrefixes.from(null, vite)).containsExactlyElementsOf(expected);
    }

    @Test
    void from_tsconfigAndVite_union() {
        String vite = "export default { resolve: { alias: { '@': '/src', '~lib': '/lib' } } }";

        assertThat(AliasPrefixes.from(TSCONFIG, vite))
                .containsExactlyInAnyOrder("@/", "~lib/", "#", "config$", "@$", "~lib$");
    }

    @Test
    void from_result_freshMutableSetPerCall() {
        Set<String> first = AliasPrefixes.from(TSCONFIG, null);

        first.add("extra/");

        assertThat(first).contains("extra/");
        assertThat(AliasPrefixes.from(TSCONFIG, null)).doesNotContain("extra/");
    }

    @Test
    void packageOf_withViteAliasEntries_aliasMatchedButScopedPackagesKept() {
        Set<String> aliases = AliasPrefixes.from(null, "export default { resolve: { alias: { '@': '/src' } } }");

        assertThat(PackageNames.packageOf("@", aliases)).isEmpty();
        assertThat(PackageNames.packageOf("@/App.vue", aliases)).isEmpty();
        assertThat(PackageNames.packageOf("@vueuse/core", aliases)).contains("@vueuse/core");
    }

    @Test
    void packageOf_withTsconfigExactKey_onlyExactMatchAliased() {
        Set<String> aliases = AliasPrefixes.from(TSCONFIG, null);

        assertThat(PackageNames.packageOf("config", aliases)).isEmpty();
        assertThat(PackageNames.packageOf("configstore", aliases)).contains("configstore");
        assertThat(PackageNames.packageOf("~lib/x", aliases)).isEmpty();
    }
}
