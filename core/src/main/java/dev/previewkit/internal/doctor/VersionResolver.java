package dev.previewkit.internal.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.previewkit.PreviewException;
import dev.previewkit.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version the doctor writes for a package it adds: from a small pinned table of the packages AI code uses
 * most, else the registry's latest (looked up once per package and process), else the {@code latest} tag for
 * the package manager to resolve. Thread-safe.
 */
public final class VersionResolver {
    private static final Logger LOG = LoggerFactory.getLogger(VersionResolver.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> PINNED = loadPinned();

    private final URI registry;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<String, String> looked = new ConcurrentHashMap<>();

    /** @param registry the npm registry's base address, such as {@code https://registry.npmjs.org/} */
    public VersionResolver(URI registry) {
        this.registry = registry.toString().endsWith("/") ? registry : URI.create(registry + "/");
    }

    /** The version to declare for {@code packageName}, and where it came from. */
    public Resolved resolve(String packageName) {
        String pinned = PINNED.get(packageName);
        if (pinned != null) {
            return new Resolved(pinned, "pinned");
        }
        String latest = looked.computeIfAbsent(packageName, name -> lookUp(name).orElse(""));
        return latest.isEmpty() ? new Resolved("latest", "no version from the registry; left to the package manager")
                : new Resolved(latest, "registry latest");
    }

    /** A version and its source. */
    public record Resolved(String version, String source) {}

    private Optional<String> lookUp(String name) {
        URI uri = registry.resolve(URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%40", "@") + "/latest");
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.info("Registry answered {} for {}", response.statusCode(), uri);
                return Optional.empty();
            }
            JsonNode version = Json.MAPPER.readTree(response.body()).path("version");
            return version.isTextual() ? Optional.of(version.asText()) : Optional.empty();
        } catch (IOException e) {
            LOG.info("Cannot look up {}: {}", uri, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Map<String, String> loadPinned() {
        Properties table = new Properties();
        try (InputStream in = VersionResolver.class.getResourceAsStream("/dev/previewkit/doctor/pinned-versions.properties")) {
            table.load(in);
        } catch (IOException | NullPointerException e) {
            throw new PreviewException("The doctor's pinned version table is missing", e);
        }
        Map<String, String> pinned = new ConcurrentHashMap<>();
        table.stringPropertyNames().forEach(name -> pinned.put(name, table.getProperty(name)));
        return Map.copyOf(pinned);
    }
}
