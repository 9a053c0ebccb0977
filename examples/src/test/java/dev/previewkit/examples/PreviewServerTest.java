package dev.previewkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.previewkit.BuildListener;
import dev.previewkit.ProjectFile;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preview server's build API and serving, over HTTP, with real builds of the bundled sample app. */
class PreviewServerTest {
    @TempDir
    static Path workDirectory;

    private static PreviewServer server;
    private static TestClient client;

    @BeforeAll
    static void startAndBuildSample() throws Exception {
        server = PreviewServer.start(workDirectory, 0, 2, new BuildListener() {});
        client = new TestClient(server);
        assertThat(client.submit("api", sampleFiles()).statusCode()).isEqualTo(202);
        Map<?, ?> status = client.awaitBuilt("api");
        assertThat(status.get("state")).as(String.valueOf(status)).isEqualTo("SUCCEEDED");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, String> sampleFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        for (ProjectFile file : SampleApp.files().files()) {
            files.put(file.path(), file.contentAsString());
        }
        return files;
    }

    @Test
    void status_builtSession_reportsStateVersionsTimingsAndLog() throws Exception {
        Map<?, ?> status = Http.JSON.readValue(client.get("/api/build/api/status").body(), Map.class);

        assertThat(status.get("state")).isEqualTo("SUCCEEDED");
        assertThat(status.get("current")).isEqualTo(status.get("version"));
        assertThat(status.get("building")).isNull();
        assertThat(((Map<?, ?>) status.get("timingsMillis")).keySet()).map(String::valueOf).contains("INSTALL", "BUILD");
        assertThat(String.valueOf(status.get("logTail"))).contains("built in");
    }

    @Test
    void get_pathMountedPreview_servesIndexDeepLinksAndAssets() throws Exception {
        HttpResponse<String> index = client.get("/preview/api/");
        HttpResponse<String> deep = client.get("/preview/api/about");

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<div id=\"root\"></div>").contains("/preview/api/assets/");
        assertThat(index.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(deep.statusCode()).isEqualTo(200);
        assertThat(deep.body()).isEqualTo(index.body());
        String script = index.body().replaceAll("(?s).*src=\"/preview/api/(assets/[^\"]+\\.js)\".*", "$1");
        HttpResponse<String> asset = client.get("/preview/api/" + script);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.body()).contains("Welcome to the Previewkit sample");
        assertThat(asset.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        String etag = asset.headers().firstValue("ETag").orElseThrow();
        assertThat(client.get("/preview/api/" + script, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(client.get("/preview/api/assets/missing.js").statusCode()).isEqualTo(404);
        assertThat(client.get("/preview/api/%2e%2e/%2e%2e/etc/passwd").statusCode()).isIn(400, 404);
    }

    @Test
    void get_ownOriginPreview_servesBaseSlashBuildWithFallback() throws Exception {
        String[] index = client.getWithHost("api.localhost:" + server.port(), "/");
        String[] deep = client.getWithHost("api.localhost:" + server.port(), "/about");

        assertThat(index[0]).contains("200");
        assertThat(index[1]).contains("src=\"/assets/").doesNotContain("/preview/api/");
        assertThat(deep[0]).contains("200");
        assertThat(deep[1]).isEqualTo(index[1]);
        assertThat(client.getWithHost("nobody.localhost", "/")[0]).contains("404");
    }

    @Test
    void get_ownOriginScript_isThePathMountedScriptWithItsBaseRewritten() throws Exception {
        String index = client.get("/preview/api/").body();
        String script = index.replaceAll("(?s).*src=\"/preview/api/(assets/[^\"]+\\.js)\".*", "$1");
        String mounted = client.get("/preview/api/" + script).body();

        String[] own = client.getWithHost("api.localhost:" + server.port(), "/" + script);

        assertThat(mounted).as("the router's base in the mounted script")
                .containsPattern("basename:\\s*[\"'`]/preview/api/[\"'`]");
        assertThat(own[0]).contains("200");
        assertThat(own[1]).as("the router's base in the own origin's script").containsPattern("basename:\\s*[\"'`]/[\"'`]");
        assertThat(own[1].equals(mounted.replace("/preview/api/", "/"))).as("rebased, nothing else changed").isTrue();
    }

    @Test
    void post_zipUpload_buildsToo() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : sampleFiles().entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }

        HttpResponse<String> accepted = client.post("/api/build/zipped", "application/zip", bytes.toByteArray());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(client.awaitBuilt("zipped").get("state")).isEqualTo("SUCCEEDED");
    }

