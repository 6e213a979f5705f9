package dev.plantctl.ml.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Versioned model directories under one root:
 * <pre>
 * root/
 *   greenhouse-dynamics/
 *     1/  model.onnx  metadata.json  checksums.sha256  signature.ed25519
 *     2/  …
 * </pre>
 * A version is a directory named by a positive integer; the highest is the latest. {@code checksums.sha256}
 * lists the SHA-256 of {@code model.onnx} and {@code metadata.json} in the format of {@code sha256sum}, so
 * {@code sha256sum -c checksums.sha256} verifies a directory by hand too. {@code signature.ed25519}
 * ({@link BundleSignature}) signs the checksum file's exact bytes for the subject {@code model <name>/<version>}:
 * checksums catch corruption, the signature catches tampering, even with recomputed checksums.
 *
 * <p><b>Publishing</b> writes a new version, signed, into a hidden staging directory and renames it into place in
 * one atomic move, so a reader never sees half a version. <b>Reading</b> verifies, in order: the signature against
 * the registry's {@link TrustedKeys}, both checksums, the
 * metadata's format and fields, that the metadata's name and version are the directory's, that its
 * {@code sha256} is the model file's, and that inputs, outputs and step fit the consumer's
 * {@link ModelContract}. Any failure is a {@link ModelRejectedException} whose message starts with the file at
 * fault. Safe for concurrent readers; publishers of one model name must not race (the second rename fails).
 */
public final class ModelRegistry {

    /** The model file's name in a version directory. */
    public static final String MODEL_FILE = "model.onnx";
    /** The metadata file's name in a version directory. */
    public static final String METADATA_FILE = "metadata.json";
    /** The checksum file's name in a version directory. */
    public static final String CHECKSUMS_FILE = "checksums.sha256";

    private final Path root;
    private final TrustedKeys trust;

