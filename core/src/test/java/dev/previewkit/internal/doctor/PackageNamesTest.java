package dev.previewkit.internal.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PackageNamesTest {

    private static final Set<String> NO_ALIASES = Set.of();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "react, react",
        "react-dom/client, react-dom",
        "lodash/debounce, lodash",
        "@fontsource/inter/400.css, @fontsource/inter",
        "@scope/pkg, @scope/pkg",
        "@vitejs/plugin-react, @vitejs/plugin-react",
        "pkg/file.css?inline, pkg",
        "lib?worker, lib",
        "@scope/pkg/x.js?url, @scope/pkg",
        "vue#hash, vue",
        "three/examples/jsm/controls/OrbitControls.js, three",
        "fs-extra, fs-extra",
        "pathe, pathe",
        "events2, events2",
        "node-fetch, node-fetch",
        "test, test",
        "sqlite, sqlite",
        "example.com, example.com",
        "under_score, under_score",
        "123numeric, 123numeric",
    })
    void packageOf_bareSpecifier_mapsToPackage(String specifier, String expected) {
        assertThat(PackageNames.packageOf(specifier, NO_ALIASES)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "./x", "../x", "./x.svg?raw", "../../a/b.css?inline", ".", "..",
        "/abs/x.js", "//cdn.example.com/x.js",
        "http://example.com/x.js", "https://esm.sh/react", "HTTPS://EXAMPLE.COM/x.js", "data:text/javascript,1",
        "virtual:my-module", "virtual:pwa-register/react", "blob:xyz", "file:///x.js", "npm:react",
        "node:fs", "node:path", "node:test", "node:sqlite", "node:test/reporters", "node:fs/promises",
        "fs/promises", "path/posix", "path/win32", "util/types", "stream/web", "stream/promises", "dns/promises",
        "timers/promises", "assert/strict", "readline/promises", "inspector/promises",
        "#internal/x", "#utils",
    })
    void packageOf_needsNoPackage_empty(String specifier) {
        assertThat(PackageNames.packageOf(specifier, NO_ALIASES)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto", "dgram",
        "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2", "https", "inspector", "module",
        "net", "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl", "stream",
        "string_decoder", "sys", "timers", "tls", "trace_events", "tty", "url", "util", "v8", "vm", "wasi",
        "worker_threads", "zlib",
    })
    void packageOf_nodeBuiltin_emptyWithAndWithoutPrefix(String builtin) {
        assertThat(PackageNames.packageOf(builtin, NO_ALIASES)).isEmpty();
        assertThat(PackageNames.packageOf("node:" + builtin, NO_ALIASES)).isEmpty();
        assertThat(PackageNames.packageOf(builtin + "/sub", NO_ALIASES)).isEmpty();
        assertThat(PackageNames.packageOf(builtin + "-extra", NO_ALIASES)).contains(builtin + "-extra");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Foo", "React/x", ".x", "_x", "a b", "@/x", "@/components/Button", "@scope", "@scope/",
        "@Scope/x", "@scope/X", "~x", "crazy!", "a'b", "node_modules", "favicon.ico", "ünïcode", "@/", "@"})
    void packageOf_invalidPackageName_empty(String specifier) {
        assertThat(PackageNames.packageOf(specifier, NO_ALIASES)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"@/components/Button.vue", "~/utils", "#internal", "config", "@app/x?raw"})
    void packageOf_aliasedSpecifier_empty(String specifier) {
        Set<String> aliases = Set.of("@/", "~/", "#", "config$", "@app/");

        assertThat(PackageNames.packageOf(specifier, aliases)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "configstore, configstore",
        "config/x, config",
        "@fontsource/inter, @fontsource/inter",
        "@apple/x, @apple/x",
        "lodash, lodash",
    })
    void packageOf_similarToAlias_stillMapped(String specifier, String expected) {
        Set<String> aliases = Set.of("@/", "~/", "#", "config$", "@app/");

        assertThat(PackageNames.packageOf(specifier, aliases)).contains(expected);
    }

    @Test
    void packageOf_nullInputs_handled() {
        assertThat(PackageNames.packageOf(null, NO_ALIASES)).isEmpty();
        assertThat(PackageNames.packageOf("react", null)).contains("react");
    }

    @ParameterizedTest
    @ValueSource(strings = {"react", "react-dom", "@scope/name", "@a/b.c", "example.com", "under_score",
        "123numeric", "a", "@types/node", "@scope/a-b_c.d"})
    void isValidPackageName_validName_true(String name) {
        assertThat(PackageNames.isValidPackageName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Foo", "fooBar", ".x", "_x", "a b", " a", "a ", "@/x", "@scope", "@scope/",
        "@/", "a/b", "@a/b/c", "@Scope/x", "@scope/.x", "crazy!", "a(b)", "a*", "a~b", "a'b", "node_modules",
        "favicon.ico", "ünïcode", "a%20b", "a:b", "a?b", "a#b"})
    void isValidPackageName_invalidName_false(String name) {
        assertThat(PackageNames.isValidPackageName(name)).isFalse();
    }

    @Test
    void isValidPackageName_length_limitedTo214() {
        assertThat(PackageNames.isValidPackageName("a".repeat(214))).isTrue();
        assertThat(PackageNames.isValidPackageName("a".repeat(215))).isFalse();
        assertThat(PackageNames.isValidPackageName(null)).isFalse();
    }
}
