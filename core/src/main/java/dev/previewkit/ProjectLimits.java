package dev.previewkit;

/**
 * Bounds on the size of a project accepted by {@link ProjectFiles}.
 *
 * @param maxFiles        most files a project may hold
 * @param maxTotalBytes   most bytes all files together may hold
 * @param maxPathLength   most characters one path may have
 * @param maxSegmentLength most characters one path segment (file or folder name) may have
 */
public record ProjectLimits(int maxFiles, long maxTotalBytes, int maxPathLength, int maxSegmentLength) {

    /** 5,000 files, 50 MiB, paths of 512 characters, names of 255. */
    public static final ProjectLimits DEFAULT = new ProjectLimits(5_000, 50L * 1024 * 1024, 512, 255);

    public ProjectLimits {
        if (maxFiles < 1 || maxTotalBytes < 1 || maxPathLength < 1 || maxSegmentLength < 1) {
            throw new IllegalArgumentException("project limits must be positive: " + maxFiles + ", "
                    + maxTotalBytes + ", " + maxPathLength + ", " + maxSegmentLength);
        }
    }

    /** A copy with another file-count limit. */
    public ProjectLimits withMaxFiles(int files) {
        return new ProjectLimits(files, maxTotalBytes, maxPathLength, maxSegmentLength);
    }

    /** A copy with another total-size limit. */
    public ProjectLimits withMaxTotalBytes(long bytes) {
        return new ProjectLimits(maxFiles, bytes, maxPathLength, maxSegmentLength);
    }
}
