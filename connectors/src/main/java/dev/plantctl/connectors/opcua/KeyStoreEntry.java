package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.Secret;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * A private key and its certificate chain in a PKCS#12 key store: a client's application instance certificate, or
 * the certificate of an X.509 user identity.
 *
 * @param keyStore the key store file
 * @param alias    the entry's alias
 * @param password the key store's password (also the entry's), from a file or the environment
 */
public record KeyStoreEntry(String keyStore, String alias, Secret password) implements Serializable {

    /** @throws IllegalArgumentException naming the missing part */
    public KeyStoreEntry {
        if (keyStore == null || keyStore.isBlank()) {
            throw new IllegalArgumentException("key store entry: the key store file is missing");
        }
        if (alias == null || alias.isBlank()) {
            throw new IllegalArgumentException("key store entry " + keyStore + ": the alias is missing");
        }
        Objects.requireNonNull(password, "password");
    }

    /** The entry {@code alias} of the PKCS#12 file {@code keyStore}. */
    public static KeyStoreEntry of(Path keyStore, String alias, Secret password) {
        return new KeyStoreEntry(Objects.requireNonNull(keyStore, "keyStore").toAbsolutePath().toString(), alias,
                password);
    }

    /** The key pair and the certificate chain, leaf first. */
    public record Loaded(KeyPair keyPair, X509Certificate[] chain) {
        /** The entry's own certificate. */
        public X509Certificate certificate() {
            return chain[0];
        }
    }

    /**
     * Opens the key store and reads the entry.
     *
     * @throws IOException naming the file and alias when it cannot be read, the password is wrong or the entry
     *                     holds no private key
     */
    public Loaded load() throws IOException {
        char[] secret = password.value().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(keyStore))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            if (!(store.getKey(alias, secret) instanceof PrivateKey key)) {
                throw new IOException("key store " + keyStore + " holds no private key under alias '" + alias + "'");
            }
            Certificate[] chain = store.getCertificateChain(alias);
            X509Certificate[] x509 = Arrays.stream(chain).map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
            return new Loaded(new KeyPair(x509[0].getPublicKey(), key), x509);
        } catch (GeneralSecurityException | IOException e) {
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith("key store ")) {
                throw io;
            }
            throw new IOException("cannot read key store " + keyStore + " (alias '" + alias + "'): "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /**
     * Checks that the entry can be loaded, for a builder's check at job start.
     *
     * @throws IllegalArgumentException naming the option, the file and what is wrong
     */
    public void check(String option) {
        password.check(option + ": password");
        try {
            load();
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return keyStore + "#" + alias;
    }
}
