package dev.previewkit;

/**
 * Bounds on what a build may produce and report.
 *
 * @param maxArtifactFiles most files one artifact may hold
 * @param maxArtifactBytes most bytes one artifact may hold
 * @param maxLogChars      most characters of output kept in {@link BuildResult#log()} (the newest are kept)
 */
public record OutputLimits(int maxArtifactFiles, long maxArtifactBytes, int maxLogChars) {

    /**
     * 10,000 files, 1.25 GiB, a 64 KiB log tail. Vite copies {@code public/} into the output as it is, so an
     * artifact must hold a project at {@link ProjectLimits#DEFAULT}'s 1 GiB plus its bundles; the artifact
     * cache stores files shared by several artifacts once, so large assets cost disk space once per content.
     */
    public static final OutputLimits DEFAULT = new OutputLimits(10_000, (1L << 30) + (256L << 20), 64 * 1024);

    public OutputLimits {
        if (maxArtifactFiles < 1 || maxArtifactBytes < 1 || maxLogChars < 1) {
            throw new IllegalArgumentException("output limits must be positive: " + maxArtifactFiles + ", "
                    + maxArtifactBytes + ", " + maxLogChars);
        }
    }
}
