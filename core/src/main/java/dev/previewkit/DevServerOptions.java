package dev.previewkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a session's {@link DevServer} runs. Immutable.
 *
 * @param allowedHosts host names the dev server answers when a proxy forwards them, besides {@code localhost}, its
 *                     subdomains and loopback addresses, which it always answers (Vite's {@code server.allowedHosts};
 *                     a leading {@code .} allows a domain and its subdomains, such as {@code .preview.example.com})
 * @param startTimeout how long installing the dependencies (when they are not stored yet) and starting the server
 *                     may take before {@link PreviewSession#startDevServer} gives up
 */
public record DevServerOptions(List<String> allowedHosts, Duration startTimeout) {
    /** No extra host names, two minutes to start. */
    public static final DevServerOptions DEFAULT = new DevServerOptions(List.of(), Duration.ofMinutes(2));

    public DevServerOptions {
        allowedHosts = List.copyOf(allowedHosts);
        for (String host : allowedHosts) {
            if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '"' || c == '\\')) {
                throw new IllegalArgumentException("not a host name: '" + host + "'");
            }
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
        }
    }

    /** These options, also answering {@code host}. */
    public DevServerOptions withAllowedHost(String host) {
        List<String> hosts = new ArrayList<>(allowedHosts);
        hosts.add(host);
        return new DevServerOptions(hosts, startTimeout);
    }
}
