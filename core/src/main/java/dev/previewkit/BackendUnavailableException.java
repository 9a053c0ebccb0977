package dev.previewkit;

/**
 * Thrown when a {@link dev.previewkit.spi.BuildBackend} cannot run builds on this machine, for example
 * because Node.js is missing or too old. The message is the backend's own explanation from
 * {@link dev.previewkit.spi.BuildBackend#probe()}.
 */
public class BackendUnavailableException extends PreviewException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }
}
