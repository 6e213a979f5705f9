package dev.plantctl.connectors.mqtt;

import dev.plantctl.connectors.Secret;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;

/**
 * Where and how to connect to an MQTT broker: its URL, the credentials and the TLS trust.
 *
 * <p>Secure is the default: {@link #secure(String)} takes only {@code ssl://} URLs and a connector built with it
 * fails at job start unless credentials are given; the broker's certificate is checked against the trust store
 * (or the JVM's default trust) and its host name. Plain TCP or anonymous access has to be asked for by name,
 * {@link #insecure(String)}, and every connection then logs a warning.
 *
 * <p>Passwords come from a {@link Secret} (a file or an environment variable), never from the job's arguments.
 */
public final class MqttBroker implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String url;
    private final boolean insecure;
    private final String user;
    private final Secret password;
    private final String trustStore;
    private final String trustStoreType;
    private final Secret trustStorePassword;

    private MqttBroker(String url, boolean insecure, String user, Secret password, String trustStore,
                       String trustStoreType, Secret trustStorePassword) {
        this.url = url;
        this.insecure = insecure;
        this.user = user;
        this.password = password;
        this.trustStore = trustStore;
        this.trustStoreType = trustStoreType;
        this.trustStorePassword = trustStorePassword;
    }

    /**
     * A broker reached over TLS ({@code ssl://host:port}) with credentials (see {@link #credentials}).
     *
     * @throws IllegalArgumentException naming the URL when it is malformed or not {@code ssl://}
     */
    public static MqttBroker secure(String url) {
        validateUrl(url);
        if (!url.startsWith("ssl://")) {
            throw new IllegalArgumentException("MQTT broker url '" + url + "' is not TLS (ssl://host:port); to connect "
                    + "without TLS say so with MqttBroker.insecure(url)");
        }
        return new MqttBroker(url, false, null, null, null, null, null);
    }

    /**
     * A broker reached as the URL says ({@code tcp://} or {@code ssl://}), credentials optional: fit for a broker on
     * loopback or a test. Every connection logs a warning.
     *
     * @throws IllegalArgumentException naming the URL when it is malformed
     */
    public static MqttBroker insecure(String url) {
        validateUrl(url);
        return new MqttBroker(url, true, null, null, null, null, null);
    }

    /** The same broker with a user name and a password read from a secret. */
    public MqttBroker credentials(String user, Secret password) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("MQTT broker: option 'user' is missing");
        }
        return new MqttBroker(url, insecure, user, Objects.requireNonNull(password, "password"), trustStore,
                trustStoreType, trustStorePassword);
    }

    /**
     * The same broker, trusting the certificates of a trust store ({@code PKCS12} or {@code JKS}) instead of the
     * JVM's default ones.
     */
    public MqttBroker trustStore(Path file, String type, Secret storePassword) {
        Objects.requireNonNull(file, "trustStore");
        if (!"PKCS12".equalsIgnoreCase(type) && !"JKS".equalsIgnoreCase(type)) {
            throw new IllegalArgumentException("MQTT broker: option 'trustStoreType' must be PKCS12 or JKS, got " + type);
        }
        return new MqttBroker(url, insecure, user, password, file.toAbsolutePath().toString(), type,
                Objects.requireNonNull(storePassword, "trustStorePassword"));
    }

    /**
     * Checks at job start what can only be checked as a whole: a secure broker has credentials, and every secret
     * and the trust store can be read.
     *
     * @param connector the connector's name for the message, e.g. {@code MQTT source}
     * @throws IllegalArgumentException naming the option
     */
    public void check(String connector) {
        if (!insecure && user == null) {
            throw new IllegalArgumentException(connector + ": option 'credentials' is missing for the secure broker "
                    + url + " (give them, or use MqttBroker.insecure(url) explicitly)");
        }
        if (password != null) {
            password.check(connector + ": option 'password'");
        }
        if (trustStore != null) {
            if (!Files.isReadable(Path.of(trustStore))) {
                throw new IllegalArgumentException(connector + ": option 'trustStore': file " + trustStore
                        + " cannot be read");
            }
            trustStorePassword.check(connector + ": option 'trustStorePassword'");
        }
    }

    /** The broker URL. */
    public String url() {
        return url;
    }

    /** True when the connection was asked for without the secure defaults. */
    public boolean isInsecure() {
        return insecure;
    }

    /** True when the URL asks for TLS. */
    public boolean isTls() {
        return url.startsWith("ssl://");
    }

    /** The user name, or null for anonymous access. */
    public String user() {
        return user;
    }

    /** The password's secret, or null. */
    public Secret password() {
        return password;
    }

    /** The trust store file, or null for the JVM's default trust. */
    public String trustStorePath() {
        return trustStore;
    }

    /** The trust store's type, or null. */
    public String trustStoreType() {
        return trustStoreType;
    }

    /** The trust store's password, or null. */
    public Secret trustStorePassword() {
        return trustStorePassword;
    }

    /**
     * A TLS 1.3 context that trusts the broker's trust store, or the JVM's default trust without one.
     *
     * @throws IOException naming the broker and the trust store when the store cannot be read or used
     */
    public SSLContext sslContext() throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trustStore == null) {
                trust.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(trustStoreType);
                try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
                    store.load(in, trustStorePassword.value().toCharArray());
                }
                trust.init(store);
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for " + url + " with trust store " + trustStore + ": "
                    + e.getMessage(), e);
        }
    }

    private static void validateUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("MQTT broker url is missing");
        }
        try {
            URI uri = new URI(url);
            if (!("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getPort() < 0 || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw new IllegalArgumentException("MQTT broker url '" + url
                        + "' must look like tcp://host:port or ssl://host:port");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("MQTT broker url '" + url + "' is malformed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return url + (user == null ? "" : " as " + user) + (insecure ? " (insecure)" : "");
    }
}
