package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.Secret;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/** Self-signed certificates in PKCS#12 key stores, as an operator would make them with keytool or openssl. */
public final class TestCertificates {

    /** The password of every key store made here, and the file that holds it. */
    public static final String PASSWORD = "changeit-" + TestCertificates.class.getSimpleName();

    private TestCertificates() {
    }

    /**
     * Makes {@code <dir>/<name>.p12} (alias {@code name}, with the application URI in its subject alternative
     * names), {@code <dir>/<name>.der} (the certificate) and {@code <dir>/<name>.password}.
     */
    public static KeyStoreEntry create(Path dir, String name, String applicationUri) throws Exception {
        KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate = new SelfSignedCertificateBuilder(keys).setCommonName(name)
                .setOrganization("plantctl tests").setCountryCode("XX").setApplicationUri(applicationUri).addDnsName("localhost")
                .addIpAddress("127.0.0.1").build();
        Files.createDirectories(dir);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(name, keys.getPrivate(), PASSWORD.toCharArray(), new Certificate[] {certificate});
        Path file = dir.resolve(name + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        Files.write(dir.resolve(name + ".der"), certificate.getEncoded());
        Path password = Files.writeString(dir.resolve(name + ".password"), PASSWORD + "\n");
        return KeyStoreEntry.of(file, name, Secret.fromFile(password));
    }

    /** Copies a DER certificate into a folder of a trust or PKI directory, e.g. {@code trusted/certs}. */
    public static void trust(Path certificate, Path folder) throws Exception {
        Files.createDirectories(folder);
        Files.copy(certificate, folder.resolve(certificate.getFileName()));
    }
}
