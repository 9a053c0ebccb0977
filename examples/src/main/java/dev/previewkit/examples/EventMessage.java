package dev.previewkit.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.previewkit.PreviewVersion;
import dev.previewkit.SessionEvent;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session event as the build API sends it: named {@code state} (a version's new state, and the current version)
 * or {@code log} (a line of build output), with its fields; as a Server-Sent Event for the {@code /events} stream,
 * or as one JSON object with an {@code event} field for the {@code /ws} socket.
 */
record EventMessage(String name, Map<String, Object> fields) {
    static EventMessage of(SessionEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (event instanceof SessionEvent.VersionChanged changed) {
            fields.put("version", changed.version().id());
            fields.put("state", changed.version().state().name());
            fields.put("current", changed.current().map(PreviewVersion::id).orElse(null));
            return new EventMessage("state", fields);
        }
        SessionEvent.Output output = (SessionEvent.Output) event;
        fields.put("version", output.versionId());
        fields.put("phase", output.line().phase().name());
        fields.put("stream", output.line().stream().name());
        fields.put("line", output.line().text());
        return new EventMessage("log", fields);
    }

    /** {@code event: <name>}, then the fields as the {@code data} line. */
    String sse() {
        return "event: " + name + "\ndata: " + write(fields) + "\n\n";
    }

    /** The fields after {@code "event": <name>}, such as {@code {"event":"state","version":"v2",...}}. */
    String json() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("event", name);
        message.putAll(fields);
        return write(message);
    }

    private static String write(Map<String, Object> value) {
        try {
            return Http.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) { // strings and nulls always serialise
            throw new UncheckedIOException(e);
        }
    }
}
