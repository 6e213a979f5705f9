package dev.plantctl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fault injection for model registry versions ({@code model.onnx}, {@code metadata.json}, {@code checksums.sha256},
 * see {@code ml/README.md}): edits the way someone with write access to the registry, but without the signing key,
 * would make them, so that every checksum agrees and only the signature can tell.
 */
public final class ModelTampering {

    private ModelTampering() {
    }

    /**
     * Flips one bit in the middle of {@code model.onnx} and writes its new SHA-256 into {@code metadata.json} and
     * {@code checksums.sha256}.
     */
    public static void alterModelAndRecomputeChecksums(Path versionDir) throws IOException {
        Path modelFile = versionDir.resolve("model.onnx");
        byte[] model = Files.readAllBytes(modelFile);
        String before = sha256(model);
        model[model.length / 2] ^= 0x20;
        Files.write(modelFile, model);
        rewriteMetadataAndChecksums(versionDir,
                Files.readString(versionDir.resolve("metadata.json")).replace(before, sha256(model)));
    }

    /** Replaces {@code metadata.json} and rewrites both checksums, as a hand edit followed by sha256sum would. */
    public static void rewriteMetadataAndChecksums(Path versionDir, String metadata) throws IOException {
        Files.writeString(versionDir.resolve("metadata.json"), metadata);
        Files.writeString(versionDir.resolve("checksums.sha256"),
                sha256(Files.readAllBytes(versionDir.resolve("model.onnx"))) + "  model.onnx\n"
                        + sha256(metadata.getBytes(StandardCharsets.UTF_8)) + "  metadata.json\n");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
