package dev.previewkit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines of bounded length: a line longer than {@link #MAX_LINE} characters is cut there and the
 * rest of it skipped, so a process that floods output without newlines cannot exhaust memory.
 */
final class LineReader implements AutoCloseable {
    static final int MAX_LINE = 8192;

    private final Reader reader;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;

    LineReader(InputStream in) {
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /** The next line without its terminator, or {@code null} at the end of the stream. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean truncated = false;
        while (true) {
            if (position == limit) {
                limit = reader.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line.length() == 0 && !truncated ? null : finish(line, truncated);
                }
            }
            char c = buffer[position++];
            if (c == '\n') {
                return finish(line, truncated);
            }
            if (line.length() < MAX_LINE) {
                line.append(c);
            } else {
                truncated = true;
            }
        }
    }

    private static String finish(StringBuilder line, boolean truncated) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return truncated ? line.append(" [line truncated]").toString() : line.toString();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
