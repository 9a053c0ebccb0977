package dev.previewkit.internal.doctor;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Maps import specifiers to the npm packages they need. */
public final class PackageNames {

    /** Node 20's builtin modules importable without {@code node:} (those only reachable with it need no list). */
    private static final Set<String> NODE_BUILTINS = Set.of(
            "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto",
            "dgram", "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2", "https", "inspector",
            "module", "net", "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl",
            "stream", "string_decoder", "sys", "timers", "tls", "trace_events", "tty", "url", "util", "v8", "vm",
            "wasi", "worker_threads", "zlib");
    /** A URL-style scheme such as {@code https:}, {@code data:}, {@code virtual:} or {@code node:}. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:");
    private static final Pattern NAME_PART = Pattern.compile("[a-z0-9\\-._]+");
    /** A scope may also hold the URL-safe characters that npm forbids only in the name part. */
    private static final Pattern SCOPE_PART = Pattern.compile("[a-z0-9\\-._~'!()*]+");
    private static final int MAX_LENGTH = 214;

    private PackageNames() {}

    /**
     * The npm package {@code specifier} needs, or empty when it needs none: relative or absolute paths, URLs and
     * other {@code scheme:} specifiers (including {@code node:}), Node builtins and their subpaths, aliased
     * specifiers, and anything whose package part is not a valid npm name. A {@code ?query} or {@code #hash} suffix
     * is ignored.
     *
     * @param aliasPrefixes as produced by {@link AliasPrefixes#from}: an entry ending in {@code $} matches only the
     *     specifier before the {@code $} exactly; any other entry matches every specifier starting with it
     */
    public static Optional<String> packageOf(String specifier, Set<String> aliasPrefixes) {
        if (specifier == null) {
            return Optional.empty();
        }
        String s = withoutSuffix(specifier);
        if (s.isEmpty() || s.startsWith(".") || s.startsWith("/") || SCHEME.matcher(s).lookingAt()
                || isAliased(s, aliasPrefixes)) {
            return Optional.empty();
        }
        int slash = s.indexOf('/');
        if (NODE_BUILTINS.contains(slash < 0 ? s : s.substring(0, slash))) {
            return Optional.empty();
        }
        int end = slash;
        if (s.startsWith("@") && slash >= 0) {
            end = s.indexOf('/', slash + 1);
        }
        String name = end < 0 ? s : s.substring(0, end);
        return isValidPackageName(name) ? Optional.of(name) : Optional.empty();
    }

    /**
     * Whether {@code name} is valid for a new npm package: 1 to 214 characters, lowercase and URL-safe, not starting
     * with {@code .} or {@code _}, not {@code node_modules} or {@code favicon.ico}, either unscoped or
     * {@code @scope/name} with non-empty parts, and no {@code ~'!()*} in the name part. Legacy names such as
     * {@code JSONStream} are therefore rejected.
     */
    public static boolean isValidPackageName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || name.startsWith(".")
                || name.startsWith("_") || name.equals("node_modules") || name.equals("favicon.ico")) {
            return false;
        }
        if (!name.startsWith("@")) {
            return NAME_PART.matcher(name).matches();
        }
        int slash = name.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String scope = name.substring(1, slash);
        String part = name.substring(slash + 1);
        return SCOPE_PART.matcher(scope).matches() && NAME_PART.matcher(part).matches()
                && !scope.startsWith(".") && !part.startsWith(".");
    }

    private static String withoutSuffix(String specifier) {
        String s = specifier;
        int query = s.indexOf('?');
        if (query >= 0) {
            s = s.substring(0, query);
        }
        int hash = s.indexOf('#', 1); // a leading '#' is a subpath import, not a suffix
        return hash > 0 ? s.substring(0, hash) : s;
    }

    private static boolean isAliased(String specifier, Set<String> aliasPrefixes) {
        if (aliasPrefixes == null) {
            return false;
        }
        for (String alias : aliasPrefixes) {
            if (alias == null || alias.isEmpty()) {
                continue;
            }
            boolean matches = alias.endsWith("$")
                    ? specifier.equals(alias.substring(0, alias.length() - 1))
                    : specifier.startsWith(alias);
            if (matches) {
                return true;
            }
        }
        return false;
    }
}
