package dev.previewkit.internal.json;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON mappers of the library, configured once: mappers are thread-safe and costly to build, so every reader
 * and writer of {@code package.json}, lockfiles, store markers and registry answers shares these.
 */
public final class Json {
    /** Strict JSON, as npm writes it. */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** JSON with comments and trailing commas, as {@code tsconfig.json} and {@code bun.lock} are written. */
    public static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private Json() {}
}
