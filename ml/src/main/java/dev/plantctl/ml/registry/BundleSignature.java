package dev.plantctl.ml.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The detached Ed25519 signature ({@value #FILE}) beside the one file of a bundle that covers all others: a
 * registry version's {@code checksums.sha256} (which covers {@code model.onnx} and {@code metadata.json}), a
 * policy bundle's {@code mbrl.json} (which holds the SHA-256 of its ONNX files), the fact corpus itself.
 *
 * <p>The signed message is {@code "plantctl-signature-v1\n" + subject + "\n" + file name + "\n"} in UTF-8,
 * followed by the signed file's exact bytes. The <b>subject</b> says what the bundle is, e.g.
 * {@code model printer-expert/3}: the verifier computes it from where it reads the bundle, so a signed version
 * copied under another name or version does not verify. The signature file is UTF-8 text:
 * <pre>
 * format: plantctl-signature 1
 * algorithm: Ed25519
 * key: plantctl-release
 * subject: model printer-expert/3
 * file: checksums.sha256
 * signature: &lt;Base64 of the 64-byte signature&gt;
 * </pre>
 * Verification refuses, as a {@link ModelRejectedException} naming the signature file: a missing signature
 * (unless the {@link TrustedKeys} allow unsigned bundles, which logs a warning), a malformed file, another subject
 * or signed file, a key id that is not trusted, and a signature that does not verify.
 */
public final class BundleSignature {

    /** The signature file's name. */
    public static final String FILE = "signature.ed25519";

    private static final Logger LOG = LoggerFactory.getLogger(BundleSignature.class);
    private static final String FORMAT = "plantctl-signature 1";
    private static final List<String> FIELDS = List.of("format", "algorithm", "key", "subject", "file", "signature");

    private BundleSignature() {
    }

    /**
     * Signs a file of a directory, writing {@value #FILE} beside it (replacing one that is there, atomically).
     *
     * @param dir     the bundle's directory
     * @param file    the signed file's name in it
     * @param subject what the bundle is (see the class comment)
     * @param key     the private key
     * @return the signature file
     */
    public static Path sign(Path dir, String file, String subject, SigningKey key) throws IOException {
        byte[] content = Files.readAllBytes(dir.resolve(file));
        Path target = dir.resolve(FILE);
        Path staging = Files.createTempFile(dir, ".signature-", ".tmp");
        try {
            Files.write(staging, text(file, subject, key, content));
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staging);
        }
        return target;
    }

    /** The signature file's bytes for a file's content (see the class comment). */
    static byte[] text(String file, String subject, SigningKey key, byte[] content) {
        byte[] signature = key.sign(message(subject, file, content));
        return ("format: " + FORMAT + "\nalgorithm: " + Pem.ALGORITHM + "\nkey: " + key.keyId() + "\nsubject: "
                + subject + "\nfile: " + file + "\nsignature: " + Base64.getEncoder().encodeToString(signature) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Verifies a signed file's content.
     *
     * @param keys          the trusted keys
     * @param subject       what the reader expects the bundle to be (see the class comment)
     * @param file          the signed file's name
     * @param content       the bytes the reader goes on to use
     * @param signature     the signature file's bytes, or null when there is none
     * @param signatureFile where the signature file is (or would be), for messages
     * @throws ModelRejectedException when the content is not signed by a trusted key for this subject
     */
    public static void verify(TrustedKeys keys, String subject, String file, byte[] content, byte[] signature,
                              Path signatureFile) throws ModelRejectedException {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(content, "content");
        if (signature == null) {
            if (keys.allowsUnsigned()) {
                LOG.warn("{}: missing; loading the unsigned {} because unsigned models are allowed", signatureFile,
                        subject);
                return;
            }
            throw new ModelRejectedException(signatureFile, "missing: " + subject + " is unsigned (sign it with "
                    + "'plantctl models sign', or allow unsigned models explicitly)");
        }
        Map<String, String> fields = fields(signature, signatureFile);
        if (!FORMAT.equals(fields.get("format")) || !Pem.ALGORITHM.equals(fields.get("algorithm"))) {
            throw new ModelRejectedException(signatureFile, "not a '" + FORMAT + "' signature with algorithm "
                    + Pem.ALGORITHM);
        }
        if (!subject.equals(fields.get("subject"))) {
            throw new ModelRejectedException(signatureFile, "signed for " + fields.get("subject") + ", but read as "
                    + subject + " (moved or copied to another name or version?)");
        }
        if (!file.equals(fields.get("file"))) {
            throw new ModelRejectedException(signatureFile, "signs the file '" + fields.get("file") + "', expected '"
                    + file + "'");
        }
        String keyId = fields.get("key");
        PublicKey key = keys.key(keyId).orElseThrow(() -> new ModelRejectedException(signatureFile, "signed by key '"
                + keyId + "', which is not trusted (trusted: " + String.join(", ", keys.ids()) + ")"));
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(fields.get("signature"));
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(signatureFile, "the signature is not Base64: " + e.getMessage());
        }
        if (!Pem.verifies(key, message(subject, file, content), bytes)) {
            throw new ModelRejectedException(signatureFile, "signature does not verify with key " + keyId + " ("
                    + file + " modified?)");
        }
    }

    /**
     * Reads the signature file of a directory and verifies the signed file's content, as
     * {@link #verify(TrustedKeys, String, String, byte[], byte[], Path)} does.
     *
     * @throws ModelRejectedException when the content is not signed by a trusted key for this subject
     */
    public static void verify(TrustedKeys keys, String subject, Path dir, String file, byte[] content)
            throws IOException {
        Path signatureFile = dir.resolve(FILE);
        byte[] signature = Files.exists(signatureFile) ? Files.readAllBytes(signatureFile) : null;
        verify(keys, subject, file, content, signature, signatureFile);
    }

    private static byte[] message(String subject, String file, byte[] content) {
        byte[] head = ("plantctl-signature-v1\n" + subject + "\n" + file + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + content.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(content, 0, out, head.length, content.length);
        return out;
    }

    private static Map<String, String> fields(byte[] signature, Path signatureFile) throws ModelRejectedException {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = new String(signature, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip();
            if (!FIELDS.contains(name)) {
                throw new ModelRejectedException(signatureFile, "line " + (i + 1) + " is not one of the fields "
                        + String.join(", ", FIELDS) + ": '" + line + "'");
            }
            if (out.put(name, line.substring(colon + 1).strip()) != null) {
                throw new ModelRejectedException(signatureFile, "line " + (i + 1) + " repeats the field '" + name
                        + "'");
            }
        }
        for (String name : FIELDS) {
            if (!out.containsKey(name)) {
                throw new ModelRejectedException(signatureFile, "the field '" + name + "' is missing");
            }
        }
        return out;
    }
}
