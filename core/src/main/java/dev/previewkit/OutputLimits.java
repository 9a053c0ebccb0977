package dev.previewkit;

/**
 * Bounds on what a build may produce and report.
 *
 * @param maxArtifactFiles most files one artifact may hold
 * @param maxArtifactBytes most bytes one artifact may hold
 * @param maxLogChars      most characters of output kept in {@link BuildResult#log()} (the newest are kept)
 */
public record OutputLimits(int maxArtifactFiles, long maxArtifactBytes, int maxLogChars) {

    /** 10,000 files, 200 MiB, a 64 KiB log tail. */
    public static final OutputLimits DEFAULT = new OutputLimits(10_000, 200L * 1024 * 1024, 64 * 1024);

    public OutputLimits {
        if (maxArtifactFiles < 1 || maxArtifactBytes < 1 || maxLogChars < 1) {
            throw new IllegalArgumentException("output limits must be positive: " + maxArtifactFiles + ", "
                    + maxArtifactBytes + ", " + maxLogChars);
        }
    }
}
