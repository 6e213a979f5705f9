package dev.plantctl.ml.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model read from the registry and verified: its directory, its metadata and the bytes of its model file, whose
 * checksum matched. Opening it in ONNX Runtime is the consumer's step (see {@link ServedModel}).
 *
 * @param directory the version directory
 * @param metadata  the verified metadata
 * @param model     the model file's bytes
 */
public record ModelPackage(Path directory, ModelMetadata metadata, byte[] model) {

    /** Checks the fields. */
    public ModelPackage {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(model, "model");
    }

    /** The model file's path. */
    public Path modelFile() {
        return directory.resolve(metadata.file());
    }
}
