package dev.plantctl.ml.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Ed25519 public keys whose signatures a reader of models accepts, by key id ({@link BundleSignature}), and
 * whether it accepts unsigned bundles at all. Immutable.
 *
 * <ul>
 *   <li>{@link #shipped()}: the project's release key(s), from the classpath ({@value #SHIPPED_FOLDER}); every
 *       shipped model and the fact corpus are signed with one of them.</li>
 *   <li>{@link #withDirectory(Path)}: plus every {@code *.pub} file (X.509 PEM) in a directory, the key id being
 *       the file name without {@value #PUBLIC_SUFFIX}: the operator's own keys for models trained on site.</li>
 *   <li>{@link #allowingUnsigned()}: a bundle without a signature file loads (with a warning each time); a bundle
 *       whose signature is present but wrong is refused all the same. Meant for a migration, never the default.</li>
 * </ul>
 */
public final class TrustedKeys {

    /** The suffix of a public key file. */
    public static final String PUBLIC_SUFFIX = ".pub";
    /** The classpath folder of the shipped public keys. */
    public static final String SHIPPED_FOLDER = "/dev/plantctl/ml/trust/";
    /** The ids of the shipped public keys, each a file {@code <id>.pub} in {@value #SHIPPED_FOLDER}. */
    public static final List<String> SHIPPED_KEY_IDS = List.of("plantctl-release");

    private final Map<String, PublicKey> keys;
    private final boolean allowUnsigned;

    private TrustedKeys(Map<String, PublicKey> keys, boolean allowUnsigned) {
        this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
        this.allowUnsigned = allowUnsigned;
    }

    /**
     * The shipped release keys.
     *
     * @throws IllegalStateException when a shipped key is missing from the classpath or malformed
     */
    public static TrustedKeys shipped() {
        Map<String, PublicKey> keys = new TreeMap<>();
        for (String id : SHIPPED_KEY_IDS) {
            String resource = SHIPPED_FOLDER + id + PUBLIC_SUFFIX;
            try (InputStream in = TrustedKeys.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the shipped public key classpath:" + resource + " is missing");
                }
                keys.put(id, publicKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII),
                        "classpath:" + resource));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the shipped public key classpath:" + resource, e);
            }
        }
        return new TrustedKeys(keys, false);
    }

    /** Exactly the public keys of the given signing keys (a publisher reading back what it signed; tests). */
    public static TrustedKeys of(SigningKey... signers) {
        Map<String, PublicKey> keys = new TreeMap<>();
        for (SigningKey k : signers) {
            keys.put(k.keyId(), k.publicKey());
        }
        return new TrustedKeys(keys, false);
    }

    /**
     * These keys plus every {@code *.pub} file in a directory.
     *
     * @throws IllegalArgumentException when the directory is missing, a file is not an Ed25519 public key, or a
     *                                  key id is already trusted with another key; each naming the file
     */
    public TrustedKeys withDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": the trusted-keys directory does not exist");
        }
        Map<String, PublicKey> all = new TreeMap<>(keys);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + PUBLIC_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = requireKeyId(name.substring(0, name.length() - PUBLIC_SUFFIX.length()));
                PublicKey key = publicKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
                PublicKey before = all.putIfAbsent(id, key);
                if (before != null && !Arrays.equals(before.getEncoded(), key.getEncoded())) {
                    throw new IllegalArgumentException(file + ": key id '" + id + "' is already trusted with "
                            + "another key");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the trusted-keys directory " + dir, e);
        }
        return new TrustedKeys(all, allowUnsigned);
    }

    /** These keys, accepting bundles without a signature file too (see the class comment). */
    public TrustedKeys allowingUnsigned() {
        return new TrustedKeys(keys, true);
    }

    /** Whether bundles without a signature file load. */
    public boolean allowsUnsigned() {
        return allowUnsigned;
    }

    /** The trusted key ids, sorted. */
    public Set<String> ids() {
        return keys.keySet();
    }

    /** The key of an id, if trusted. */
    public Optional<PublicKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public String toString() {
        return "TrustedKeys" + ids() + (allowUnsigned ? " (unsigned allowed)" : "");
    }

    /**
     * The public key of X.509 PEM text.
     *
     * @param where names the text in messages
     * @throws IllegalArgumentException naming the source when it is not an Ed25519 public key
     */
    static PublicKey publicKey(String pem, String where) {
        try {
            return KeyFactory.getInstance(Pem.ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Pem.decode(pem, Pem.PUBLIC_LABEL, where)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(where + ": not an Ed25519 public key (" + e.getMessage() + ")", e);
        }
    }

    /** A key id: letters, digits, '.', '_' and '-', starting with a letter or digit. */
    static String requireKeyId(String id) {
        Objects.requireNonNull(id, "key id");
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("a key id is 1 to 64 letters, digits, '.', '_' and '-', starting "
                    + "with a letter or digit: '" + id + "'");
        }
        return id;
    }
}
