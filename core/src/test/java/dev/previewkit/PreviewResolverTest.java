package dev.previewkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PreviewResolver} on an in-memory file system, with a secret file next to the served root. */
class PreviewResolverTest {
    private static final String HASHED_JS = "assets/index-DgN1KpR5.js";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String SECRET = "top secret";

    private FileSystem fs;
    private Path root;
    private Path secret;
    private PreviewResolver resolver;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        root = Files.createDirectories(fs.getPath("/srv/site"));
        secret = write(fs.getPath("/srv/secret.txt"), SECRET);
        write(fs.getPath("/srv/other/index.html"), SECRET);
        write(fs.getPath("/srv/site-backup/index.html"), SECRET);
        write(root.resolve("index.html"), "<!doctype html><title>app</title>");
        write(root.resolve(HASHED_JS), "console.log('app');");
        write(root.resolve("assets/index-BXv3_rqj.css"), "body{}");
        write(root.resolve("assets/logo.svg"), "<svg/>");
        write(root.resolve("chunk-DgN1KpR5.js"), "export {};");
        write(root.resolve("apple-touch-icon.png"), "png");
        write(root.resolve("robots.txt"), "User-agent: *");
        write(root.resolve("favicon.ico"), "ico");
        write(root.resolve("docs/index.html"), "<p>docs</p>");
        write(root.resolve("docs/guide.html"), "<p>guide</p>");
        Files.createDirectories(root.resolve("empty"));
        write(root.resolve("hello world.txt"), "hello");
        write(root.resolve("café.txt"), "café");
        write(root.resolve(".env"), SECRET);
        write(root.resolve("assets/.secret.js"), SECRET);
        write(root.resolve(".git/config"), SECRET);
        resolver = PreviewResolver.forRoot(root);
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    private PreviewResponse get(String rawPath) {
        return resolver.resolve("GET", rawPath, Optional.empty());
    }

    private PreviewResponse get(String rawPath, String ifNoneMatch) {
        return resolver.resolve("GET", rawPath, Optional.of(ifNoneMatch));
    }

    private String etagOf(String rawPath) {
        return get(rawPath).header("ETag").orElseThrow();
    }

    // --- Basic serving ----------------------------------------------------------------------------------------

