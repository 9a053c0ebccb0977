package dev.previewkit;

import dev.previewkit.internal.digest.FieldDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One problem a build tool reported, parsed out of its output: where it is and what it says, so that whoever
 * repairs the project (a person or an AI repair loop) gets {@code src/App.tsx:3:7 Type 'number' is not
 * assignable to type 'string'.} instead of a wall of log. Immutable.
 *
 * <p>Diagnostics come from the output of the package manager ({@link BuildPhase#INSTALL}: {@code ERESOLVE},
 * {@code ETARGET}, {@code E404}, network failures) and of the build ({@link BuildPhase#BUILD}: syntax errors,
 * unresolved imports, TypeScript errors). A failure whose output is not recognised produces no diagnostic at
 * all; the raw log of {@link BuildResult#log()} stays the fallback.
 *
 * <p>Two diagnostics of different builds are "the same problem" when their {@link #fingerprint()}s match: the
 * fingerprint ignores the line and column, digits and absolute paths in the message, so an error that moved
 * down a line, or whose message names a temporary folder, keeps its fingerprint. A repair loop can use it to
 * notice that an attempted fix did not change anything.
 *
 * @param phase    the phase whose output reported it, {@link BuildPhase#INSTALL} or {@link BuildPhase#BUILD}
 * @param severity how bad it is
 * @param file     the file it is about, as a project-relative POSIX path such as {@code src/App.tsx} (a path
 *                 outside the project stays as the tool printed it); empty for problems of no file, such as a
 *                 package that does not exist
 * @param line     the 1-based line in {@code file}, if known; only present with a file
 * @param column   the 1-based column on {@code line}, if known; only present with a line
 * @param code     the tool's code for this kind of problem, if it printed one: a TypeScript code such as
 *                 {@code TS2322}, an npm code such as {@code ERESOLVE}, {@code ETARGET}, {@code E404} or
 *                 {@code ECONNREFUSED}, or a bundler code such as {@code PARSE_ERROR} or
 *                 {@code UNRESOLVED_IMPORT}
 * @param message  what the tool said, on one line, without colour codes; absolute paths inside the project are
 *                 written relative to it
 * @param frame    the code frame the tool printed under the message (source lines with a marker at the
 *                 problem), lines separated by {@code \n}, if it printed one
 */
public record Diagnostic(
        BuildPhase phase,
        Severity severity,
        Optional<String> file,
        OptionalInt line,
        OptionalInt column,
        Optional<String> code,
        String message,
        Optional<String> frame) {

    /** How bad a diagnostic is. */
    public enum Severity {
        /** The tool failed because of it: the build or install did not succeed. */
        ERROR,
        /** The tool reported it but went on. */
        WARNING
    }

    /** How many hex digits {@link #fingerprint()} keeps. */
    static final int FINGERPRINT_LENGTH = 16;

    /** Absolute POSIX or Windows paths inside a message, for {@link #fingerprint()}. */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile(
            "(?<![\\w.~-])(?:[A-Za-z]:[\\\\/]|/)[^\\s'\"`()\\[\\]{}<>,;]*");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /**
     * Checks the components.
     *
     * @throws NullPointerException     if any component is null
     * @throws IllegalArgumentException if the message is blank or spans lines, a line or column is below 1, a
     *                                  line comes without a file or a column without a line, or the file, code
     *                                  or frame is present but blank
     */
    public Diagnostic {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(frame, "frame");
        if (message.isBlank()) {
            throw new IllegalArgumentException("a diagnostic needs a message");
        }
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the message of a diagnostic is one line: " + message);
        }
        if (file.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("the file of a diagnostic is not blank when present");
        }
        if (code.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("the code of a diagnostic is not blank when present");
        }
        if (frame.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("the frame of a diagnostic is not blank when present");
        }
        if (line.isPresent() && line.getAsInt() < 1 || column.isPresent() && column.getAsInt() < 1) {
            throw new IllegalArgumentException("lines and columns start at 1: " + line + ", " + column);
        }
        if (line.isPresent() && file.isEmpty()) {
            throw new IllegalArgumentException("a line needs a file");
        }
        if (column.isPresent() && line.isEmpty()) {
            throw new IllegalArgumentException("a column needs a line");
        }
    }

    /**
     * Identifies "the same problem" across builds: 16 hex digits of a SHA-256 over the phase, code, file and the
     * message with every run of digits replaced by {@code 0} and every absolute path by {@code <path>}. The line,
     * column, frame and severity are left out, so the fingerprint survives edits that only move the problem.
     */
    public String fingerprint() {
        String normalized = DIGITS.matcher(ABSOLUTE_PATH.matcher(message).replaceAll("<path>")).replaceAll("0");
        return new FieldDigest().part(phase.name()).part(code.orElse("")).part(file.orElse("")).part(normalized)
                .hex().substring(0, FINGERPRINT_LENGTH);
    }

    /**
     * Where the problem is, as {@code file:line:column} with only the parts that are known ({@code src/App.tsx},
     * {@code src/App.tsx:3}, {@code src/App.tsx:3:7}); empty when there is no file.
     */
    public String location() {
        if (file.isEmpty()) {
            return "";
        }
        StringBuilder location = new StringBuilder(file.get());
        line.ifPresent(value -> location.append(':').append(value));
        column.ifPresent(value -> location.append(':').append(value));
        return location.toString();
    }

    /** {@code location message}, or only the message when there is no location; one line, without the frame. */
    @Override
    public String toString() {
        String location = location();
        return location.isEmpty() ? message : location + " " + message;
    }
}
