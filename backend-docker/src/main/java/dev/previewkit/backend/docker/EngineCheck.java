package dev.previewkit.backend.docker;

import com.github.dockerjava.api.model.Version;
import dev.previewkit.spi.Availability;
import java.util.Objects;

/** Whether builds can run on an engine: it answers, speaks a recent enough API, and has the image. */
final class EngineCheck {
    /** The oldest engine API the backend uses (Docker 20.10, podman 4). */
    static final String MIN_API = "1.41";

    private EngineCheck() {}

    /** The engine's availability for builds with {@code image}; the reason names the engine and what to do. */
    static Availability of(Engine engine, String image) {
        Version version;
        try {
            version = engine.version();
        } catch (RuntimeException e) {
            return Availability.unavailable("Docker engine unreachable at " + engine.host() + ": " + e.getMessage()
                    + ". Start dockerd, or point DOCKER_HOST at a running engine");
        }
        String api = Objects.requireNonNullElse(version.getApiVersion(), "unknown");
        if (!ApiVersions.atLeast(api, MIN_API)) {
            return Availability.unavailable("Docker engine at " + engine.host() + " speaks API " + api
                    + ", too old: Previewkit needs API " + MIN_API + " or newer (Docker 20.10, podman 4)");
        }
        try {
            if (!engine.hasImage(image)) {
                return Availability.unavailable("Image " + image + " is not on the Docker engine at " + engine.host()
                        + ": pull or build it there first (docker pull " + image + ")");
            }
        } catch (RuntimeException e) {
            return Availability.unavailable("Docker engine at " + engine.host() + " cannot look up image " + image
                    + ": " + e.getMessage());
        }
        return Availability.available("Docker " + version.getVersion() + " (API " + api + ") at " + engine.host()
                + ", image " + image);
    }
}
