package dev.previewkit.internal.diagnostics;

import dev.previewkit.BuildPhase;
import dev.previewkit.Diagnostic;
import dev.previewkit.Diagnostic.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@link Diagnostic}s in what a build tool printed during one phase. Each format below was taken from real
 * output (the fixtures under {@code src/test/resources/diagnostics}); whatever the phase, it recognises:
 * <ul>
 *   <li>Vite 8 (Rolldown, Oxc): an error line such as {@code [builtin:vite-transform] Expected corresponding JSX
 *       closing tag for 'h1'.}, {@code [PARSE_ERROR] Unexpected token} or {@code [UNRESOLVED_IMPORT] Could not
 *       resolve './Missing' in src/App.tsx}, followed by a code frame whose top {@code ╭─[ file:line:col ]}
 *       gives the location; and {@code [vite]: Rolldown failed to resolve import "x" from "/abs/src/App.tsx".};</li>
 *   <li>Vite 5 (Rollup, esbuild, SWC): {@code [vite:esbuild] Transform failed with 1 error:} followed by
 *       {@code file:line:col: ERROR: message} and a {@code 7  |  code} frame; {@code [vite:react-swc]   x message}
 *       followed by an ASCII frame {@code ,-[file:line:1]} (the column comes from its {@code ^} marker);
 *       {@code Could not resolve "./Missing" from "src/App.tsx"}; {@code [vite]: Rollup failed to resolve import
 *       "x" from "..."}; and any other {@code error during build:} whose error is followed by a {@code file:}
 *       line, such as {@code [vite:json] ... Failed to parse JSON file.};</li>
 *   <li>npm ({@code npm error ...}, before npm 9 {@code npm ERR! ...}): {@code ERESOLVE} (the conflict summarised
 *       on one line), {@code ETARGET}, {@code E404} (the message names the package), network failures such as
 *       {@code ECONNREFUSED}, {@code ENOTFOUND}, {@code ETIMEDOUT}, {@code EAI_AGAIN} or {@code ECONNRESET}, and
 *       any other coded npm error (its first meaningful line); npm warnings give nothing;</li>
 *   <li>TypeScript: {@code file(line,col): error TS1234: ...} ({@code tsc --pretty false}) and
 *       {@code file:line:col - error TS1234: ...} ({@code --pretty true}, with its frame), indented continuation
 *       lines appended to the message.</li>
 * </ul>
 * Columns are 1-based: esbuild's and Rollup's 0-based ones are converted. ANSI colour codes are stripped (also in
 * frames), absolute paths under the workspace are written relative to it (in files, messages and frames; other
 * paths stay as printed), and identical diagnostics, such as an error Vite prints twice, are reported once.
 * Output that matches none of these gives no diagnostics: the raw log stays the fallback.
 */
public final class DiagnosticParser {
    /** The most lines kept of one code frame. */
    static final int MAX_FRAME_LINES = 40;