    @Test
    void resolve_root_servesIndexHtml() throws IOException {
        PreviewResponse response = get("/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.file()).contains(root.resolve("index.html"));
        assertThat(response.contentLength()).isEqualTo(Files.size(root.resolve("index.html")));
        assertThat(response.headers()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Cache-Control", "no-cache")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .doesNotContainKey("Content-Length");
        assertThat(response.hasBody()).isTrue();
        assertThat(response.message()).isEmpty();
    }

    @Test
    void resolve_deepSpaPath_fallsBackToRootIndex() {
        PreviewResponse response = get("/about/team");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.file()).contains(root.resolve("index.html"));
        assertThat(response.headers()).containsEntry("Cache-Control", "no-cache")
                .containsEntry("Content-Type", "text/html; charset=utf-8");
        assertThat(response.header("etag")).contains(etagOf("/index.html"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/about/", "/docs/missing-page", "/empty", "/empty/", "/index.html/extra", "/v1.2/team"})
    void resolve_extensionlessMissingPath_fallsBackToRootIndex(String rawPath) {
        PreviewResponse response = get(rawPath);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.file()).contains(root.resolve("index.html"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docs", "/docs/", "//docs//"})
    void resolve_folderWithIndex_servesFolderIndex(String rawPath) {
        PreviewResponse response = get(rawPath);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.file()).contains(root.resolve("docs/index.html"));
        assertThat(response.headers()).containsEntry("Cache-Control", "no-cache");
    }

    @Test
    void resolve_noIndexHtmlAnywhere_rootAndSpaPathAre404() throws IOException {
        Files.delete(root.resolve("index.html"));

        assertThat(get("/").status()).isEqualTo(404);
        assertThat(get("/about").status()).isEqualTo(404);
        assertThat(get("/robots.txt").status()).isEqualTo(200);
    }

    @Test
    void resolve_missingRoot_is404() {
        PreviewResolver missing = PreviewResolver.forRoot(fs.getPath("/srv/nothing-here"));

        PreviewResponse response = missing.resolve("GET", "/", Optional.empty());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.file()).isEmpty();
    }

    @Test
    void resolve_percentEncodedNames_decodedOnceAsUtf8() {
        assertThat(get("/hello%20world.txt").file()).contains(root.resolve("hello world.txt"));
        assertThat(get("/caf%C3%A9.txt").file()).contains(root.resolve("café.txt"));
        assertThat(get("/caf%c3%a9.txt").file()).contains(root.resolve("café.txt"));
    }

    @Test
    void resolve_queryString_ignored() {
        assertThat(get("/" + HASHED_JS + "?v=../../secret.txt").file()).contains(root.resolve(HASHED_JS));
        assertThat(get("/?x=%zz").file()).contains(root.resolve("index.html"));
        assertThat(get("/about?download=file.js").file()).contains(root.resolve("index.html"));
        assertThat(get("/assets/missing.js?fallback=1").status()).isEqualTo(404);
    }

    // --- Cache-Control ----------------------------------------------------------------------------------------

    @Test
    void resolve_hashedAsset_immutableWithEtagAndType() throws IOException {
        PreviewResponse response = get("/" + HASHED_JS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.file()).contains(root.resolve(HASHED_JS));
        assertThat(response.contentLength()).isEqualTo(Files.size(root.resolve(HASHED_JS)));
        assertThat(response.headers()).containsEntry("Cache-Control", IMMUTABLE)
                .containsEntry("Content-Type", "text/javascript; charset=utf-8")
                .containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(response.headers().get("ETag")).matches("\"[0-9a-f]{32}\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/chunk-DgN1KpR5.js", "/assets/index-BXv3_rqj.css", "/assets/logo.svg"})
    void resolve_hashedNameOrUnderAssets_immutable(String rawPath) {
        assertThat(get(rawPath).headers()).containsEntry("Cache-Control", IMMUTABLE);
    }

    @Test
    void resolve_indexHtml_noCache() {
        PreviewResponse response = get("/index.html");

        assertThat(response.file()).contains(root.resolve("index.html"));
        assertThat(response.headers()).containsEntry("Cache-Control", "no-cache");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/robots.txt", "/favicon.ico", "/docs/guide.html", "/apple-touch-icon.png"})
    void resolve_otherFile_noCache(String rawPath) {
        PreviewResponse response = get(rawPath);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Cache-Control", "no-cache");
    }

    // --- Content-Type -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "page.html|text/html; charset=utf-8",
        "app.js|text/javascript; charset=utf-8",
        "mod.mjs|text/javascript; charset=utf-8",
        "site.css|text/css; charset=utf-8",
        "data.json|application/json",
        "app.js.map|application/json",
        "icon.svg|image/svg+xml",
        "a.png|image/png",
        "a.jpg|image/jpeg",
        "a.jpeg|image/jpeg",
        "a.gif|image/gif",
        "a.webp|image/webp",
        "a.avif|image/avif",
        "a.ico|image/x-icon",
        "f.woff|font/woff",
        "f.woff2|font/woff2",
        "f.ttf|font/ttf",
        "f.otf|font/otf",
        "notes.txt|text/plain; charset=utf-8",
        "feed.xml|application/xml",
        "lib.wasm|application/wasm",
        "site.webmanifest|application/manifest+json",
        "v.mp4|video/mp4",
        "v.webm|video/webm",
        "s.mp3|audio/mpeg",
        "s.wav|audio/wav",
        "PAGE.HTML|text/html; charset=utf-8",
        "archive.tar.gz|application/octet-stream",
        "blob.bin|application/octet-stream",
    })
    void resolve_extension_contentTypeFromTable(String name, String expectedType) throws IOException {
        write(root.resolve("types/" + name), "x");

        PreviewResponse response = get("/types/" + name);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", expectedType);
    }

    @Test
    void resolve_existingFileWithoutExtension_octetStream() throws IOException {
        write(root.resolve("LICENSE"), "MIT");

        PreviewResponse response = get("/LICENSE");

        assertThat(response.file()).contains(root.resolve("LICENSE"));
        assertThat(response.headers()).containsEntry("Content-Type", "application/octet-stream");
    }

    // --- ETag and If-None-Match ---------------------------------------------------------------------------------

    @Test
    void etag_sameFileUnchanged_stableAcrossCallsAndResolvers() {
        String first = etagOf("/" + HASHED_JS);

        assertThat(etagOf("/" + HASHED_JS)).isEqualTo(first);
        assertThat(PreviewResolver.forRoot(root).resolve("HEAD", "/" + HASHED_JS, Optional.empty()).header("ETag"))
                .contains(first);
        assertThat(etagOf("/robots.txt")).isNotEqualTo(first);
    }

    @Test
    void etag_fileContentChanges_changes() throws IOException {
        String before = etagOf("/index.html");

        write(root.resolve("index.html"), "<!doctype html><title>new build</title>");

        assertThat(etagOf("/index.html")).isNotEqualTo(before);
    }

    @Test
    void etag_onlyModifiedTimeChanges_changes() throws IOException {
        Path index = root.resolve("index.html");
        Files.setLastModifiedTime(index, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        String before = etagOf("/index.html");

        Files.setLastModifiedTime(index, FileTime.from(Instant.parse("2024-01-01T00:00:01Z")));

        assertThat(etagOf("/index.html")).isNotEqualTo(before);
    }

    @Test
    void etag_sameSizeAndTimeInAnotherRoot_differs() throws IOException {
        FileTime time = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));
        Path otherRoot = Files.createDirectories(fs.getPath("/srv/build-2"));
        Path otherIndex = Files.copy(root.resolve("index.html"), otherRoot.resolve("index.html"));
        Files.setLastModifiedTime(root.resolve("index.html"), time);
        Files.setLastModifiedTime(otherIndex, time);

        String other = PreviewResolver.forRoot(otherRoot).resolve("GET", "/", Optional.empty()).headers().get("ETag");

        assertThat(other).isNotEqualTo(etagOf("/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SINGLE", "LIST", "LIST_NO_SPACES", "WEAK", "STAR"})
    void resolve_ifNoneMatchMatches_304WithoutBody(String form) {
        String etag = etagOf("/" + HASHED_JS);
        String header = switch (form) {
            case "SINGLE" -> etag;
            case "LIST" -> "\"other\", " + etag + ", \"third\"";
            case "LIST_NO_SPACES" -> "\"other\"," + etag;
            case "WEAK" -> "W/" + etag;
            default -> "*";
        };

        PreviewResponse response = get("/" + HASHED_JS, header);

        assertThat(response.status()).isEqualTo(304);
        assertThat(response.headers()).containsEntry("ETag", etag).containsEntry("Cache-Control", IMMUTABLE)
                .doesNotContainKey("Content-Type");
        assertThat(response.hasBody()).isFalse();
        assertThat(response.file()).isEmpty();
        assertThat(response.contentLength()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"0123456789abcdef0123456789abcdef\"", "\"a\", \"b\"", "", "garbage", "\""})
    void resolve_ifNoneMatchDiffers_200(String header) {
        PreviewResponse response = get("/" + HASHED_JS, header);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.file()).contains(root.resolve(HASHED_JS));
    }

    @Test
    void resolve_ifNoneMatchUnquotedEtag_200() {
        String etag = etagOf("/index.html");
        String unquoted = etag.substring(1, etag.length() - 1);

        assertThat(get("/index.html", unquoted).status()).isEqualTo(200);
    }

    @Test
    void resolve_ifNoneMatchOnSpaFallback_304WithNoCache() {
        String etag = etagOf("/");

        PreviewResponse response = get("/about/team", etag);

        assertThat(response.status()).isEqualTo(304);
        assertThat(response.headers()).containsEntry("Cache-Control", "no-cache");
    }

    @Test
    void resolve_ifNoneMatchStarOnMissingAsset_404() {
        assertThat(get("/assets/missing.js", "*").status()).isEqualTo(404);
    }

    // --- HEAD -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/", "/" + HASHED_JS, "/about/team", "/robots.txt"})
    void resolve_head_sameStatusAndHeadersAsGetWithoutBody(String rawPath) {
        PreviewResponse getResponse = get(rawPath);

        PreviewResponse head = resolver.resolve("HEAD", rawPath, Optional.empty());

        assertThat(head.status()).isEqualTo(getResponse.status()).isEqualTo(200);
        assertThat(head.headers()).isEqualTo(getResponse.headers());
        assertThat(head.contentLength()).isEqualTo(getResponse.contentLength()).isPositive();
        assertThat(head.hasBody()).isFalse();
        assertThat(head.file()).isEmpty();
    }

    @Test
    void resolve_headMissingAsset_404WithoutBody() {
        PreviewResponse head = resolver.resolve("HEAD", "/assets/missing.js", Optional.empty());

        assertThat(head.status()).isEqualTo(404);
        assertThat(head.hasBody()).isFalse();
        assertThat(head.message()).isEmpty();
        assertThat(head.contentLength()).isEqualTo(get("/assets/missing.js").contentLength()).isPositive();
    }

    @Test
    void resolve_headWithMatchingEtag_304() {
        String etag = etagOf("/");

        assertThat(resolver.resolve("HEAD", "/", Optional.of(etag)).status()).isEqualTo(304);
    }

    // --- Methods ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "get", "head", ""})
    void resolve_otherMethod_405WithAllow(String method) {
        PreviewResponse response = resolver.resolve(method, "/", Optional.empty());

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "GET, HEAD")
                .containsEntry("Content-Type", "text/plain; charset=utf-8");
        assertThat(response.file()).isEmpty();
        assertThat(response.message()).isPresent();
    }

    @Test
    void resolve_postToSpaPath_405NotFallback() {
        PreviewResponse response = resolver.resolve("POST", "/about/team", Optional.empty());

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.file()).isEmpty();
    }

