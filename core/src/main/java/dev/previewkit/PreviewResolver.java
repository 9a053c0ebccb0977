package dev.previewkit;

import dev.previewkit.internal.digest.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides how to answer a request for a built preview ({@link Artifact#root()}), without depending on any HTTP
 * stack: give it the method, the raw request path and the {@code If-None-Match} header, and send back the
 * {@link PreviewResponse} it returns.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Only {@code GET} and {@code HEAD} are served (method names are case-sensitive); any other method gets
 *       {@code 405} with {@code Allow: GET, HEAD}.</li>
 *   <li>{@code /} and a folder get the folder's {@code index.html}; a regular file gets {@code 200} with a
 *       {@code Content-Type} from a built-in extension table ({@code application/octet-stream} for unknown
 *       extensions), a strong {@code ETag}, a {@code Cache-Control} and {@code X-Content-Type-Options: nosniff}.
 *       </li>
 *   <li>Hashed assets, that is files under {@code assets/} and files whose name has a build hash before the
 *       extension (a {@code -} followed by at least 8 of {@code [A-Za-z0-9_-]} with at least one digit or capital
 *       letter, as in {@code index-DgN1KpR5.js}), get {@code Cache-Control: public, max-age=31536000, immutable};
 *       {@code index.html} and every other file get {@code Cache-Control: no-cache}.</li>
 *   <li>An {@code If-None-Match} that matches the {@code ETag} (one tag, a list, or {@code *}; weak comparison)
 *       gets {@code 304} with the {@code ETag} and {@code Cache-Control} and no body.</li>
 *   <li>{@code HEAD} gets the status and headers {@code GET} would get, without a body but with its
 *       {@link PreviewResponse#contentLength() length}.</li>
 *   <li>A path that matches no file gets the root's {@code index.html} if its last segment has no extension (so
 *       client-side routes such as {@code /about/team} survive a reload), and {@code 404} otherwise (a missing
 *       {@code /assets/missing.js} stays a 404).</li>
 * </ul>
 *
 * <h2>Security</h2>
 *
 * <p>No answer ever names a file outside the root. The path (the part before any {@code ?} query, which is
 * ignored) must start with {@code /} and hold only visible ASCII characters; it is split on {@code /} and each
 * segment is percent-decoded exactly once as UTF-8. The answer is {@code 400} for a malformed or non-UTF-8
 * escape, a raw or encoded backslash, an encoded slash ({@code %2f}), a control character such as {@code %00},
 * and a {@code .} or {@code ..} segment (also when written {@code %2e%2e}). The answer is {@code 404} for a
 * hidden segment (one starting with {@code .}, such as {@code .env} or {@code .git}) and for any symbolic link
 * below the root, wherever it points: artifacts hold regular files only. The file system is checked one segment
 * at a time without following links, and every candidate must stay under the normalized root. The root itself
 * may be reached through a link. Empty segments ({@code //}) are skipped.
 *
 * <h2>ETag</h2>
 *
 * <p>The strong {@code ETag} is a quoted hash of the file's absolute path (so it differs between artifacts),
 * size and last-modified time. It is the same across calls and resolvers while the file is unchanged.
 *
 * <h2>Thread safety</h2>
 *
 * <p>Instances are immutable and thread-safe; {@link #resolve} reads file attributes on each call, never file
 * contents, and keeps no state between calls.
 */
public final class PreviewResolver {
    private static final String NO_CACHE = "no-cache";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String INDEX = "index.html";
    private static final Pattern HASHED_NAME = Pattern.compile("-(?=[A-Za-z0-9_-]*[A-Z0-9])[A-Za-z0-9_-]{8,}\\.");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("xml", "application/xml"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"));
    private static final String DEFAULT_TYPE = "application/octet-stream";

    private final Path root;

    private PreviewResolver(Path root) {
        this.root = root;
    }

    /**
     * A resolver for the files under {@code root}, on any file system provider. The folder is not checked here:
     * while it does not exist, every request gets {@code 404}.
     *
     * @param root the folder to serve, such as {@link Artifact#root()}; made absolute and normalized
     * @return the resolver
     * @throws NullPointerException if {@code root} is {@code null}
     * @throws java.io.IOError      if {@code root} is relative and the working directory cannot be determined
     */
    public static PreviewResolver forRoot(Path root) {
        Objects.requireNonNull(root, "root");
        return new PreviewResolver(root.toAbsolutePath().normalize());
    }

    /** The folder served: the absolute, normalized form of the one given to {@link #forRoot}. */
    public Path root() {
        return root;
    }

    /**
     * Decides the answer to one request.
     *
     * @param method      the request method as received, such as {@code "GET"}
     * @param rawPath     the request path as received, still percent-encoded, such as
     *                    {@code "/assets/index-DgN1KpR5.js?v=2"}; a query string is ignored
     * @param ifNoneMatch the {@code If-None-Match} header, if sent (join repeated headers with {@code ", "})
     * @return the answer; never {@code 5xx}
     * @throws NullPointerException if an argument is {@code null}
     * @throws UncheckedIOException if reading file attributes fails for a reason other than the file not existing
     */
    public PreviewResponse resolve(String method, String rawPath, Optional<String> ifNoneMatch) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(ifNoneMatch, "ifNoneMatch");
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            PreviewResponse error = PreviewResponse.error(405, "Method not allowed\n");
            Map<String, String> headers = new LinkedHashMap<>(error.headers());
            headers.put("Allow", "GET, HEAD");
            return new PreviewResponse(405, headers, Optional.empty(), error.message(), error.contentLength());
        }
        PreviewResponse response;
        try {
            response = answer(parse(rawPath), ifNoneMatch);
        } catch (Refused refused) {
            response = PreviewResponse.error(refused.status, refused.getMessage());
        }
        return head ? withoutBody(response) : response;
    }

    private PreviewResponse answer(RequestPath path, Optional<String> ifNoneMatch) {
        Optional<BasicFileAttributes> rootAttributes = attributes(root, new LinkOption[0]);
        if (rootAttributes.isEmpty() || !rootAttributes.get().isDirectory()) {
            throw Refused.notFound();
        }
        Path current = root;
        List<String> segments = path.segments();
        for (int i = 0; i < segments.size(); i++) {
            Path next = child(current, segments.get(i));
            Optional<BasicFileAttributes> found = attributes(next, LinkOption.NOFOLLOW_LINKS);
            if (found.isEmpty()) {
                return fallback(path, ifNoneMatch);
            }
            BasicFileAttributes attributes = found.get();
            if (attributes.isDirectory()) {
                current = next;
            } else if (attributes.isRegularFile() && i == segments.size() - 1 && !path.trailingSlash()) {
                return serve(next, attributes, ifNoneMatch);
            } else if (attributes.isRegularFile()) {
                return fallback(path, ifNoneMatch); // a file used as a folder
            } else {
                throw Refused.notFound(); // a symbolic link or something else that is not a plain file
            }
        }
        Path index = child(current, INDEX);
        Optional<BasicFileAttributes> found = attributes(index, LinkOption.NOFOLLOW_LINKS);
        if (found.isEmpty()) {
            return fallback(path, ifNoneMatch);
        }
        if (!found.get().isRegularFile()) {
            throw Refused.notFound();
        }
        return serve(index, found.get(), ifNoneMatch);
    }

    /** The root's index.html for an extension-less path that matched no file, else 404. */
    private PreviewResponse fallback(RequestPath path, Optional<String> ifNoneMatch) {
        List<String> segments = path.segments();
        if (!segments.isEmpty() && segments.get(segments.size() - 1).indexOf('.') >= 0) {
            throw Refused.notFound();
        }
        Path index = child(root, INDEX);
        Optional<BasicFileAttributes> found = attributes(index, LinkOption.NOFOLLOW_LINKS);
        if (found.isEmpty() || !found.get().isRegularFile()) {
            throw Refused.notFound();
        }
        return serve(index, found.get(), ifNoneMatch);
    }

    private PreviewResponse serve(Path file, BasicFileAttributes attributes, Optional<String> ifNoneMatch) {
        if (!file.normalize().equals(file) || !file.startsWith(root) || file.equals(root)) {
            throw Refused.notFound(); // unreachable by construction; kept as the last line of defence
        }
        String relative = relativePath(file);
        String name = file.getFileName().toString();
        String cacheControl = !name.equals(INDEX) && (relative.startsWith("assets/") || HASHED_NAME.matcher(name).find())
                ? IMMUTABLE
                : NO_CACHE;
        String etag = etag(file, attributes);
        if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get(), etag)) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("ETag", etag);
            headers.put("Cache-Control", cacheControl);
            return new PreviewResponse(304, headers, Optional.empty(), Optional.empty(), 0);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType(name));
        headers.put("ETag", etag);
        headers.put("Cache-Control", cacheControl);
        headers.put("X-Content-Type-Options", "nosniff");
        return new PreviewResponse(200, headers, Optional.of(file), Optional.empty(), attributes.size());
    }

    private static PreviewResponse withoutBody(PreviewResponse response) {
        return new PreviewResponse(
                response.status(), response.headers(), Optional.empty(), Optional.empty(), response.contentLength());
    }

    /** {@code dir/segment}, refused unless it is exactly one level below {@code dir} and under the root. */
    private Path child(Path dir, String segment) {
        Path child;
        try {
            child = dir.resolve(segment);
        } catch (InvalidPathException e) {
            throw Refused.badRequest();
        }
        if (!dir.equals(child.getParent())
                || child.getFileName() == null
                || !child.getFileName().toString().equals(segment)
                || !child.normalize().equals(child)
                || !child.startsWith(root)) {
            throw Refused.badRequest();
        }
        return child;
    }

    private String relativePath(Path file) {
        Path relative = root.relativize(file);
        List<String> names = new ArrayList<>();
        relative.forEach(name -> names.add(name.toString()));
        return String.join("/", names);
    }

    private static Optional<BasicFileAttributes> attributes(Path path, LinkOption... options) {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, options));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return DEFAULT_TYPE;
        }
        return TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_TYPE);
    }

    private static String etag(Path file, BasicFileAttributes attributes) {
        Instant modified = attributes.lastModifiedTime().toInstant();
        String identity = file + "\n" + attributes.size() + "\n" + modified.getEpochSecond() + "."
                + modified.getNano();
        return '"' + Sha256.of(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + '"';
    }

    /** Whether an If-None-Match value names {@code etag} (weak comparison) or is {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        String opaque = etag.substring(1, etag.length() - 1);
        int i = 0;
        int length = ifNoneMatch.length();
        while (i < length) {
            char c = ifNoneMatch.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
            } else if (c == '*') {
                return true;
            } else {
                if (ifNoneMatch.startsWith("W/", i)) {
                    i += 2;
                }
                if (i < length && ifNoneMatch.charAt(i) == '"') {
                    int end = ifNoneMatch.indexOf('"', i + 1);
                    if (end < 0) {
                        return false;
                    }
                    if (ifNoneMatch.substring(i + 1, end).equals(opaque)) {
                        return true;
                    }
                    i = end + 1;
                } else {
                    int comma = ifNoneMatch.indexOf(',', i);
                    if (comma < 0) {
                        return false;
                    }
                    i = comma + 1;
                }
            }
        }
        return false;
    }

    /** Splits and decodes the raw request path, refusing anything that could name a file outside the root. */
    static RequestPath parse(String rawPath) {
        int end = rawPath.length();
        int query = rawPath.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = rawPath.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        String path = rawPath.substring(0, end);
        if (!path.startsWith("/")) {
            throw Refused.badRequest();
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                throw Refused.badRequest();
            }
        }
        List<String> segments = new ArrayList<>();
        boolean hidden = false;
        for (String raw : path.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            String segment = decode(raw);
            if (segment.equals(".") || segment.equals("..")) {
                throw Refused.badRequest();
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                    throw Refused.badRequest();
                }
            }
            hidden |= segment.startsWith(".");
            segments.add(segment);
        }
        if (hidden) {
            throw Refused.notFound();
        }
        return new RequestPath(List.copyOf(segments), path.endsWith("/"));
    }

    /** Percent-decodes one segment as UTF-8. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.write(c); // visible ASCII, checked by parse
                continue;
            }
            if (i + 2 >= raw.length()) {
                throw Refused.badRequest();
            }
            int high = Character.digit(raw.charAt(i + 1), 16);
            int low = Character.digit(raw.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                throw Refused.badRequest();
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Refused.badRequest();
        }
    }

    /** A decoded request path: its non-empty segments, and whether it ended with {@code /}. */
    record RequestPath(List<String> segments, boolean trailingSlash) {}

    /** Ends resolution with an error answer. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        private Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        static Refused badRequest() {
            return new Refused(400, "Bad request\n");
        }

        static Refused notFound() {
            return new Refused(404, "Not found\n");
        }
    }
}
