package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.KeyStoreEntry;
import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.OpcUaIdentity;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The client side of a secure OPC UA connection: the application instance certificate, the validator of the
 * server's certificate, and the user identity.
 *
 * <p>The trust directory is read at each connection, so a certificate an administrator moves from
 * {@code rejected/} to {@code trusted/certs/} counts from the next (re)connection on, and no watcher thread
 * outlives the job.
 */
final class ClientSecurity {

    private final KeyStoreEntry.Loaded own;
    private final String applicationUri;
    private final CertificateValidator validator;
    private final IdentityProvider identity;

    private ClientSecurity(KeyStoreEntry.Loaded own, String applicationUri, CertificateValidator validator,
                           IdentityProvider identity) {
        this.own = own;
        this.applicationUri = applicationUri;
        this.validator = validator;
        this.identity = identity;
    }

    /**
     * Reads the endpoint's client certificate, trust directory and identity.
     *
     * @throws IOException naming the file that cannot be read or the certificate that lacks an application URI
     */
    static ClientSecurity load(OpcUaEndpoint endpoint) throws IOException {
        // Milo signs Aes256_Sha256_RsaPss with BouncyCastle's "SHA256withRSA/PSS"; the JDK has no such name.
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        KeyStoreEntry.Loaded own = endpoint.clientCertificate().load();
        String applicationUri = CertificateUtil.getSanUri(own.certificate()).orElseThrow(() -> new IOException(
                "the client certificate " + endpoint.clientCertificate() + " has no application URI in its "
                        + "subject alternative names (OPC UA needs one, e.g. URI:urn:plantctl:client)"));
        CertificateValidator validator = validator(Path.of(endpoint.trustDirectory()));
        return new ClientSecurity(own, applicationUri, validator, identityProvider(endpoint.identity(), validator));
    }

    /** Puts the certificate, the validator of the server's certificate and the identity into a configuration. */
    void applyTo(OpcUaClientConfigBuilder config) {
        config.setKeyPair(own.keyPair())
                .setCertificate(own.certificate())
                .setCertificateChain(own.chain())
                .setApplicationUri(applicationUri)
                .setCertificateValidator(validator)
                .setIdentityProvider(identity);
    }

    private static IdentityProvider identityProvider(OpcUaIdentity identity, CertificateValidator validator)
            throws IOException {
        if (identity instanceof OpcUaIdentity.Username u) {
            return new UsernameProvider(u.user(), u.password().value(), validator);
        }
        if (identity instanceof OpcUaIdentity.UserCertificate c) {
            KeyStoreEntry.Loaded user = c.entry().load();
            return new X509IdentityProvider(List.of(user.chain()), user.keyPair().getPrivate());
        }
        return new AnonymousProvider();
    }

    private static CertificateValidator validator(Path trust) throws IOException {
        MemoryTrustListManager trustList = new MemoryTrustListManager();
        trustList.setTrustedCertificates(certificates(trust.resolve("trusted/certs")));
        trustList.setIssuerCertificates(certificates(trust.resolve("issuers/certs")));
        trustList.setTrustedCrls(crls(trust.resolve("trusted/crls")));
        trustList.setIssuerCrls(crls(trust.resolve("issuers/crls")));
        return new DefaultClientCertificateValidator(trustList,
                FileBasedCertificateQuarantine.create(trust.resolve("rejected")));
    }

    private static List<X509Certificate> certificates(Path dir) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        for (Path file : files(dir)) {
            for (Certificate c : parse(file, CertificateFactory::generateCertificates)) {
                out.add((X509Certificate) c);
            }
        }
        return out;
    }

    private static List<X509CRL> crls(Path dir) throws IOException {
        List<X509CRL> out = new ArrayList<>();
        for (Path file : files(dir)) {
            for (CRL c : parse(file, CertificateFactory::generateCRLs)) {
                out.add((X509CRL) c);
            }
        }
        return out;
    }

    private static List<Path> files(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private interface Parser<T> {
        Collection<? extends T> parse(CertificateFactory factory, InputStream in) throws GeneralSecurityException;
    }

    private static <T> Collection<? extends T> parse(Path file, Parser<T> parser) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parser.parse(CertificateFactory.getInstance("X.509"), in);
        } catch (GeneralSecurityException e) {
            throw new IOException("trust directory file " + file + " is not a certificate or CRL (DER or PEM): "
                    + e.getMessage(), e);
        }
    }
}
