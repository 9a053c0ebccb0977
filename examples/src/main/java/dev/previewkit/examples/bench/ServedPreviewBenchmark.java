package dev.previewkit.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.previewkit.BuildListener;
import dev.previewkit.BuildPhase;
import dev.previewkit.ProjectFile;
import dev.previewkit.examples.PreviewServer;
import dev.previewkit.examples.SampleApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times the example {@link PreviewServer} end to end, over HTTP only: from {@code POST /api/build/{session}} of
 * the sample app with one changed text until <em>both</em> its previews serve the new version, the own origin
 * ({@code http://bench.localhost:PORT/}) and the path mount ({@code /preview/bench/}). A preview counts as served
 * once its {@code index.html} names a script whose content holds the new text (polled every 20 ms). Each run changes the text, so no
 * run is a cache hit; a first, untimed submission stores the dependencies. Also counts the builds that ran
 * (those with a {@code BUILD} phase) per submission.
 *
 * <pre>
 * ./mvnw -q -pl examples -am -DskipTests package exec:java \
 *     -Dexec.mainClass=dev.previewkit.examples.bench.ServedPreviewBenchmark -Dexec.args="--runs 10"
 * </pre>
 */
public final class ServedPreviewBenchmark {
    private static final String SESSION = "bench";
    private static final String PAGE = "src/pages/Home.tsx";
    private static final String TEXT = "Welcome to the Previewkit sample";
    private static final Pattern SCRIPT = Pattern.compile("<script[^>]*src=\"([^\"]+)\"");
    private static final Duration GIVE_UP = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final PreviewServer server;
    /** Scripts that were fetched and lacked the text: hashed names, so they never gain it. */
    private final Set<URI> stale = new HashSet<>();

    private ServedPreviewBenchmark(PreviewServer server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length == 2 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 10;
        // The own-origin preview is chosen by the Host header, which the JDK's client sends only when allowed.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Path work = Files.createTempDirectory("previewkit-served-bench-");
        AtomicInteger builds = new AtomicInteger();
        BuildListener counter = new BuildListener() {
            @Override
            public void phaseStarted(String buildId, BuildPhase phase) {
                if (phase == BuildPhase.BUILD) {
                    builds.incrementAndGet();
                }
            }
        };
        try (PreviewServer server = PreviewServer.start(work, 0, 2, counter)) {
            ServedPreviewBenchmark bench = new ServedPreviewBenchmark(server);
            System.out.printf("first version (installs): %s ms%n", Stats.ms(bench.submitAndAwait("first") / 1e6));
            List<Long> own = new ArrayList<>();
            List<Long> path = new ArrayList<>();
            List<Long> both = new ArrayList<>();
            int before = builds.get();
            for (int run = 1; run <= runs; run++) {
                long[] served = bench.submitAndAwaitEach("run " + run);
                own.add(served[0]);
                path.add(served[1]);
                both.add(Math.max(served[0], served[1]));
            }
            System.out.printf("%d runs, %d builds (%.1f per submission), ms median (min to max):%n", runs,
                    builds.get() - before, (builds.get() - before) / (double) runs);
            print("own origin served", own);
            print("path mount served", path);
            print("both served", both);
        } finally {
            BenchFiles.deleteTree(work);
        }
    }

    private static void print(String label, List<Long> nanos) {
        Stats stats = Stats.ofNanos(nanos);
        System.out.printf("  %-18s %8s  (%s to %s)%n", label, Stats.ms(stats.median()), Stats.ms(stats.min()),
                Stats.ms(stats.max()));
    }

    private long submitAndAwait(String marker) throws Exception {
        long[] served = submitAndAwaitEach(marker);
        return Math.max(served[0], served[1]);
    }

    /** Nanoseconds from the submission until the own origin, then the path mount, served {@code marker}. */
    private long[] submitAndAwaitEach(String marker) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (ProjectFile file : SampleApp.files().files()) {
            files.put(file.path(), file.contentAsString());
        }
        String text = TEXT + " (" + marker + ")";
        files.put(PAGE, files.get(PAGE).replace(TEXT, text));
        long start = System.nanoTime();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/build/" + SESSION))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(files))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new BenchmarkFailure("The server refused the submission: " + accepted.body());
        }
        long[] served = {-1, -1};
        URI ownOrigin = URI.create("http://127.0.0.1:" + server.port() + "/");
        String host = SESSION + ".localhost:" + server.port();
        URI pathMount = server.uri().resolve("/preview/" + SESSION + "/");
        while (served[0] < 0 || served[1] < 0) {
            if (System.nanoTime() - start > GIVE_UP.toNanos()) {
                throw new BenchmarkFailure("The previews did not serve '" + text + "' within " + GIVE_UP);
            }
            if (served[0] < 0 && serves(ownOrigin, host, text)) {
                served[0] = System.nanoTime() - start;
            }
            if (served[1] < 0 && serves(pathMount, null, text)) {
                served[1] = System.nanoTime() - start;
            }
            Thread.sleep(20);
        }
        return served;
    }

    /** Whether the index.html at {@code page} names a script that holds {@code text}. */
    private boolean serves(URI page, String host, String text) throws IOException, InterruptedException {
        HttpResponse<String> index = get(page, host);
        Matcher script = SCRIPT.matcher(index.body());
        if (index.statusCode() != 200 || !script.find()) {
            return false;
        }
        URI code = page.resolve(script.group(1));
        if (stale.contains(code)) {
            return false;
        }
        HttpResponse<String> response = get(code, host);
        if (response.statusCode() == 200 && response.body().contains(text)) {
            return true;
        }
        if (response.statusCode() == 200) {
            stale.add(code);
        }
        return false;
    }

    private HttpResponse<String> get(URI uri, String host) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (host != null) {
            request.header("Host", host);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
