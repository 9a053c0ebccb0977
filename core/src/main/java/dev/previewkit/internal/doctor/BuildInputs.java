package dev.previewkit.internal.doctor;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which files of a project can reach the production build, so that the doctor declares only packages the build
 * may need. Left out: tests and stories (a test runner's imports), root folders of server-side or deployment
 * code ({@code server/}, {@code supabase/functions}, ...), and configuration of tools other than Vite, PostCSS and
 * Tailwind (ESLint, Jest, Next.js, ...). Everything else counts, also a component no page imports: an import
 * missed would fail the build, one too many only costs an install.
 */
final class BuildInputs {
    private static final Pattern TESTS = Pattern.compile(
            "(?:^|.*/)(?:__tests__|__mocks__|tests?|e2e|cypress|playwright|\\.storybook)/.*"
                    + "|.*\\.(?:test|spec|stories|cy)\\.[cm]?[jt]sx?|(?:.*/)?setup-?tests\\.[cm]?[jt]sx?");
    private static final Pattern SERVER = Pattern.compile(
            "(?:server|api|backend|functions|netlify|supabase|scripts|electron|android|ios)/.*");
    private static final Pattern OTHER_TOOLS = Pattern.compile(
            "(?:eslint|jest|vitest|playwright|cypress|next|nuxt|webpack|babel|prettier|commitlint|stylelint|"
                    + "lint-staged|svelte|astro|remix|capacitor|electron-builder)\\.config\\.[cm]?[jt]s"
                    + "|\\.eslintrc\\.[cm]?js|\\.prettierrc\\.[cm]?js");

    private BuildInputs() {}

    /** Whether the file at this project path can be part of what {@code vite build} bundles or runs. */
    static boolean contains(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return !TESTS.matcher(lower).matches() && !SERVER.matcher(lower).matches()
                && !OTHER_TOOLS.matcher(lower).matches();
    }
}
