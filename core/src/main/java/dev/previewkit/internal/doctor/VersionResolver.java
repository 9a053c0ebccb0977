package dev.previewkit.internal.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versions the doctor writes for packages it adds: from a small pinned table of the packages AI code uses
 * most, else the registry's latest, else the {@code latest} tag for the package manager to resolve.
 *
 * <p>The packages of one call are looked up at the same time, asynchronously, and the call waits for all of them
 * together at most {@link Settings#deadline()}: a project importing many unknown packages costs one deadline, not
 * one per package. At most {@value #MAX_LOOKUPS} are looked up per call. Answers are kept in a bounded cache, a
 * version for {@link Settings#foundFor()}, a failure (404, an error, a malformed answer) only for
 * {@link Settings#failedFor()}; concurrent calls for one package share one request, and no request is made while
 * the cache holds a lock. Thread-safe.
 */
public final class VersionResolver {
    private static final Logger LOG = LoggerFactory.getLogger(VersionResolver.class);
    private static final Map<String, String> PINNED = loadPinned();
    /** Look-ups started by one call at most; more packages than this are left to the package manager. */
    static final int MAX_LOOKUPS = 64;
    /** How long one request may take: longer than a call waits, so a late answer still serves the next call. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How a resolver waits and remembers.
     *
     * @param deadline   how long one call waits for all of its look-ups together
     * @param foundFor   how long a version found is reused
     * @param failedFor  how long a failed look-up is remembered before the registry is asked again
     * @param maxEntries how many packages the cache holds at most
     */
    public record Settings(Duration deadline, Duration foundFor, Duration failedFor, long maxEntries) {
        /** Ten seconds per call, versions for an hour, failures for a minute, 10,000 packages. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), Duration.ofHours(1),
                Duration.ofMinutes(1), 10_000);
    }

    /**
     * A version and where it came from.
     *
     * @param found whether it is a version (pinned or from the registry) rather than {@code latest} left to the
     *              package manager; {@code source} then says why none was found
     */
    public record Resolved(String version, String source, boolean found) {
        static Resolved unresolved(String why) {
            return new Resolved("latest", "no version from the registry (" + why + "); left to the package manager",
                    false);
        }
    }

    /** What the registry answered: a version, or why there is none. */
    private record Lookup(Optional<String> version, String problem) {
        static Lookup failed(String problem) {
            return new Lookup(Optional.empty(), problem);
        }
    }

    private final URI registry;
    private final Settings settings;
    private final HttpClient http;
    private final AsyncCache<String, Lookup> cache;

    /** @param registry the npm registry's base address, such as {@code https://registry.npmjs.org/} */
    public VersionResolver(URI registry) {
        this(registry, Settings.DEFAULT);
    }

    public VersionResolver(URI registry, Settings settings) {
        this.registry = registry.toString().endsWith("/") ? registry : URI.create(registry + "/");
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfter(new Expiry<String, Lookup>() {
                    @Override
                    public long expireAfterCreate(String name, Lookup lookup, long now) {
                        return (lookup.version().isPresent() ? settings.foundFor() : settings.failedFor()).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String name, Lookup lookup, long now, long left) {
                        return expireAfterCreate(name, lookup, now);
                    }

                    @Override
                    public long expireAfterRead(String name, Lookup lookup, long now, long left) {
                        return left;
                    }
                })
                .buildAsync();
    }

    /**
     * The version to declare for each of {@code names}, waiting at most {@link Settings#deadline()} in all; a
     * package whose look-up did not answer in time is {@code latest} (its look-up goes on for up to 30 s, and its
     * answer serves the next call).
     */
    public Map<String, Resolved> resolveAll(Collection<String> names) {
        Map<String, Resolved> resolved = new HashMap<>();
        Map<String, CompletableFuture<Lookup>> pending = new LinkedHashMap<>();
        for (String name : new LinkedHashSet<>(names)) {
            String pinned = PINNED.get(name);
            if (pinned != null) {
                resolved.put(name, new Resolved(pinned, "pinned", true));
            } else if (pending.size() < MAX_LOOKUPS) {
                pending.put(name, cache.get(name, (key, executor) ->
                        CompletableFuture.completedFuture(key).thenComposeAsync(this::lookUp, executor)));
            } else {
                resolved.put(name, Resolved.unresolved("not looked up: more than " + MAX_LOOKUPS
                        + " packages to look up at once"));
            }
        }
        long giveUp = System.nanoTime() + settings.deadline().toNanos();
        pending.forEach((name, lookup) -> resolved.put(name, await(lookup, giveUp)));
        return Map.copyOf(resolved);
    }

    private Resolved await(CompletableFuture<Lookup> pending, long giveUp) {
        try {
            Lookup lookup = pending.get(Math.max(0, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
            return lookup.version().map(version -> new Resolved(version, "registry latest", true))
                    .orElseGet(() -> Resolved.unresolved(lookup.problem()));
        } catch (TimeoutException e) {
            return Resolved.unresolved("no answer within " + settings.deadline().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Resolved.unresolved("interrupted");
        } catch (ExecutionException e) {
            return Resolved.unresolved(e.getCause().toString());  // only a bug in lookUp, which handles its errors
        }
    }

    /** Asks the registry, without blocking; never completes exceptionally. */
    private CompletableFuture<Lookup> lookUp(String name) {
        URI uri = registry.resolve(URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%40", "@") + "/latest");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> parse(uri, response))
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    LOG.info("Cannot look up {}: {}", uri, cause.toString());
                    return Lookup.failed("cannot reach it: " + cause.getClass().getSimpleName());
                });
    }

    private static Lookup parse(URI uri, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            LOG.info("Registry answered {} for {}", response.statusCode(), uri);
            return Lookup.failed("it answered " + response.statusCode());
        }
        try {
            JsonNode version = Json.MAPPER.readTree(response.body()).path("version");
            return version.isTextual() ? new Lookup(Optional.of(version.asText()), "")
                    : Lookup.failed("its answer names no version");
        } catch (IOException e) {
            return Lookup.failed("its answer is not JSON");
        }
    }

    /** How many packages the cache holds now, after pending evictions (for tests). */
    long cached() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }

    private static Map<String, String> loadPinned() {
        Properties table = new Properties();
        try (InputStream in = VersionResolver.class.getResourceAsStream("/dev/previewkit/doctor/pinned-versions.properties")) {
            table.load(in);
        } catch (IOException | NullPointerException e) {
            throw new PreviewException("The doctor's pinned version table is missing", e);
        }
        Map<String, String> pinned = new HashMap<>();
        table.stringPropertyNames().forEach(name -> pinned.put(name, table.getProperty(name)));
        return Map.copyOf(pinned);
    }
}