    // CSI sequences (colours), OSC sequences (links, titles) and the other two-character escapes
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]"
            + "|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[@-Z\\\\-_]");

    // tsc --pretty false: src/App.tsx(3,7): error TS2322: Type 'number' is not assignable to type 'string'.
    private static final Pattern TSC = Pattern.compile("^(?<file>[^\\s(][^(]*?)\\((?<line>\\d+),(?<col>\\d+)\\): "
            + "(?<sev>error|warning) (?<code>TS\\d+): (?<msg>.*)$");
    // tsc --pretty true: src/App.tsx:3:7 - error TS2322: Type 'number' is not assignable to type 'string'.
    private static final Pattern TSC_PRETTY = Pattern.compile("^(?<file>\\S[^:]*?):(?<line>\\d+):(?<col>\\d+) - "
            + "(?<sev>error|warning) (?<code>TS\\d+): (?<msg>.*)$");
    // tsc, of no file: error TS5058: The specified path does not exist: 'x'.
    private static final Pattern TSC_GLOBAL = Pattern.compile("^(?<sev>error|warning) (?<code>TS\\d+): (?<msg>.*)$");

    // esbuild inside Vite 5: /abs/src/App.tsx:4:9: ERROR: Expected ")" but found "}"
    private static final Pattern ESBUILD = Pattern.compile(
            "^(?<file>\\S.*?):(?<line>\\d+):(?<col>\\d+): (?<sev>ERROR|WARNING): (?<msg>.+)$");

    // A graphical code frame (Rolldown, Oxc, SWC): "╭─[ src/App.tsx:3:10 ]", in ASCII "  ,-[/abs/src/App.tsx:3:1]"
    private static final Pattern BOX_TOP = Pattern.compile(
            "^\\s*(?:╭─+|,-+)\\[\\s*(?<file>.+?):(?<line>\\d+):(?<col>\\d+)\\s*]\\s*$");
    private static final Pattern BOX_BOTTOM = Pattern.compile("^\\s*(?:╰─+|─+╯|`-+)\\s*$");
    private static final Pattern BOX_SOURCE_LINE = Pattern.compile("^\\s*(?<line>\\d+)\\s*[│|](?<code>.*)$");

    // Rollup and Rolldown, local imports: Could not resolve "./Missing" from "src/App.tsx"
    private static final Pattern COULD_NOT_RESOLVE = Pattern.compile("^(?:.*?\\s)?(?<msg>Could not resolve "
            + "[\"'](?<import>[^\"']+)[\"'] (?:from|in) [\"']?(?<file>[^\"']+?)[\"']?)\\.?$");
    // Vite, bare imports: [vite]: Rollup failed to resolve import "x" from "/abs/src/App.tsx".
    private static final Pattern FAILED_TO_RESOLVE = Pattern.compile("^(?:Error:\\s*)?(?:\\[vite]:?\\s*)?(?<msg>"
            + "(?:Rollup|Rolldown) failed to resolve import \"(?<import>[^\"]+)\" from \"(?<file>[^\"]+)\"\\.?)$");

    // A code frame line of Vite/Rollup/esbuild/Babel: "3  |    return <div>", "   |  ^", "> 3 | x"
    private static final Pattern PIPE_FRAME_LINE = Pattern.compile("^\\s*>?\\s*\\d*\\s*\\|.*$");
    /** A stack frame in a project file, once the workspace prefix is gone: {@code at f (vite.config.js:2:46)}. */
    private static final Pattern PROJECT_FRAME = Pattern.compile(
            "^\\s+at\\s(?:.*\\()?(?<file>[\\w@.-][^\\s():]*):(?<line>\\d+):(?<col>\\d+)\\)?$");
    private static final Pattern STACK_LINE = Pattern.compile("^\\s+at\\s.*$");
    private static final Pattern VITE_FILE = Pattern.compile(
            "^file: (?<file>.+?)(?::(?<line>\\d+)(?::(?<col>\\d+))?)?$");
    private static final Pattern BUILD_FAILED_COUNT = Pattern.compile("^Build failed with \\d+ errors?:?$");
    private static final Pattern VITE_ERROR_HEADER = Pattern.compile("^(?:.*\\s)?error during build:\\s*(?<rest>.*)$");

    // [PARSE_ERROR] Error: ..., [plugin vite:oxc] ..., [plugin:vite:esbuild] ..., [vite:react-swc] × ...
    private static final Pattern CODE_PREFIX = Pattern.compile("^\\[(?<code>[A-Z][A-Z0-9_]+)]\\s*(?<rest>.*)$");
    private static final Pattern PLUGIN_PREFIX =
            Pattern.compile("^\\[(?:plugin[: ])?(?<plugin>[\\w@/.:-]+)]:?\\s*(?<rest>.*)$");
    // "× Expected", "x Expected" (SWC), "Error: Expected"; not the x of "x is not defined"
    private static final Pattern ERROR_PREFIX = Pattern.compile(
            "^(?:[×✘]\\s+|x\\s+(?=\\p{Lu})|(?:\\w*Error|error):\\s+)+");

    private static final Pattern NPM = Pattern.compile("^npm (?:error|ERR!)(?: (?<body>.*))?$");
    private static final Pattern NPM_CODE = Pattern.compile("^code (?<code>E[A-Z0-9_]+)$");
    // npm 11: "404  The requested resource 'x@1.0.0' could not be found or ...",
    // older npm: "404  'x@1.0.0' is not in this registry."
    private static final Pattern NPM_NOT_FOUND = Pattern.compile("^404\\s+(?<msg>.*'[^']+'.*)$");
    private static final Pattern NPM_404_GET = Pattern.compile("^(?<msg>404 Not Found - GET \\S+.*)$");
    private static final Pattern NPM_NO_MATCHING = Pattern.compile(
            "^(?:notarget )?(?<msg>No matching version found for .+)$");
    // what npm puts before a message: "FetchError: request to ...", "network request to ..."
    private static final Pattern NPM_TITLE = Pattern.compile("^(?:(?:\\w*Error):\\s*|(?:network|notarget)\\s+)");
    private static final Pattern NPM_NOISE = Pattern.compile(
            "^(?:(?:code|syscall|errno|path|dest|type) \\S.*|A complete log of this run can be found in.*"
                    + "|Log files were not written.*|You can rerun the command with.*|\\S+ \\d+ verbose .*)$");

    private DiagnosticParser() {}

    /**
     * The diagnostics in the output lines of one phase, in the order they were printed, each once.
     *
     * @param phase     the phase that printed the lines; becomes {@link Diagnostic#phase()}
     * @param lines     the lines (stdout and stderr, in order), with or without colour codes
     * @param workspace the project folder; absolute paths under it are reported relative to it
     * @return the diagnostics found, empty when the output holds none that is recognised
     */
    public static List<Diagnostic> parse(BuildPhase phase, List<String> lines, Path workspace) {
        return parse(phase, lines, workspace, Optional.empty());
    }

    /**
     * {@link #parse(BuildPhase, List, Path)} for tools that saw the project under another path too (such as
     * {@code /workspace} in a container): paths under either are reported relative to the project.
     */
    public static List<Diagnostic> parse(BuildPhase phase, List<String> lines, Path workspace,
            Optional<String> toolWorkspace) {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(workspace, "workspace");
        List<Pattern> prefixes = new ArrayList<>(workspacePrefixes(workspace));
        toolWorkspace.ifPresent(path -> prefixes.addAll(prefixPatterns(Set.of(path))));
        List<String> text = clean(lines, prefixes);
        Scan scan = new Scan(phase, text);
        scan.run();
        return merge(scan.found);
    }

    // ------------------------------------------------------------------------------------------------ cleaning

    private static List<Pattern> workspacePrefixes(Path workspace) {
        Set<String> prefixes = new LinkedHashSet<>();
        Path absolute = workspace.toAbsolutePath().normalize();
        prefixes.add(absolute.toString());
        try {
            if (Files.exists(absolute)) {
                prefixes.add(absolute.toRealPath().toString());
            }
        } catch (IOException | SecurityException e) {
            // the path as given will do
        }
        return prefixPatterns(prefixes);
    }

    private static List<Pattern> prefixPatterns(Set<String> prefixes) {
        List<Pattern> patterns = new ArrayList<>();
        for (String prefix : prefixes) {
            String posix = prefix.replace('\\', '/');
            while (posix.length() > 1 && posix.endsWith("/")) {
                posix = posix.substring(0, posix.length() - 1);
            }
            if (posix.equals("/") || posix.isEmpty()) {
                continue;
            }
            patterns.add(Pattern.compile("(?<![\\w.~/-])" + Pattern.quote(posix) + "/"));
        }
        return patterns;
    }

    private static List<String> clean(List<String> lines, List<Pattern> prefixes) {
        List<String> cleaned = new ArrayList<>(lines.size());
        for (String raw : lines) {
            // one output line may still hold several (a caller that did not split on \n)
            for (String part : ANSI.matcher(raw).replaceAll("").split("\n", -1)) {
                String line = part;
                while (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                int carriage = line.lastIndexOf('\r');
                if (carriage >= 0) {
                    line = line.substring(carriage + 1); // a progress line that was overwritten in place
                }
                for (Pattern prefix : prefixes) {
                    line = prefix.matcher(line).replaceAll("");
                }
                cleaned.add(line.stripTrailing());
            }
        }
        return cleaned;
    }

    /** A path as reported: POSIX separators, no leading {@code ./}. */
    private static String path(String file) {
        String posix = file.strip().replace('\\', '/');
        while (posix.startsWith("./")) {
            posix = posix.substring(2);
        }
        return posix;
    }

    // ------------------------------------------------------------------------------------------------ merging

    private record Found(int index, Diagnostic diagnostic) {}

    private record Identity(BuildPhase phase, Severity severity, Optional<String> file, OptionalInt line,
            OptionalInt column, Optional<String> code, String message) {
        static Identity of(Diagnostic d) {
            return new Identity(d.phase(), d.severity(), d.file(), d.line(), d.column(), d.code(), d.message());
        }
    }

    /** In printing order, each once; a repeat that has a frame lends it to the first that had none. */
    private static List<Diagnostic> merge(List<Found> found) {
        List<Found> ordered = new ArrayList<>(found);
        ordered.sort(Comparator.comparingInt(Found::index));
        Map<Identity, Diagnostic> unique = new LinkedHashMap<>();
        for (Found each : ordered) {
            Diagnostic diagnostic = each.diagnostic();
            unique.merge(Identity.of(diagnostic), diagnostic,
                    (kept, repeat) -> kept.frame().isEmpty() && repeat.frame().isPresent() ? repeat : kept);
        }
        return List.copyOf(unique.values());
    }

    // ------------------------------------------------------------------------------------------------ scanning

    private static final class Scan {
        private final BuildPhase phase;
        private final List<String> text;
        private final boolean[] used;
        final List<Found> found = new ArrayList<>();

        Scan(BuildPhase phase, List<String> text) {
            this.phase = phase;
            this.text = text;
            this.used = new boolean[text.size()];
        }

        void run() {
            boxes();
            for (int i = 0; i < text.size(); i++) {
                if (!used[i]) {
                    line(i);
                }
            }
            npm();
            viteFallback();
        }

        private void add(int index, Severity severity, String file, Integer line, Integer column, String code,
                String message, String frame) {
            String oneLine = message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
            if (oneLine.isEmpty()) {
                return;
            }
            Optional<String> filePart = Optional.ofNullable(file).map(DiagnosticParser::path)
                    .filter(value -> !value.isEmpty());
            OptionalInt linePart = filePart.isPresent() && line != null && line > 0
                    ? OptionalInt.of(line) : OptionalInt.empty();
            OptionalInt columnPart = linePart.isPresent() && column != null && column > 0
                    ? OptionalInt.of(column) : OptionalInt.empty();
            found.add(new Found(index, new Diagnostic(phase, severity, filePart, linePart, columnPart,
                    Optional.ofNullable(code).filter(value -> !value.isBlank()), oneLine,
                    Optional.ofNullable(frame).filter(value -> !value.isBlank()))));
        }

        private static Integer number(String digits) {
            if (digits == null) {
                return null;
            }
            try {
                return Integer.valueOf(digits);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** One line that may start a diagnostic of its own. */
        private void line(int i) {
            String line = text.get(i);
            Matcher m;
            if ((m = TSC.matcher(line)).matches() || (m = TSC_PRETTY.matcher(line)).matches()) {
                tsc(i, m, m.pattern() == TSC_PRETTY);
            } else if ((m = TSC_GLOBAL.matcher(line)).matches()) {
                used[i] = true;
                add(i, severity(m.group("sev")), null, null, null, m.group("code"), m.group("msg"), null);
            } else if ((m = ESBUILD.matcher(line)).matches()) {
                // esbuild counts columns from 0
                used[i] = true;
                add(i, severity(m.group("sev")), m.group("file"), number(m.group("line")),
                        plusOne(number(m.group("col"))), null, m.group("msg"), pipeFrameAfter(i + 1, 6));
            } else if ((m = FAILED_TO_RESOLVE.matcher(line)).matches()
                    || (m = COULD_NOT_RESOLVE.matcher(line)).matches()) {
                used[i] = true;
                Location location = fileLineAfter(i + 1, m.group("file"));
                add(i, Severity.ERROR, location.file(), location.line(), location.column(), "UNRESOLVED_IMPORT",
                        m.group("msg"), location.frame());
            }
        }

        private static Integer plusOne(Integer zeroBased) {
            return zeroBased == null ? null : zeroBased + 1;
        }

        private static Severity severity(String word) {
            return word.equalsIgnoreCase("warning") ? Severity.WARNING : Severity.ERROR;
        }

        /** tsc: continuation lines are indented; a pretty diagnostic is followed by its frame. */
        private void tsc(int i, Matcher m, boolean pretty) {
            used[i] = true;
            StringBuilder message = new StringBuilder(m.group("msg").strip());
            int next = i + 1;
            while (next < text.size() && !text.get(next).isBlank() && Character.isWhitespace(text.get(next).charAt(0))
                    && !used[next]) {
                message.append(' ').append(text.get(next).strip());
                used[next++] = true;
            }
            String frame = null;
            if (pretty && next < text.size() && text.get(next).isBlank()) {
                int start = next + 1;
                int end = start;
                while (end < text.size() && !text.get(end).isBlank() && end - start < MAX_FRAME_LINES) {
                    end++;
                }
                if (end > start) {
                    frame = String.join("\n", text.subList(start, end));
                    for (int k = start; k < end; k++) {
                        used[k] = true;
                    }
                }
            }
            add(i, severity(m.group("sev")), m.group("file"), number(m.group("line")), number(m.group("col")),
                    m.group("code"), message.toString(), frame);
        }

        // -------------------------------------------------------------------------------------- code frames

        /** Graphical frames: the message is the line above the frame's top, the location is in its top. */
        private void boxes() {
            for (int i = 0; i < text.size(); i++) {
                Matcher top = BOX_TOP.matcher(text.get(i));
                if (!top.matches()) {
                    continue;
                }
                int header = i - 1;
                while (header >= 0 && text.get(header).isBlank()) {
                    header--;
                }
                if (header < 0 || used[header]) {
                    continue;
                }
                int end = i;
                while (end + 1 < text.size() && end - i < MAX_FRAME_LINES
                        && !BOX_BOTTOM.matcher(text.get(end)).matches()) {
                    end++;
                }
                List<String> frame = text.subList(i, end + 1);
                Header parsed = header(text.get(header));
                int line = Integer.parseInt(top.group("line"));
                int column = Integer.parseInt(top.group("col"));
                if (column == 1) {
                    // SWC names only the line; the marker under that line shows the column
                    column = markedColumn(frame, line).orElse(column);
                }
                for (int k = header; k <= end; k++) {
                    used[k] = true;
                }
                String file = top.group("file");
                add(header, Severity.ERROR, file, line, column, parsed.code(), withoutFile(parsed.message(), file),
                        String.join("\n", frame));
                i = end;
            }
        }

        /** The 1-based column of the first marker under source line {@code line} of a graphical frame. */
        private static OptionalInt markedColumn(List<String> frame, int line) {
            for (int k = 1; k + 1 < frame.size(); k++) {
                Matcher source = BOX_SOURCE_LINE.matcher(frame.get(k));
                if (!source.matches() || Integer.parseInt(source.group("line")) != line) {
                    continue;
                }
                String marker = frame.get(k + 1);
                int codeStart = source.start("code");
                if (marker.length() <= codeStart || BOX_SOURCE_LINE.matcher(marker).matches()
                        || !List.of("·", ":", "│", "|").contains(marker.substring(0, codeStart).strip())) {
                    return OptionalInt.empty();
                }
                for (int offset = codeStart; offset < marker.length(); offset++) {
                    if ("^─┬━▲".indexOf(marker.charAt(offset)) >= 0) {
                        // the source text starts one space after the bar
                        int column = offset - codeStart + (source.group("code").startsWith(" ") ? 0 : 1);
                        return column >= 1 ? OptionalInt.of(column) : OptionalInt.empty();
                    }
                }
                return OptionalInt.empty();
            }
            return OptionalInt.empty();
        }

        /** {@code src/data.json: Failed to parse JSON file.} names its file twice; the message needs it once. */
        private static String withoutFile(String message, String file) {
            String prefix = path(file) + ": ";
            return message.startsWith(prefix) && message.length() > prefix.length()
                    ? message.substring(prefix.length()) : message;
        }

        // -------------------------------------------------------------------------------------- Vite fallbacks

        /** {@code error during build:} blocks that no other rule explained, when they name a file. */
        private void viteFallback() {
            for (int i = 0; i < text.size(); i++) {
                Matcher header = VITE_ERROR_HEADER.matcher(text.get(i));
                if (!header.matches()) {
                    continue;
                }
                int end = i + 1;
                while (end < text.size() && !STACK_LINE.matcher(text.get(end)).matches()
                        && !VITE_ERROR_HEADER.matcher(text.get(end)).matches()) {
                    end++;
                }
                int from = i;
                int to = end;
                if (found.stream().anyMatch(f -> f.index() >= from && f.index() < to)) {
                    i = end - 1;
                    continue;
                }
                String first = header.group("rest").isBlank() && i + 1 < end ? text.get(i + 1) : header.group("rest");
                boolean located = false;
                for (int k = i + 1; k < end && !located; k++) {
                    Matcher file = VITE_FILE.matcher(text.get(k));
                    if (file.matches() && !first.isBlank()) {
                        // Vite prints Rollup's location: columns count from 0
                        Header parsed = header(first);
                        add(i + 1, Severity.ERROR, file.group("file"), number(file.group("line")),
                                plusOne(number(file.group("col"))), parsed.code(),
                                withoutFile(parsed.message(), file.group("file")), pipeFrameAfter(k + 1, 6));
                        located = true;
                    }
                }
                if (!located) {
                    unlocated(i, end);
                }
                i = end - 1;
            }
        }

        /**
         * An error that names no file, such as a plugin's {@code terser not found}: Vite 5 prints
         * {@code [vite:terser] message}, Vite 8 {@code Build failed with 1 error:}, then {@code [plugin vite:terser]}
         * and {@code Error: message} on lines of their own. The message keeps the plugin's name; when the first
         * stack frame is in a project file (a {@code vite.config.js} that throws), that is the location.
         */
        private void unlocated(int header, int end) {
            String plugin = null;
            for (int k = header; k < end; k++) {
                String line = k == header ? VITE_ERROR_HEADER.matcher(text.get(k)).replaceFirst("${rest}") : text.get(k);
                if (line.isBlank() || BUILD_FAILED_COUNT.matcher(line).matches()) {
                    continue;
                }
                Matcher tag = PLUGIN_PREFIX.matcher(line.strip());
                if (tag.matches() && tag.group("rest").isBlank()) {
                    plugin = tag.group("plugin");
                    continue;
                }
                String message = tag.matches() ? tag.group("rest") : line.strip();
                String name = tag.matches() ? tag.group("plugin") : plugin;
                message = ERROR_PREFIX.matcher(message).replaceFirst("");
                Matcher place = end < text.size() ? PROJECT_FRAME.matcher(text.get(end)) : null;
                boolean inProject = place != null && place.matches() && !place.group("file").contains("node_modules/");
                add(k, Severity.ERROR, inProject ? place.group("file") : null,
                        inProject ? number(place.group("line")) : null, inProject ? number(place.group("col")) : null,
                        null, name == null ? message : name + ": " + message, null);
                return;
            }
        }

        private record Location(String file, Integer line, Integer column, String frame) {}

        /** The {@code file: path:line:col} line that Vite prints under an error, if there is one for this file. */
        private Location fileLineAfter(int start, String file) {
            for (int k = start; k < Math.min(text.size(), start + 6); k++) {
                if (STACK_LINE.matcher(text.get(k)).matches()) {
                    break;
                }
                Matcher m = VITE_FILE.matcher(text.get(k));
                if (m.matches() && path(m.group("file")).equals(path(file))) {
                    return new Location(file, number(m.group("line")), plusOne(number(m.group("col"))),
                            pipeFrameAfter(k + 1, 6));
                }
            }
            return new Location(file, null, null, null);
        }

        /** The first run of {@code N | code} frame lines within {@code window} lines after {@code start}. */
        private String pipeFrameAfter(int start, int window) {
            int k = start;
            int limit = Math.min(text.size(), start + window);
            while (k < limit && !PIPE_FRAME_LINE.matcher(text.get(k)).matches()) {
                if (STACK_LINE.matcher(text.get(k)).matches()) {
                    return null;
                }
                k++;
            }
            int end = k;
            while (end < text.size() && end - k < MAX_FRAME_LINES && PIPE_FRAME_LINE.matcher(text.get(end)).matches()) {
                end++;
            }
            if (end == k) {
                return null;
            }
            for (int n = k; n < end; n++) {
                used[n] = true;
            }
            return String.join("\n", text.subList(k, end));
        }

        // -------------------------------------------------------------------------------------- npm

        /** npm prints one error per run, every line prefixed with {@code npm error} (npm 7+: {@code npm ERR!}). */
        private void npm() {
            List<String> body = new ArrayList<>();
            int first = -1;
            for (int i = 0; i < text.size(); i++) {
                Matcher m = NPM.matcher(text.get(i));
                if (m.matches()) {
                    if (first < 0) {
                        first = i;
                    }
                    body.add(m.group("body") == null ? "" : m.group("body").strip());
                }
            }
            String code = null;
            for (String line : body) {
                Matcher m = NPM_CODE.matcher(line);
                if (m.matches()) {
                    code = m.group("code");
                    break;
                }
            }
            if (code == null) {
                return;
            }
            String message = switch (code) {
                case "E404" -> firstMatch(body, NPM_NOT_FOUND).or(() -> firstMatch(body, NPM_404_GET))
                        .orElse(null);
                case "ETARGET" -> firstMatch(body, NPM_NO_MATCHING).orElse(null);
                case "ERESOLVE" -> eresolve(body);
                default -> null;
            };
            if (message == null) {
                message = body.stream()
                        .filter(line -> !line.isBlank() && !NPM_NOISE.matcher(line).matches())
                        .findFirst()
                        .map(line -> NPM_TITLE.matcher(line).replaceFirst(""))
                        .orElse(null);
            }
            if (message != null) {
                add(first, Severity.ERROR, null, null, null, code, message, null);
            }
        }

        private static Optional<String> firstMatch(List<String> body, Pattern pattern) {
            for (String line : body) {
                Matcher m = pattern.matcher(line);
                if (m.matches()) {
                    return Optional.of(m.group("msg"));
                }
            }
            return Optional.empty();
        }

        /**
         * {@code unable to resolve dependency tree: peer react@"^18.3.1" from react-dom@18.3.1; found
         * react@19.2.0}, from npm's many-line report.
         */
        private static String eresolve(List<String> body) {
            String headline = null;
            String found = null;
            String needed = null;
            String conflicting = null;
            for (int k = 0; k < body.size(); k++) {
                String line = body.get(k);
                if (headline == null && line.startsWith("ERESOLVE ")) {
                    headline = line.substring("ERESOLVE ".length()).strip();
                } else if (found == null && line.startsWith("Found: ")) {
                    found = line.substring("Found: ".length()).strip();
                } else if (needed == null && line.equals("Could not resolve dependency:") && k + 1 < body.size()) {
                    needed = body.get(k + 1).strip();
                } else if (conflicting == null && line.startsWith("Conflicting peer dependency: ")) {
                    conflicting = line.substring("Conflicting peer dependency: ".length()).strip();
                }
            }
            if (headline == null) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            if (needed != null) {
                parts.add(needed);
            }
            if (conflicting != null) {
                parts.add("conflicting peer dependency " + conflicting);
            }
            if (found != null) {
                parts.add("found " + found);
            }
            return parts.isEmpty() ? headline : headline + ": " + String.join("; ", parts);
        }

        // -------------------------------------------------------------------------------------- headers

        private record Header(String code, String message) {}

        /** Splits {@code [CODE] Error: message} or {@code [plugin name] × message} into code and message. */
        private static Header header(String line) {
            String rest = line.strip();
            String code = null;
            Matcher header = VITE_ERROR_HEADER.matcher(rest);
            if (header.matches() && !header.group("rest").isBlank()) {
                rest = header.group("rest").strip();
            }
            for (int round = 0; round < 3; round++) {
                Matcher m;
                if ((m = CODE_PREFIX.matcher(rest)).matches()) {
                    code = code == null ? m.group("code") : code;
                    rest = m.group("rest");
                } else if ((m = PLUGIN_PREFIX.matcher(rest)).matches()) {
                    rest = m.group("rest");
                }
                rest = ERROR_PREFIX.matcher(rest).replaceFirst("");
            }
            return new Header(code, rest.strip());
        }
    }
}
