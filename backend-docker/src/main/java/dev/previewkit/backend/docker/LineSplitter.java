package dev.previewkit.backend.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns chunks of one output stream into lines of bounded length: a line longer than {@link #MAX_LINE} bytes is
 * cut there and the rest of it skipped, so a container that prints without newlines cannot fill the heap. Not
 * thread-safe; the engine delivers one stream's chunks in order on one thread.
 */
final class LineSplitter {
    static final int MAX_LINE = 8192;

    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean cut;

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    /** Takes the next chunk of the stream. */
    void accept(byte[] chunk) {
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                append(chunk, start, i - start);
                emit();
                start = i + 1;
            }
        }
        append(chunk, start, chunk.length - start);
    }

    /** Emits what is left after the stream's last newline. */
    void finish() {
        if (line.size() > 0 || cut) {
            emit();
        }
    }

    private void append(byte[] chunk, int offset, int length) {
        int room = MAX_LINE - line.size();
        if (length > room) {
            cut = true;
        }
        line.write(chunk, offset, Math.min(length, Math.max(room, 0)));
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        lines.accept(cut ? text + " [line truncated]" : text);
        line.reset();
        cut = false;
    }
}
