package dev.plantctl.ml.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model in the registry that must not be served: a checksum that does not match, metadata that is malformed
 * or does not fit the consumer's contract, or a graph ONNX Runtime refuses. The message starts with the file at
 * fault.
 */
public final class ModelRejectedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The file at fault. */
    private final transient Path file;

    /** A rejection of {@code file} for the given reason. */
    public ModelRejectedException(Path file, String reason) {
        super(Objects.requireNonNull(file, "file") + ": " + reason);
        this.file = file;
    }

    /** A rejection of {@code file}, caused by another error. */
    public ModelRejectedException(Path file, String reason, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + reason, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
