package dev.previewkit;

/**
 * Bounds on the size of a project accepted by {@link ProjectFiles}.
 *
 * <p>The size bounds are generous because large files cost little: a file that {@link ProjectFiles} finds on
 * disk or receives as a stream is kept out of the heap (see {@link ProjectFile}), and identical files of
 * different builds are stored once in the artifact cache. They exist to stop a runaway upload, not to make
 * apps with images and videos in {@code public/} fail.
 *
 * @param maxFiles         most files a project may hold
 * @param maxFileBytes     most bytes one file may hold
 * @param maxTotalBytes    most bytes all files together may hold
 * @param maxPathLength    most characters one path may have
 * @param maxSegmentLength most characters one path segment (file or folder name) may have
 */
public record ProjectLimits(int maxFiles, long maxFileBytes, long maxTotalBytes, int maxPathLength,
        int maxSegmentLength) {

    /**
     * 5,000 files, 256 MiB per file, 1 GiB in all, paths of 512 characters, names of 255.
     *
     * <p>Real AI-generated apps carry their media in {@code public/}: a lovable.dev export held 85 MB of images
     * and video. 1 GiB admits several times that; 256 MiB per file admits a long hero video while still
     * refusing a disk image or a database dump that slipped into an upload. Both pass straight into the
     * artifact, whose cap ({@link OutputLimits#DEFAULT}) is set to hold a project of this size and its bundle.
     */
    public static final ProjectLimits DEFAULT = new ProjectLimits(5_000, 256L << 20, 1L << 30, 512, 255);

    public ProjectLimits {
        if (maxFiles < 1 || maxFileBytes < 1 || maxTotalBytes < 1 || maxPathLength < 1 || maxSegmentLength < 1) {
            throw new IllegalArgumentException("project limits must be positive: " + maxFiles + ", " + maxFileBytes
                    + ", " + maxTotalBytes + ", " + maxPathLength + ", " + maxSegmentLength);
        }
    }

    /** A copy with another file-count limit. */
    public ProjectLimits withMaxFiles(int files) {
        return new ProjectLimits(files, maxFileBytes, maxTotalBytes, maxPathLength, maxSegmentLength);
    }

    /** A copy with another per-file size limit. */
    public ProjectLimits withMaxFileBytes(long bytes) {
        return new ProjectLimits(maxFiles, bytes, maxTotalBytes, maxPathLength, maxSegmentLength);
    }

    /** A copy with another total-size limit. */
    public ProjectLimits withMaxTotalBytes(long bytes) {
        return new ProjectLimits(maxFiles, maxFileBytes, bytes, maxPathLength, maxSegmentLength);
    }
}
