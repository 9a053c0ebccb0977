package dev.previewkit.tck;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.previewkit.PreviewResolver;
import dev.previewkit.PhaseTimeout;
import dev.previewkit.PreviewResponse;
import dev.previewkit.spi.Launch;
import dev.previewkit.spi.ProcessLauncher;
import dev.previewkit.spi.StepFailedException;
import dev.previewkit.spi.TimedContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Renders a built artifact in Debian's headless Chromium ({@code apt-get install chromium}): serves it on a
 * loopback port through the core's {@link PreviewResolver} (with its SPA fallback) and returns the DOM after
 * scripts ran ({@code --headless --dump-dom}). One Chromium process per call, run through the core's
 * {@link ProcessLauncher}, whose whole tree is killed after 60 s.
 */
final class PreviewBrowser {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private PreviewBrowser() {}

    /**
     * The DOM of {@code path} (such as {@code /} or a deep link) of the artifact at {@code root}, once its scripts
     * ran.
     *
     * @throws IllegalStateException when Chromium is not installed or does not finish within 60 s
     */
    static String render(Path root, String path, Path profile) throws IOException, InterruptedException {
        Path chromium = CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("Chromium is not installed (apt-get install chromium):"
                        + " the kit renders previews of backends that run Vite"));
        PreviewResolver resolver = PreviewResolver.forRoot(root);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                send(exchange, resolver.resolve(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        Optional.ofNullable(exchange.getRequestHeaders().getFirst("If-None-Match"))));
            }
        });
        server.start();
        try (TimedContext context = TimedContext.builder("chromium", PhaseTimeout.of(DEADLINE, DEADLINE))
                .scratchDirectory(profile)
                .start()) {
            Files.createDirectories(profile);
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
            ByteArrayOutputStream dom = new ByteArrayOutputStream();
            ProcessLauncher.local().launch(Launch.builder(List.of(chromium.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--user-data-dir=" + profile.resolve("profile"),
                    "--virtual-time-budget=10000", "--dump-dom", url))
                    .directory(profile)
                    .environment(System.getenv())
                    .stdout(dom)
                    .build(), context);
            return dom.toString(StandardCharsets.UTF_8);
        } catch (StepFailedException e) {
            throw new IllegalStateException("Chromium did not render " + path + ": " + e.getMessage(), e);
        } finally {
            server.stop(0);
        }
    }

    private static void send(HttpExchange exchange, PreviewResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean body = response.hasBody() && !"HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), body ? response.contentLength() : -1);
        if (body) {
            try (OutputStream out = exchange.getResponseBody()) {
                if (response.file().isPresent()) {
                    Files.copy(response.file().get(), out);
                } else {
                    out.write(response.message().orElseThrow().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }
}
