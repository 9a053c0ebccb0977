package dev.previewkit;

/**
 * Root of every exception Previewkit throws. Unchecked.
 *
 * <p>Exceptions are reserved for invalid input ({@link InvalidProjectException}) and infrastructure faults
 * ({@link BackendUnavailableException}, I/O errors in the work directory). A user build that fails, times
 * out or is cancelled is never an exception: it is a {@link BuildResult} with the matching {@link BuildStatus}.
 */
public class PreviewException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PreviewException(String message) {
        super(message);
    }

    public PreviewException(String message, Throwable cause) {
        super(message, cause);
    }
}
