package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.Secret;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to connect to an OPC UA server: its URL, the security policy and mode of the secure channel, the
 * client's application instance certificate, the certificates it trusts, and the user identity of the session.
 *
 * <p><b>Secure is the default.</b> {@link #secure(String)} makes a signed and encrypted channel
 * ({@code Basic256Sha256}, {@code SignAndEncrypt} unless told otherwise) and needs the client's certificate (a
 * PKCS#12 key store) and a trust directory; the server's certificate is validated against that directory (chain,
 * validity, host name, application URI, revocation lists), and a certificate it rejects is copied to
 * {@code <trust directory>/rejected/} for an administrator to move to {@code trusted/certs/} if it is the right
 * one. An endpoint without security (SecurityPolicy None, anonymous) has to be asked for by name,
 * {@link #insecure(String)}, and every connection then logs a warning.
 *
 * <p>Passwords come from a {@link Secret} (a file or an environment variable), read on the task manager when the
 * connection opens; {@link #check(String)} lets a connector's builder fail at job start when one cannot be read.
 *
 * @param url               the endpoint URL, {@code opc.tcp://host:port[/path]}
 * @param securityPolicy    the name of the security policy: {@code None}, {@code Basic256Sha256},
 *                          {@code Aes128_Sha256_RsaOaep} or {@code Aes256_Sha256_RsaPss}
 * @param securityMode      {@code None}, {@code Sign} or {@code SignAndEncrypt}
 * @param clientCertificate the client's certificate and private key, null without security
 * @param trustDirectory    the directory of trusted server certificates ({@code trusted/certs}, {@code issuers/certs},
 *                          their {@code crl} folders, and {@code rejected}), null without security
 * @param identity          the user identity of the session
 */
public record OpcUaEndpoint(String url, String securityPolicy, String securityMode, KeyStoreEntry clientCertificate,
                            String trustDirectory, OpcUaIdentity identity) implements Serializable {

    /** The security policies a secure endpoint may use (the deprecated Basic128Rsa15 and Basic256 are refused). */
    public static final List<String> SECURE_POLICIES =
            List.of("Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss");

    /** The message security modes of a secure endpoint. */
    public static final List<String> SECURE_MODES = List.of("Sign", "SignAndEncrypt");

    private static final List<String> DEPRECATED_POLICIES = List.of("Basic128Rsa15", "Basic256");

    /** @throws IllegalArgumentException naming the option that is missing or wrong */
    public OpcUaEndpoint {
        validateUrl(url);
        Objects.requireNonNull(identity, "identity");
        if ("None".equals(securityPolicy) || "None".equals(securityMode)) {
            if (!"None".equals(securityPolicy) || !"None".equals(securityMode)) {
                throw new IllegalArgumentException("OPC UA endpoint " + url + ": security policy None goes with "
                        + "security mode None only, got " + securityPolicy + "/" + securityMode);
            }
            if (!(identity instanceof OpcUaIdentity.Anonymous)) {
                throw new IllegalArgumentException("OPC UA endpoint " + url + ": " + identity + " needs a secure "
                        + "endpoint; security policy None would send the credentials without protection");
            }
        } else {
            checkSecurityPolicy(url, securityPolicy);
            if (!SECURE_MODES.contains(securityMode)) {
                throw new IllegalArgumentException("OPC UA endpoint " + url + ": unknown security mode '" + securityMode
                        + "'; use one of " + SECURE_MODES);
            }
            if (clientCertificate == null) {
                throw new IllegalArgumentException("OPC UA endpoint " + url + ": option 'clientCertificate' is missing "
                        + "(a secure channel needs the client's certificate and private key)");
            }
            if (trustDirectory == null) {
                throw new IllegalArgumentException("OPC UA endpoint " + url + ": option 'trustDirectory' is missing "
                        + "(the server's certificate is validated against it)");
            }
        }
    }

    /**
     * An endpoint without security (SecurityPolicy None, anonymous): fit for a simulator on loopback and nothing
     * else. Every connection logs a warning.
     *
     * @throws IllegalArgumentException naming the URL when it is malformed
     */
    public static OpcUaEndpoint insecure(String url) {
        return new OpcUaEndpoint(url, "None", "None", null, null, OpcUaIdentity.anonymous());
    }

    /**
     * Starts a secure endpoint: {@code Basic256Sha256} with {@code SignAndEncrypt} and an anonymous session unless
     * the builder says otherwise.
     */
    public static Builder secure(String url) {
        return new Builder(url);
    }

    /** True for SecurityPolicy None. */
    public boolean isInsecure() {
        return "None".equals(securityPolicy);
    }

    /**
     * Checks at job start what can only be checked where the files are: the key stores open with their passwords
     * and hold their entries, the trust directory exists, and every secret can be read.
     *
     * @param connector the connector's name for the message, e.g. {@code OPC UA source}
     * @throws IllegalArgumentException naming the option and the file or secret
     */
    public void check(String connector) {
        String prefix = connector + " (" + url + ")";
        if (clientCertificate != null) {
            clientCertificate.check(prefix + ": option 'clientCertificate'");
        }
        if (trustDirectory != null && !Files.isDirectory(Path.of(trustDirectory))) {
            throw new IllegalArgumentException(prefix + ": option 'trustDirectory': " + trustDirectory
                    + " is not a directory");
        }
        identity.check(prefix + ": option 'identity'");
    }

    @Override
    public String toString() {
        return url + " (" + securityPolicy + "/" + securityMode + ", " + identity + ")";
    }

    private static void checkSecurityPolicy(String url, String policy) {
        if (DEPRECATED_POLICIES.contains(policy)) {
            throw new IllegalArgumentException("OPC UA endpoint " + url + ": security policy '" + policy
                    + "' is deprecated (SHA-1); use one of " + SECURE_POLICIES);
        }
        if (!SECURE_POLICIES.contains(policy)) {
            throw new IllegalArgumentException("OPC UA endpoint " + url + ": unknown security policy '" + policy
                    + "'; use one of " + SECURE_POLICIES + " (or OpcUaEndpoint.insecure(url) for None)");
        }
    }

    private static void validateUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("OPC UA endpoint url is missing");
        }
        try {
            URI uri = new URI(url);
            if (!"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("OPC UA endpoint url '" + url
                        + "' must look like opc.tcp://host:port[/path]");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("OPC UA endpoint url '" + url + "' is malformed: " + e.getMessage(), e);
        }
    }

    /** Builds a secure endpoint; {@link #build()} names the first option that is missing or wrong. */
    public static final class Builder {
        private final String url;
        private String securityPolicy = "Basic256Sha256";
        private String securityMode = "SignAndEncrypt";
        private KeyStoreEntry clientCertificate;
        private String trustDirectory;
        private OpcUaIdentity identity = OpcUaIdentity.anonymous();

        private Builder(String url) {
            this.url = url;
        }

        /** The security policy by name, e.g. {@code Aes256_Sha256_RsaPss} (default {@code Basic256Sha256}). */
        public Builder securityPolicy(String name) {
            this.securityPolicy = name;
            return this;
        }

        /** {@code Sign} or {@code SignAndEncrypt} (the default). */
        public Builder securityMode(String mode) {
            this.securityMode = mode;
            return this;
        }

        /** The client's application instance certificate and private key. */
        public Builder clientCertificate(KeyStoreEntry entry) {
            this.clientCertificate = Objects.requireNonNull(entry, "clientCertificate");
            return this;
        }

        /** The directory of trusted server certificates (created with its folders when missing). */
        public Builder trustDirectory(Path directory) {
            this.trustDirectory = Objects.requireNonNull(directory, "trustDirectory").toAbsolutePath().toString();
            return this;
        }

        /** The user identity of the session (default anonymous). */
        public Builder identity(OpcUaIdentity identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /** @throws IllegalArgumentException naming the option that is missing or wrong */
        public OpcUaEndpoint build() {
            if ("None".equals(securityPolicy)) {
                throw new IllegalArgumentException("OPC UA endpoint " + url + ": a secure endpoint cannot use "
                        + "security policy None; ask for OpcUaEndpoint.insecure(url) explicitly");
            }
            return new OpcUaEndpoint(url, securityPolicy, securityMode, clientCertificate, trustDirectory, identity);
        }
    }
}
