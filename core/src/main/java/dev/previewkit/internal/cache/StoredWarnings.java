package dev.previewkit.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.previewkit.BuildPhase;
import dev.previewkit.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The warnings of an install as kept in a dependency set's completion marker, so that every build reusing the
 * set reports them again. Only the parts an install warning has are kept: phase, severity, file, code, message.
 */
final class StoredWarnings {
    private StoredWarnings() {}

    static ArrayNode toJson(List<Diagnostic> warnings) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Diagnostic warning : warnings) {
            ObjectNode node = array.addObject()
                    .put("phase", warning.phase().name())
                    .put("severity", warning.severity().name())
                    .put("message", warning.message());
            warning.file().ifPresent(file -> node.put("file", file));
            warning.code().ifPresent(code -> node.put("code", code));
        }
        return array;
    }

    /** The warnings of a marker; an entry written before warnings were kept has none. */
    static List<Diagnostic> fromJson(JsonNode array) {
        List<Diagnostic> warnings = new ArrayList<>();
        for (JsonNode node : array) {
            warnings.add(new Diagnostic(BuildPhase.valueOf(node.path("phase").asText(BuildPhase.INSTALL.name())),
                    Diagnostic.Severity.valueOf(node.path("severity").asText(Diagnostic.Severity.WARNING.name())),
                    text(node, "file"), OptionalInt.empty(), OptionalInt.empty(), text(node, "code"),
                    node.path("message").asText(), Optional.empty()));
        }
        return List.copyOf(warnings);
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }
}
