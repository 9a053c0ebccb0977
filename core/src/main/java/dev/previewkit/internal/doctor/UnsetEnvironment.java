package dev.previewkit.internal.doctor;

import dev.previewkit.BuildPhase;
import dev.previewkit.Diagnostic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code import.meta.env.VITE_*} variables that code reads and no {@code .env} file of the project sets:
 * Vite replaces them with {@code undefined}, and an app that passes one to a client (a Supabase URL, say)
 * throws while mounting, a blank preview. Exports of AI builders often commit only {@code .env.example}.
 */
final class UnsetEnvironment {
    /** The files Vite reads for a production build, in the project root. */
    private static final List<String> ENV_FILES = List.of(".env", ".env.local", ".env.production",
            ".env.production.local");
    private static final Pattern READ = Pattern.compile("import\\.meta\\.env\\.(VITE_[A-Za-z0-9_]+)");
    private static final Pattern SET = Pattern.compile("(?m)^\\s*(?:export\\s+)?(VITE_[A-Za-z0-9_]+)\\s*=");
    /** At most this many variables are reported. */
    private static final int REPORTED = 10;

    private UnsetEnvironment() {}

    /**
     * One warning per variable read but not set, naming the first file that reads it.
     *
     * @param sources project path to source text, for the files that reach the build
     * @param text    the text of any project file, or null when it does not exist
     */
    static List<Diagnostic> warnings(Map<String, String> sources, Function<String, String> text) {
        Set<String> set = new TreeSet<>();
        for (String file : ENV_FILES) {
            String content = text.apply(file);
            if (content != null) {
                Matcher matcher = SET.matcher(content);
                while (matcher.find()) {
                    set.add(matcher.group(1));
                }
            }
        }
        Map<String, String> unset = new LinkedHashMap<>();
        sources.forEach((path, source) -> {
            Matcher matcher = READ.matcher(source);
            while (matcher.find()) {
                if (!set.contains(matcher.group(1))) {
                    unset.putIfAbsent(matcher.group(1), path);
                }
            }
        });
        List<Diagnostic> warnings = new ArrayList<>();
        unset.entrySet().stream().limit(REPORTED).forEach(variable -> warnings.add(new Diagnostic(BuildPhase.BUILD,
                Diagnostic.Severity.WARNING, Optional.of(variable.getValue()), OptionalInt.empty(), OptionalInt.empty(),
                Optional.of("ENV_UNSET"), "import.meta.env." + variable.getKey() + " is read but no .env file sets it:"
                        + " it is undefined in the preview unless the build environment provides it",
                Optional.empty())));
        return warnings;
    }
}
