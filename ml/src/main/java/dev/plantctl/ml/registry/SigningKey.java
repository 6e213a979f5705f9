package dev.plantctl.ml.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * An Ed25519 private key that signs model bundles and the fact corpus ({@link BundleSignature}), with its key id.
 * Keys use the JDK's own Ed25519 provider. The private key file ({@code <id>.key}, readable by its owner only)
 * holds the PKCS#8 private key and the X.509 public key as two PEM blocks (the JDK cannot derive one from the
 * other); the public key file ({@code <id>.pub}, X.509 PEM) goes into a verifier's trusted-keys directory
 * ({@link TrustedKeys}). The key id is the file name without {@value #PRIVATE_SUFFIX}.
 *
 * <p>A private key is read from a file or from the file the environment variable {@value #ENVIRONMENT} names,
 * never from the command line.
 */
public final class SigningKey {

    /** The environment variable naming the private key file when no file is given. */
    public static final String ENVIRONMENT = "PLANTCTL_SIGNING_KEY_FILE";
    /** The suffix of a private key file. */
    public static final String PRIVATE_SUFFIX = ".key";

    private static final String PRIVATE_LABEL = "PRIVATE KEY";

    private final String keyId;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {
        this.keyId = TrustedKeys.requireKeyId(keyId);
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A new random key pair with the given id (kept in memory until written). */
    public static SigningKey generate(String keyId) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(Pem.ALGORITHM).generateKeyPair();
            return new SigningKey(keyId, pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no Ed25519 key generator", e);
        }
    }

    /**
     * Reads a private key file ({@code <id>.key}) and checks that its two keys belong together.
     *
     * @throws IllegalArgumentException when the file is missing or holds no matching Ed25519 key pair, naming it
     */
    public static SigningKey read(Path file) {
        String name = file.getFileName().toString();
        String id = name.endsWith(PRIVATE_SUFFIX) ? name.substring(0, name.length() - PRIVATE_SUFFIX.length()) : name;
        SigningKey key;
        try {
            KeyFactory factory = KeyFactory.getInstance(Pem.ALGORITHM);
            key = new SigningKey(id, factory.generatePrivate(new PKCS8EncodedKeySpec(Pem.decode(file, PRIVATE_LABEL))),
                    factory.generatePublic(new X509EncodedKeySpec(Pem.decode(file, Pem.PUBLIC_LABEL))));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not an Ed25519 key pair (" + e.getMessage() + ")", e);
        }
        byte[] probe = file.toString().getBytes(StandardCharsets.UTF_8);
        if (!Pem.verifies(key.publicKey, probe, key.sign(probe))) {
            throw new IllegalArgumentException(file + ": its public key does not belong to its private key");
        }
        return key;
    }

    /**
     * The key of a file given as an option, else of the file {@value #ENVIRONMENT} names.
     *
     * @param file the key file, or null to look at the environment
     * @param what what needs the key, for the message, e.g. {@code "plantctl train"}
     * @throws IllegalArgumentException when neither is given, or the file is not a private key
     */
    public static SigningKey fromFileOrEnvironment(Path file, String what) {
        if (file != null) {
            return read(file);
        }
        String env = System.getenv(ENVIRONMENT);
        if (env == null || env.isBlank()) {
            throw new IllegalArgumentException(what + " signs what it publishes and needs a private key: give "
                    + "--signing-key FILE or set " + ENVIRONMENT + " to the file (make one with 'plantctl models "
                    + "keygen --out DIR')");
        }
        return read(Path.of(env));
    }

    /** The key id, written into every signature. */
    public String keyId() {
        return keyId;
    }

    /** The public key that verifies this key's signatures. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Writes the public key as {@code dir/<id>.pub} (created when missing; an existing file is replaced).
     *
     * @return the file
     */
    public Path writePublicKey(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(keyId + TrustedKeys.PUBLIC_SUFFIX);
        Files.writeString(file, Pem.encode(Pem.PUBLIC_LABEL, publicKey.getEncoded()));
        return file;
    }

    /**
     * Writes the private key with its public key as {@code dir/<id>.key}, readable and writable by its owner only.
     *
     * @return the file
     * @throws FileAlreadyExistsException when the file exists: a private key is never overwritten
     */
    public Path writePrivateKey(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(keyId + PRIVATE_SUFFIX);
        if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, Pem.encode(PRIVATE_LABEL, privateKey.getEncoded())
                + Pem.encode(Pem.PUBLIC_LABEL, publicKey.getEncoded()), StandardOpenOption.WRITE);
        return file;
    }

    /** The Ed25519 signature of the message. */
    byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance(Pem.ALGORITHM);
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing with key " + keyId + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + keyId + "]";
    }

}
