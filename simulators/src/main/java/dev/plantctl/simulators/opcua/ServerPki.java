package dev.plantctl.simulators.opcua;

import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.X509IdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.KeyStoreCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Security;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The server side of {@link ServerSecurity}: the server's key and certificate, the trust list that judges client
 * certificates, the identity validator and the endpoints. Closing it stops the trust list's folder watcher.
 */
final class ServerPki implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerPki.class);
    /** ISO 3166-1 user-assigned code, for a country nobody told us: certificates need a two-letter one. */
    private static final String UNKNOWN_COUNTRY = "XX";

    private static final List<SecurityPolicy> POLICIES =
            List.of(SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes256_Sha256_RsaPss);
    private static final List<MessageSecurityMode> MODES =
            List.of(MessageSecurityMode.SignAndEncrypt, MessageSecurityMode.Sign);

    private final ServerSecurity security;
    private final CertificateManager certificateManager;
    private final FileBasedTrustListManager trustList;
    private final X509Certificate certificate;

    private ServerPki(ServerSecurity security, CertificateManager certificateManager,
                      FileBasedTrustListManager trustList, X509Certificate certificate) {
        this.security = security;
        this.certificateManager = certificateManager;
        this.trustList = trustList;
        this.certificate = certificate;
    }

    /**
     * Opens the PKI directory, making the server's key and certificate on the first start.
     *
     * @throws IllegalStateException naming the directory when it cannot be used
     */
    static ServerPki open(ServerSecurity security, OpcUaServerHost.Identity identity, String hostname,
                          InetAddress bindAddress) {
        if (security.isInsecure()) {
            return new ServerPki(security, new DefaultCertificateManager(new MemoryCertificateQuarantine()), null,
                    null);
        }
        // Milo signs Aes256_Sha256_RsaPss with BouncyCastle's "SHA256withRSA/PSS"; the JDK has no such name.
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        Path pki = security.pki();
        FileBasedTrustListManager trustList = null;
        try {
            Files.createDirectories(pki.resolve("own"));
            Files.createDirectories(pki.resolve("users"));
            trustList = FileBasedTrustListManager.createAndInitialize(pki);
            CertificateQuarantine quarantine = FileBasedCertificateQuarantine.create(pki.resolve("rejected"));
            char[] password = security.keyStorePassword();
            KeyStoreCertificateStore store = KeyStoreCertificateStore.createAndInitialize(
                    new KeyStoreCertificateStore.Settings(pki.resolve("own/server.p12"), () -> password,
                            alias -> password));
            DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(trustList, store,
                    selfSigned(identity, hostname, bindAddress),
                    new DefaultServerCertificateValidator(trustList, quarantine));
            X509Certificate certificate = group.getCertificateEntries().get(0).certificateChain[0];
            Files.write(pki.resolve("own/server.der"), certificate.getEncoded());
            return new ServerPki(security, new DefaultCertificateManager(quarantine, group), trustList, certificate);
        } catch (Exception e) {
            closeQuietly(trustList);
            throw new IllegalStateException("cannot set up the OPC UA server's PKI directory " + pki + ": "
                    + e.getMessage(), e);
        }
    }

    CertificateManager certificateManager() {
        return certificateManager;
    }

    /** The server's certificate; null without security. */
    X509Certificate certificate() {
        return certificate;
    }

    /** The endpoints: each secure policy with each mode, and None where asked for. */
    Set<EndpointConfig> endpoints(EndpointConfig.Builder base) {
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        if (security.insecureEndpoint()) {
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                    .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS).build());
        }
        if (!security.isInsecure()) {
            for (SecurityPolicy policy : POLICIES) {
                for (MessageSecurityMode mode : MODES) {
                    EndpointConfig.Builder b = base.copy().setCertificate(certificate).setSecurityPolicy(policy).setSecurityMode(mode)
                            .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME,
                                    OpcUaServerConfig.USER_TOKEN_POLICY_X509);
                    if (security.anonymous()) {
                        b.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
                    }
                    endpoints.add(b.build());
                }
            }
        }
        return endpoints;
    }

    /** Accepts the identities the security allows. */
    IdentityValidator identityValidator() {
        List<IdentityValidator> validators = new ArrayList<>();
        if (security.anonymous() || security.insecureEndpoint()) {
            validators.add(AnonymousIdentityValidator.INSTANCE);
        }
        if (!security.isInsecure()) {
            Map<String, String> users = security.users();
            validators.add(new UsernameIdentityValidator(challenge -> {
                String expected = users.get(challenge.getUsername());
                return expected != null && MessageDigest.isEqual(expected.getBytes(UTF_8),
                        challenge.getPassword().getBytes(UTF_8));
            }));
            Path userCertificates = security.pki().resolve("users");
            validators.add(new X509IdentityValidator(c -> trustedUserCertificates(userCertificates).contains(c)));
        }
        return new CompositeValidator(validators);
    }

    @Override
    public void close() {
        closeQuietly(trustList);
    }

    private static List<X509Certificate> trustedUserCertificates(Path dir) {
        List<X509Certificate> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    CertificateFactory.getInstance("X.509").generateCertificates(in)
                            .forEach(c -> out.add((X509Certificate) c));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the user certificates in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static RsaSha256CertificateFactory selfSigned(OpcUaServerHost.Identity identity, String hostname,
                                                          InetAddress bindAddress) {
        return new RsaSha256CertificateFactory() {
            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
                SelfSignedCertificateBuilder builder = new SelfSignedCertificateBuilder(keyPair)
                        .setCommonName(identity.applicationName())
                        .setOrganization("plantctl")
                        // Milo always writes a country RDN, empty by default, which BouncyCastle 1.87 refuses;
                        // XX is ISO 3166's user-assigned code for "unknown".
                        .setCountryCode(UNKNOWN_COUNTRY)
                        .setApplicationUri(identity.applicationUri())
                        .setValidityPeriod(Period.ofYears(3))
                        .addDnsName("localhost")
                        .addIpAddress("127.0.0.1");
                if (!hostname.equals("localhost") && !hostname.equals("127.0.0.1")) {
                    if (Character.isDigit(hostname.charAt(0)) || hostname.contains(":")) {
                        builder.addIpAddress(hostname);
                    } else {
                        builder.addDnsName(hostname);
                    }
                }
                if (!bindAddress.isAnyLocalAddress() && !bindAddress.isLoopbackAddress()) {
                    builder.addIpAddress(bindAddress.getHostAddress());
                }
                return new X509Certificate[] {builder.build()};
            }
        };
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            LOG.warn("closing the OPC UA server's trust list failed: {}", e.getMessage());
        }
    }
}
