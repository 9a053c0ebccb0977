package dev.previewkit.backend.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A stand-in for a Docker engine on loopback, speaking just enough of the engine's HTTP API for the backend's
 * probe and start-up ({@code /_ping}, {@code /version} with a chosen {@code ApiVersion}, image inspection, empty
 * container and volume lists, volume creation and removal). Requests can be made to fail: the connection is
 * dropped without an answer, or the engine answers 500. Records every request as {@code METHOD path}.
 * Thread-safe.
 */
final class FakeEngine implements AutoCloseable {
    /** How the engine treats a request. */
    enum Answer {
        /** As an engine would (or 500 "not implemented" for what the fake does not know). */
        NORMAL,
        /** Closes the connection without answering. */
        DROP,
        /** Answers 500 with an engine-style error message, {@link #ERROR_MESSAGE}. */
        ERROR
    }

    static final String ERROR_MESSAGE = "fake engine: no space left on device";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSIONED = Pattern.compile("^/v[0-9.]+(/.*)$");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-docker-engine");
        thread.setDaemon(true);
        return thread;
    });
    private final String apiVersion;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> createdVolumes = new CopyOnWriteArrayList<>();
    private final List<String> removedVolumes = new CopyOnWriteArrayList<>();
    private final Map<Pattern, Answer> answers = new ConcurrentHashMap<>();

    FakeEngine(String apiVersion) {
        this.apiVersion = apiVersion;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The engine's address as {@code DOCKER_HOST} takes it. */
    String host() {
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Treats requests whose {@code METHOD path} (path without version prefix) matches {@code regex} so. */
    FakeEngine answer(String regex, Answer answer) {
        answers.put(Pattern.compile(regex), answer);
        return this;
    }

    /** Every request so far, as {@code METHOD path} with the path as sent, decoded (query left out). */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** The names of the volumes the engine was asked to create (whether it did or not). */
    List<String> createdVolumes() {
        return List.copyOf(createdVolumes);
    }

    /** The names of the volumes the engine was asked to remove. */
    List<String> removedVolumes() {
        return List.copyOf(removedVolumes);
    }

    /** The engine goes away: the port stops listening and open connections are closed. */
    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        requests.add(method + " " + path);
        var versioned = VERSIONED.matcher(path);
        String unversioned = versioned.matches() ? versioned.group(1) : path;
        if (method.equals("POST") && unversioned.equals("/volumes/create")) {
            createdVolumes.add(JSON.readTree(body).path("Name").asText());
        } else if (method.equals("DELETE") && unversioned.startsWith("/volumes/")) {
            removedVolumes.add(unversioned.substring("/volumes/".length()));
        }
        String request = method + " " + unversioned;
        Answer answer = answers.entrySet().stream().filter(entry -> entry.getKey().matcher(request).matches())
                .map(Map.Entry::getValue).findFirst().orElse(Answer.NORMAL);
        switch (answer) {
            case DROP -> {
                // An exception from the handler makes the JDK's server close the connection unanswered.
                throw new IOException("fake engine: dropping " + request);
            }
            case ERROR -> reply(exchange, 500, "{\"message\":\"" + ERROR_MESSAGE + "\"}");
            case NORMAL -> answerNormally(exchange, method, unversioned);
        }
    }

    private void answerNormally(HttpExchange exchange, String method, String path) throws IOException {
        if (path.equals("/_ping")) {
            exchange.getResponseHeaders().add("Api-Version", apiVersion);
            reply(exchange, 200, "OK", "text/plain");
        } else if (method.equals("GET") && path.equals("/version")) {
            reply(exchange, 200, "{\"Version\":\"99.0.0-fake\",\"ApiVersion\":\"" + apiVersion
                    + "\",\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\",\"Arch\":\"amd64\"}");
        } else if (method.equals("GET") && path.startsWith("/images/") && path.endsWith("/json")) {
            reply(exchange, 200, "{\"Id\":\"sha256:" + "0".repeat(64) + "\",\"RepoTags\":[]}");
        } else if (method.equals("GET") && path.equals("/containers/json")) {
            reply(exchange, 200, "[]");
        } else if (method.equals("GET") && path.equals("/volumes")) {
            reply(exchange, 200, "{\"Volumes\":[],\"Warnings\":[]}");
        } else if (method.equals("POST") && path.equals("/volumes/create")) {
            reply(exchange, 201, "{\"Name\":\"fake\",\"Driver\":\"local\",\"Mountpoint\":\"/fake\",\"Labels\":{}}");
        } else if (method.equals("DELETE") && path.startsWith("/volumes/")) {
            reply(exchange, 204, null);
        } else if (method.equals("DELETE") && path.startsWith("/containers/")) {
            reply(exchange, 404, "{\"message\":\"No such container\"}");
        } else {
            reply(exchange, 500, "{\"message\":\"fake engine: " + method + " " + path + " is not implemented\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        reply(exchange, status, json, "application/json");
    }

    private static void reply(HttpExchange exchange, int status, String text, String type) throws IOException {
        if (text == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
