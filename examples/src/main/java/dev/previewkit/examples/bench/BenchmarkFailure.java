package dev.previewkit.examples.bench;

/** Stops the benchmark: a step it depends on failed, and the message says which and why. */
final class BenchmarkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchmarkFailure(String message) {
        super(message);
    }

    BenchmarkFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