    /**
     * A registry rooted at the given directory (created on the first publish).
     *
     * @param root  the root directory
     * @param trust the keys whose signatures {@link #read} accepts
     */
    public ModelRegistry(Path root, TrustedKeys trust) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    /** The versions of a model, ascending; empty when there is none. */
    public List<Long> versions(String name) throws IOException {
        Path dir = root.resolve(requireName(name));
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p) && n.matches("[1-9][0-9]{0,17}")) {
                    out.add(Long.parseLong(n));
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The highest version of a model, if any. */
    public OptionalLong latestVersion(String name) throws IOException {
        List<Long> v = versions(name);
        return v.isEmpty() ? OptionalLong.empty() : OptionalLong.of(v.get(v.size() - 1));
    }

    /** The version the next {@link #publish} of this model will get. */
    public long nextVersion(String name) throws IOException {
        return latestVersion(name).orElse(0) + 1;
    }

    /** The directory of one version. */
    public Path directory(String name, long version) {
        return root.resolve(requireName(name)).resolve(Long.toString(version));
    }

    /**
     * Publishes a model, signed, as the version its metadata names.
     *
     * @param metadata the metadata; its {@code sha256} must be the model's and its file {@value #MODEL_FILE}
     * @param model    the model file's bytes
     * @param signer   the private key that signs the version
     * @return the new version directory
     * @throws IOException when writing fails or the version exists already
     */
    public Path publish(ModelMetadata metadata, byte[] model, SigningKey signer) throws IOException {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(model, "model");
        if (!metadata.sha256().equals(sha256(model)) || !metadata.file().equals(MODEL_FILE)) {
            throw new IllegalArgumentException("metadata of " + metadata.id() + " must name " + MODEL_FILE
                    + " with the model's sha256");
        }
        Path target = directory(metadata.name(), metadata.version());
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, ".staging-");
        try {
            if (Files.getFileStore(staging).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            byte[] meta = metadata.toJson().getBytes(StandardCharsets.UTF_8);
            Files.write(staging.resolve(MODEL_FILE), model);
            Files.write(staging.resolve(METADATA_FILE), meta);
            Files.writeString(staging.resolve(CHECKSUMS_FILE), sha256(model) + "  " + MODEL_FILE + "\n"
                    + sha256(meta) + "  " + METADATA_FILE + "\n", StandardCharsets.UTF_8);
            BundleSignature.sign(staging, CHECKSUMS_FILE, subject(metadata.name(), metadata.version()), signer);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException | RuntimeException e) {
            deleteStaging(staging);
            throw e;
        }
    }

    /**
     * Reads and verifies one version.
     *
     * @throws ModelRejectedException when a file is missing, unsigned, not signed by a trusted key, corrupt or
     *                                does not fit the contract, naming it
     * @throws IOException            when a file cannot be read
     */
    public ModelPackage read(String name, long version, ModelContract contract) throws IOException {
        Objects.requireNonNull(contract, "contract");
        Path dir = directory(name, version);
        byte[] checksumsBytes = checksumsBytes(dir);
        BundleSignature.verify(trust, subject(name, version), dir, CHECKSUMS_FILE, checksumsBytes);
        ModelPackage verified = verifiedFiles(name, version, checksumsBytes);
        ModelMetadata meta = verified.metadata();
        Path metaFile = dir.resolve(METADATA_FILE);
        check(metaFile, "model name", contract.name(), meta.name());
        check(metaFile, "inputs", contract.inputs(), meta.inputs());
        check(metaFile, "outputs", contract.outputs(), meta.outputs());
        check(metaFile, "step", contract.step(), meta.step());
        return verified;
    }

    /**
     * Signs an existing version (replacing its signature), after checking that its files match their checksums
     * and its metadata names this version: a key holder re-signs what is there, never what has been altered.
     *
     * @return the signature file
     * @throws ModelRejectedException when a file is missing or corrupt, naming it
     */
    public Path sign(String name, long version, SigningKey signer) throws IOException {
        Objects.requireNonNull(signer, "signer");
        Path dir = directory(name, version);
        verifiedFiles(name, version, checksumsBytes(dir));
        return BundleSignature.sign(dir, CHECKSUMS_FILE, subject(name, version), signer);
    }

    /** The subject a version's signature is made for: {@code model <name>/<version>}. */
    static String subject(String name, long version) {
        return "model " + name + "/" + version;
    }

    private static byte[] checksumsBytes(Path dir) throws IOException {
        Path file = dir.resolve(CHECKSUMS_FILE);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelRejectedException(file, "missing: every version directory needs its checksums");
        }
    }

    /** The version's files, checked against the checksums and the metadata against the directory. */
    private ModelPackage verifiedFiles(String name, long version, byte[] checksumsBytes) throws IOException {
        Path dir = directory(name, version);
        Path checksumsFile = dir.resolve(CHECKSUMS_FILE);
        Map<String, String> checksums = checksums(checksumsBytes, checksumsFile);
        byte[] metaBytes = readVerified(dir.resolve(METADATA_FILE), checksums, checksumsFile);
        Path metaFile = dir.resolve(METADATA_FILE);
        ModelMetadata meta = ModelMetadata.fromJson(new String(metaBytes, StandardCharsets.UTF_8), metaFile);
        if (!meta.name().equals(name) || meta.version() != version) {
            throw new ModelRejectedException(metaFile, "names model " + meta.id() + " but lies in the directory of "
                    + name + "/" + version);
        }
        if (!meta.file().equals(MODEL_FILE)) {
            throw new ModelRejectedException(metaFile, "names model file '" + meta.file() + "', expected "
                    + MODEL_FILE);
        }
        Path modelFile = dir.resolve(MODEL_FILE);
        byte[] model = readVerified(modelFile, checksums, checksumsFile);
        if (!sha256(model).equals(meta.sha256())) {
            throw new ModelRejectedException(modelFile, "SHA-256 " + sha256(model) + " differs from the metadata's "
                    + meta.sha256());
        }
        return new ModelPackage(dir, meta, model);
    }

    /** The SHA-256 of the bytes, 64 lower-case hex digits. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void check(Path file, String what, Object expected, Object actual) throws ModelRejectedException {
        if (!expected.equals(actual)) {
            throw new ModelRejectedException(file, what + " " + actual + " do not match what the consumer expects: "
                    + expected);
        }
    }

    private static Map<String, String> checksums(byte[] bytes, Path file) throws ModelRejectedException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                throw new ModelRejectedException(file, "malformed line '" + line + "' (expected '<sha256>  <file>')");
            }
            out.put(parts[1], parts[0]);
        }
        return out;
    }

    private static byte[] readVerified(Path file, Map<String, String> checksums, Path checksumsFile)
            throws IOException {
        String expected = checksums.get(file.getFileName().toString());
        if (expected == null) {
            throw new ModelRejectedException(checksumsFile, "lists no checksum for " + file.getFileName());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelRejectedException(file, "missing");
        }
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new ModelRejectedException(file, "corrupt: SHA-256 " + actual + " differs from " + expected
                    + " in " + checksumsFile.getFileName());
        }
        return bytes;
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("model names are lower-case letters, digits, '.', '_' and '-': '"
                    + name + "'");
        }
        return name;
    }

    private static void deleteStaging(Path staging) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
            for (Path p : entries) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(staging);
    }
}
