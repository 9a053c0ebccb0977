package dev.previewkit.backend.localnpm;

import dev.previewkit.spi.EnvironmentDigest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment of child processes: only allow-listed variables of the JVM's environment, plus fixed
 * settings that keep package managers quiet and non-interactive. Nothing else leaks from the host.
 */
final class ChildEnvironment {
    /** Variables a build needs to find its tools, reach the registry through a proxy and trust its CA. */
    static final Set<String> DEFAULT_ALLOWED = Set.of(
            "PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
            "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR",
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy");

    private static final Map<String, String> FIXED = Map.of(
            "NO_UPDATE_NOTIFIER", "1",
            "npm_config_update_notifier", "false",
            "npm_config_fund", "false",
            "npm_config_audit", "false",
            "YARN_ENABLE_SCRIPTS", "false",
            "BROWSERSLIST_IGNORE_OLD_DATA", "1");

    private final Set<String> allowed;
    private final Map<String, String> explicit;

    ChildEnvironment(Set<String> allowed, Map<String, String> explicit) {
        this.allowed = Set.copyOf(new TreeSet<>(allowed));
        this.explicit = Map.copyOf(explicit);
    }

    /**
     * The environment for one process: allow-listed host variables, then the fixed settings, then explicit
     * values, with {@code TMPDIR} set to the build's own scratch folder.
     */
    Map<String, String> forProcess(Map<String, String> host, Path tmp) {
        Map<String, String> env = new LinkedHashMap<>();
        host.forEach((name, value) -> {
            if (allowed.contains(name)) {
                env.put(name, value);
            }
        });
        env.putAll(FIXED);
        env.putAll(explicit);
        env.put("TMPDIR", tmp.toString());
        return env;
    }

    /**
     * A short digest of the explicit values, empty when there are none: they shape what a build produces
     * ({@code VITE_*} variables are compiled into the bundle), so they belong in the cache keys, but never in
     * clear text.
     */
    String explicitDigest() {
        return EnvironmentDigest.of(explicit);
    }

    /** The search path child executables are found on. */
    String path(Map<String, String> host) {
        String path = explicit.getOrDefault("PATH", allowed.contains("PATH") ? host.get("PATH") : null);
        return path == null ? "" : path;
    }
}