    // --- Not found --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/assets/missing.js", "/missing.css", "/docs/missing.html", "/index.html/", "/robots.txt/"})
    void resolve_missingFileWithExtension_404(String rawPath) {
        PreviewResponse response = get(rawPath);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.file()).isEmpty();
        assertThat(response.message()).contains("Not found\n");
        assertThat(response.headers()).containsEntry("Content-Type", "text/plain; charset=utf-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.env", "/assets/.secret.js", "/.git/config", "/.git", "/%2eenv", "/%2Egit/config",
            "/.well-known/anything"})
    void resolve_hiddenSegment_404(String rawPath) {
        PreviewResponse response = get(rawPath);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.file()).isEmpty();
    }

    // --- Malformed and hostile paths --------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "/..",
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/assets/../index.html",
        "/./index.html",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2E/secret.txt",
        "/.%2e/secret.txt",
        "/%2e/index.html",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/assets%2findex-DgN1KpR5.js",
        "/..%5csecret.txt",
        "/assets%5Cindex-DgN1KpR5.js",
        "/..\\secret.txt",
        "/assets\\index-DgN1KpR5.js",
        "/%00",
        "/index.html%00.png",
        "/index%00",
        "/%0a",
        "/a%7fb",
        "/a%c2%85b",
        "/%",
        "/%4",
        "/%zz",
        "/%g0",
        "/%c3",
        "/%ff",
        "/%c0%ae%c0%ae/secret.txt",
        "/%ed%a0%80",
        "/a b",
        "/a\tb",
        "/a\u0000b",
        "/caf\u00e9.txt",
        "index.html",
        "",
        "*",
        "http://example.com/index.html",
    })
    void resolve_malformedOrTraversalPath_400(String rawPath) {
        PreviewResponse get = get(rawPath);
        PreviewResponse head = resolver.resolve("HEAD", rawPath, Optional.empty());

        assertThat(get.status()).isEqualTo(400);
        assertThat(get.file()).isEmpty();
        assertThat(get.message()).contains("Bad request\n");
        assertThat(head.status()).isEqualTo(400);
        assertThat(head.hasBody()).isFalse();
    }

    @Test
    void resolve_doubleEncodedDots_decodedOnlyOnceAndNotFound() {
        PreviewResponse response = get("/%252e%252e/secret.txt");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.file()).isEmpty();
    }

    @Test
    void resolve_symlinkToFileOutsideRoot_neverServed() throws IOException {
        Files.createSymbolicLink(root.resolve("leak.txt"), secret);
        Files.createSymbolicLink(root.resolve("leak"), secret);
        Files.createSymbolicLink(root.resolve("relative-leak.txt"), fs.getPath("../secret.txt"));

        for (String path : List.of("/leak.txt", "/leak", "/relative-leak.txt")) {
            PreviewResponse response = get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.file()).as(path).isEmpty();
        }
    }

    @Test
    void resolve_symlinkToFolderOutsideRoot_neverServed() throws IOException {
        Files.createSymbolicLink(root.resolve("outside"), fs.getPath("/srv/other"));
        Files.createSymbolicLink(root.resolve("up"), fs.getPath(".."));

        for (String path : List.of("/outside", "/outside/", "/outside/index.html", "/up/secret.txt",
                "/up/other/index.html")) {
            PreviewResponse response = get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.file()).as(path).isEmpty();
        }
    }

    @Test
    void resolve_symlinkedIndexHtml_notServedEvenAsFallback() throws IOException {
        Files.delete(root.resolve("index.html"));
        Files.createSymbolicLink(root.resolve("index.html"), fs.getPath("/srv/other/index.html"));
        Files.delete(root.resolve("docs/index.html"));
        Files.createSymbolicLink(root.resolve("docs/index.html"), secret);

        for (String path : List.of("/", "/index.html", "/about/team", "/docs/", "/docs")) {
            PreviewResponse response = get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.file()).as(path).isEmpty();
        }
    }

    @Test
    void resolve_symlinkInsideRootPointingInside_refused() throws IOException {
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("robots.txt"));

        assertThat(get("/alias.txt").status()).isEqualTo(404);
    }

    @Test
    void resolve_rootReachedThroughSymlink_servesFilesUnderIt() throws IOException {
        Path link = Files.createSymbolicLink(fs.getPath("/srv/current"), root);

        PreviewResponse response = PreviewResolver.forRoot(link).resolve("GET", "/robots.txt", Optional.empty());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.file()).contains(link.resolve("robots.txt"));
    }

    @Test
    void forRoot_relativeRoot_madeAbsoluteAndNormalized() throws IOException {
        PreviewResolver relative = PreviewResolver.forRoot(fs.getPath("../srv/./site"));

        assertThat(relative.root()).isEqualTo(root);
        assertThat(relative.resolve("GET", "/robots.txt", Optional.empty()).file()).contains(root.resolve("robots.txt"));
    }

    static Stream<Arguments> hostilePaths() {
        List<String> paths = List.of(
                "/../secret.txt", "/../../srv/secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt",
                "/%2e%2e%2fsecret.txt", "/%2E%2E%2F%2E%2E%2Fsrv%2Fsecret.txt", "/..%5csecret.txt",
                "/..\\secret.txt", "/%252e%252e/secret.txt", "/..;/secret.txt", "/%2e%2e;/secret.txt",
                "/assets/../../other/index.html", "/../other/", "/../other", "/../site-backup/",
                "/..%2f..%2fsrv%2fsecret.txt", "/%c0%ae%c0%ae/secret.txt", "/%uff0e%uff0e/secret.txt",
                "/\u2025/secret.txt", "/%e2%80%a5/secret.txt", "/%ef%bc%8e%ef%bc%8e/secret.txt",
                "/.../secret.txt", "/....//secret.txt", "//srv/secret.txt", "///../secret.txt",
                "/%2f%2fsrv/secret.txt", "/%2fsrv%2fsecret.txt", "/secret.txt%00.html", "/leak.txt",
                "/leak", "/outside/index.html", "/outside/", "/up/secret.txt", "/up/site-backup/",
                "/about/../../secret.txt", "/about/%2e%2e/%2e%2e/secret.txt", "/assets/..", "/assets/%2e%2e",
                "/.", "/%2e", "/~/secret.txt", "/$HOME", "/secret.txt?/../../secret.txt",
                "/?../../secret.txt", "/#/../secret.txt", "/index.html#/../../secret.txt");
        return Stream.of("GET", "HEAD").flatMap(method -> paths.stream().map(path -> Arguments.of(method, path)));
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void resolve_hostilePath_neverNamesFileOutsideRoot(String method, String rawPath) throws IOException {
        Files.createSymbolicLink(root.resolve("leak.txt"), secret);
        Files.createSymbolicLink(root.resolve("leak"), secret);
        Files.createSymbolicLink(root.resolve("outside"), fs.getPath("/srv/other"));
        Files.createSymbolicLink(root.resolve("up"), fs.getPath(".."));

        PreviewResponse response = resolver.resolve(method, rawPath, Optional.empty());
        PreviewResponse asGet = get(rawPath);

        assertThat(response.status()).isIn(200, 400, 404);
        if (method.equals("HEAD")) {
            assertThat(response.file()).isEmpty();
            assertThat(response.status()).isEqualTo(asGet.status());
        }
        if (asGet.file().isPresent()) {
            Path file = asGet.file().get();
            assertThat(file.normalize()).startsWith(root);
            assertThat(file.toRealPath()).startsWith(root.toRealPath());
            assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
            assertThat(Files.readString(file)).doesNotContain(SECRET);
        }
    }

    // --- Arguments and PreviewResponse ---------------------------------------------------------------------------

    @Test
    void resolve_nullArguments_throwNullPointerException() {
        assertThatThrownBy(() -> PreviewResolver.forRoot(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> resolver.resolve(null, "/", Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> resolver.resolve("GET", null, Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> resolver.resolve("GET", "/", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void responseHeaders_resolved_unmodifiable() {
        Map<String, String> headers = get("/").headers();

        assertThatThrownBy(() -> headers.put("X-Extra", "1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void previewResponse_headersChangedAfterCreation_copyUnaffected() {
        Map<String, String> headers = new HashMap<>(Map.of("A", "1"));
        PreviewResponse response = new PreviewResponse(204, headers, Optional.empty(), Optional.empty(), 0);

        headers.put("B", "2");

        assertThat(response.headers()).containsOnlyKeys("A");
        assertThat(response.header("a")).contains("1");
        assertThat(response.header("b")).isEmpty();
        assertThat(response.hasBody()).isFalse();
    }

    @Test
    void error_plainTextReason_bodyAndLength() {
        PreviewResponse response = PreviewResponse.error(404, "Not here: café\n");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.message()).contains("Not here: café\n");
        assertThat(response.contentLength()).isEqualTo("Not here: café\n".getBytes(StandardCharsets.UTF_8).length);
        assertThat(response.headers()).containsEntry("Content-Type", "text/plain; charset=utf-8");
        assertThat(response.hasBody()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 304, 399, 600})
    void error_nonErrorStatus_throwsIllegalArgumentException(int status) {
        assertThatThrownBy(() -> PreviewResponse.error(status, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void previewResponse_inconsistentParts_throwIllegalArgumentException() {
        Path file = root.resolve("index.html");

        assertThatThrownBy(() -> new PreviewResponse(99, Map.of(), Optional.empty(), Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreviewResponse(200, Map.of(), Optional.empty(), Optional.empty(), -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreviewResponse(200, Map.of(), Optional.of(file), Optional.of("x"), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreviewResponse(404, Map.of(), Optional.empty(), Optional.of("xy"), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
