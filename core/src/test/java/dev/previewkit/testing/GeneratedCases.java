package dev.previewkit.testing;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a check on many generated inputs, for property tests of what must hold for any input (a path validator, a
 * resolver, a scanner, an upload parser). Each run draws a seed, or takes {@code -Dpreviewkit.seed=N} to repeat
 * one; a failing case is reported with the seed and the case's number and input, so it can be replayed.
 *
 * <p>A small harness of our own: the jqwik versions the design guide names (1.10 and later) ask AI coding agents,
 * which write much of this project, not to use them.
 */
public final class GeneratedCases {
    private GeneratedCases() {}

    /**
     * Generates {@code cases} inputs with {@code generator} and checks each with {@code check}.
     *
     * @throws AssertionError naming the seed, the case and its input when a check fails or throws
     */
    public static <T> void check(int cases, Function<Random, T> generator, Consumer<T> check) {
        long seed = Long.getLong("previewkit.seed", new Random().nextLong());
        Random random = new Random(seed);
        for (int i = 0; i < cases; i++) {
            T input = generator.apply(random);
            try {
                check.accept(input);
            } catch (AssertionError | RuntimeException | StackOverflowError e) {
                throw new AssertionError("case " + i + " of seed " + seed + " (repeat with -Dpreviewkit.seed=" + seed
                        + ") failed for input " + describe(input) + ": " + e, e);
            }
        }
    }

    private static String describe(Object input) {
        String text = String.valueOf(input);
        return text.length() > 500 ? text.substring(0, 500) + "... (" + text.length() + " chars)" : "'" + text + "'";
    }
}
