package dev.previewkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to send back for one request to a built preview, as decided by {@link PreviewResolver}: a status, the
 * response headers, and at most one body, either a file to stream or a short plain-text message.
 *
 * <p>The headers never include {@code Content-Length}: HTTP stacks set it themselves, so take it from
 * {@link #contentLength()}. For a {@code HEAD} request there is no body ({@link #hasBody()} is {@code false}),
 * but {@code contentLength()} is still the length the {@code GET} body would have, for the
 * {@code Content-Length} header.
 *
 * <p>A typical handler:
 *
 * <pre>{@code
 * PreviewResponse response = resolver.resolve(method, rawPath, ifNoneMatch);
 * response.headers().forEach(exchange.getResponseHeaders()::set);
 * if (response.file().isPresent()) {
 *     // send status, contentLength(), then stream Files.newInputStream(response.file().get())
 * } else if (response.message().isPresent()) {
 *     // send status and the UTF-8 bytes of message()
 * } else {
 *     // send status with no body (HEAD, 304)
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. The file, if any, is read by the caller; it may have been
 * removed since it was resolved, in which case opening it throws {@link java.nio.file.NoSuchFileException}.
 *
 * @param status        the HTTP status code, 100 to 599
 * @param headers       the response headers, in sending order; an unmodifiable copy
 * @param file          the regular file to stream as the body: present only for a {@code 200} answer to
 *                      {@code GET}
 * @param message       a plain-text (UTF-8) body for an error: present only for an error answer to a method other
 *                      than {@code HEAD}
 * @param contentLength the length in bytes of the body, or of the body a {@code GET} would get for {@code HEAD};
 *                      {@code 0} for {@code 304}
 */
public record PreviewResponse(
        int status, Map<String, String> headers, Optional<Path> file, Optional<String> message, long contentLength) {

    /**
     * Checks and copies the parts.
     *
     * @throws NullPointerException     if an argument, a header name or a header value is {@code null}
     * @throws IllegalArgumentException if the status is outside 100 to 599, the content length is negative, both a
     *                                  file and a message are given, or a message's UTF-8 length differs from
     *                                  {@code contentLength}
     */
    public PreviewResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100 to 599: " + status);
        }
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (contentLength < 0) {
            throw new IllegalArgumentException("contentLength must not be negative: " + contentLength);
        }
        if (file.isPresent() && message.isPresent()) {
            throw new IllegalArgumentException("a response has a file or a message as its body, not both");
        }
        if (message.isPresent() && message.get().getBytes(StandardCharsets.UTF_8).length != contentLength) {
            throw new IllegalArgumentException("contentLength " + contentLength + " is not the message's UTF-8 length");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> copy.put(
                Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value, "header value")));
        headers = Collections.unmodifiableMap(copy);
    }

    /**
     * An error response whose body is {@code message}, sent as {@code text/plain; charset=utf-8} with
     * {@code X-Content-Type-Options: nosniff}.
     *
     * @param status  an error status, 400 to 599
     * @param message the body, sent as given
     * @return the response
     * @throws NullPointerException     if {@code message} is {@code null}
     * @throws IllegalArgumentException if the status is outside 400 to 599
     */
    public static PreviewResponse error(int status, String message) {
        Objects.requireNonNull(message, "message");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status must be 400 to 599: " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("X-Content-Type-Options", "nosniff");
        return new PreviewResponse(
                status,
                headers,
                Optional.empty(),
                Optional.of(message),
                message.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Whether there is a body to send: a {@link #file()} or a {@link #message()}. */
    public boolean hasBody() {
        return file.isPresent() || message.isPresent();
    }

    /**
     * One header's value, with the name matched ignoring case.
     *
     * @param name the header name, such as {@code "etag"}
     * @return the value, or empty if the header is not set
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public Optional<String> header(String name) {
        Objects.requireNonNull(name, "name");
        String wanted = name.toLowerCase(Locale.ROOT);
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().toLowerCase(Locale.ROOT).equals(wanted))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
