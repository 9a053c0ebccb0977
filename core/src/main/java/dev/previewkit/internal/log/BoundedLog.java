package dev.previewkit.internal.log;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The tail of a build's output: keeps the newest lines within a character budget and counts what it dropped.
 * Thread-safe.
 */
public final class BoundedLog {
    private final int maxChars;
    private final Deque<String> lines = new ArrayDeque<>();
    private int chars;
    private long dropped;

    public BoundedLog(int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        this.maxChars = maxChars;
    }

    /** Appends a line (already redacted), dropping the oldest lines when over budget. */
    public synchronized void append(String line) {
        String kept = line.length() > maxChars ? line.substring(0, maxChars) : line;
        lines.addLast(kept);
        chars += kept.length() + 1;
        while (chars > maxChars && lines.size() > 1) {
            chars -= lines.removeFirst().length() + 1;
            dropped++;
        }
    }

    /** The kept lines joined by newlines, preceded by a note when older lines were dropped. */
    public synchronized String text() {
        StringBuilder out = new StringBuilder(chars + 64);
        if (dropped > 0) {
            out.append("[... ").append(dropped).append(" earlier lines omitted]\n");
        }
        lines.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }
}
