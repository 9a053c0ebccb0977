package dev.previewkit.examples.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The minimum, median and maximum of a scenario's timed runs, in milliseconds.
 *
 * @param min    the fastest run
 * @param median the middle run (the mean of the two middle runs for an even count)
 * @param max    the slowest run
 * @param runs   how many runs were timed
 */
record Stats(double min, double median, double max, int runs) {

    /** Summarises run times given in nanoseconds; at least one is needed. */
    static Stats ofNanos(List<Long> nanos) {
        if (nanos.isEmpty()) {
            throw new IllegalArgumentException("no runs to summarise");
        }
        double[] millis = nanos.stream().mapToDouble(n -> n / 1_000_000.0).toArray();
        Arrays.sort(millis);
        int n = millis.length;
        double median = n % 2 == 1 ? millis[n / 2] : (millis[n / 2 - 1] + millis[n / 2]) / 2;
        return new Stats(millis[0], median, millis[n - 1], n);
    }

    /** Milliseconds with one decimal below 100 ms, whole above. */
    static String ms(double millis) {
        return millis < 100 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.0f", millis);
    }
}