    @Test
    void post_badInput_answersClearJsonErrors() throws Exception {
        HttpResponse<String> escaping = client.submit("bad", Map.of("../outside.txt", "x", "package.json", "{}"));
        HttpResponse<String> malformed = client.post("/api/build/bad", "application/json",
                "{\"package.json\": ".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> notStrings = client.post("/api/build/bad", "application/json",
                "{\"a.txt\": 1}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> brokenManifest = client.submit("bad", Map.of("package.json", "{\"dependencies\": [",
                "src/App.tsx", "x"));
        HttpResponse<String> unsafe = client.submit("bad", Map.of("package.json",
                "{\"dependencies\": {\"x\": \"file:../../etc\"}}"));
        HttpResponse<String> tooLarge = client.post("/api/build/bad", "application/json",
                new byte[UploadedProject.MAX_JSON_BYTES + 1]);
        HttpResponse<String> badSession = client.submit("Bad_Session", sampleFiles());

        assertThat(escaping.statusCode()).isEqualTo(400);
        assertThat(Http.JSON.readValue(escaping.body(), Map.class)).containsEntry("rule", "DOT_SEGMENT")
                .containsEntry("path", "../outside.txt");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not valid JSON");
        assertThat(notStrings.statusCode()).isEqualTo(400);
        assertThat(brokenManifest.statusCode()).isEqualTo(400);
        assertThat(brokenManifest.body()).contains("INVALID_PACKAGE_JSON");
        assertThat(unsafe.statusCode()).isEqualTo(400);
        assertThat(unsafe.body()).contains("UNSAFE_DEPENDENCY");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(badSession.statusCode()).isEqualTo(400);
        assertThat(client.get("/api/build/bad/status").statusCode()).as("rejected input makes no session").isEqualTo(404);
    }

    @Test
    void get_unknownSessionOrRoute_is404AndWrongMethodIs405() throws Exception {
        assertThat(client.get("/api/build/nobody/status").statusCode()).isEqualTo(404);
        assertThat(client.get("/api/build/nobody/events").statusCode()).isEqualTo(404);
        assertThat(client.get("/preview/nobody/").statusCode()).isEqualTo(404);
        assertThat(client.get("/api/build/api").statusCode()).isEqualTo(405);
        assertThat(client.get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void events_streamStatesAndLogLinesOfANewBuild() throws Exception {
        assertThat(client.submit("streamed", sampleFiles()).statusCode()).isEqualTo(202);
        client.awaitBuilt("streamed");
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<InputStream>> stream = http.sendAsync(
                HttpRequest.newBuilder(client.uri("/api/build/streamed/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response = stream.get(10, TimeUnit.SECONDS);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        Map<String, String> changed = sampleFiles();
        changed.put("src/pages/About.tsx", changed.get("src/pages/About.tsx").replace("About this preview",
                "About this streamed preview"));
        assertThat(client.submit("streamed", changed).statusCode()).isEqualTo(202);

        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.contains("\"state\":\"SUCCEEDED\"")) {
                    break;
                }
            }
        }

        assertThat(lines).contains("event: state").contains("event: log");
        assertThat(lines).anyMatch(line -> line.contains("\"state\":\"QUEUED\""));
        assertThat(lines).anyMatch(line -> line.contains("\"state\":\"SUCCEEDED\""));
        assertThat(lines.indexOf("event: log")).isLessThan(lines.size() - 1);
    }
}
