package dev.plantctl.jobs.launch;

import dev.plantctl.connectors.Secret;
import dev.plantctl.connectors.mqtt.MqttBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The MQTT broker of a job configuration file. Secure is the default, as for the OPC UA side
 * ({@link OpcUaEndpointKeys}): TLS ({@code ssl://}) and credentials, or the file says {@code mqtt.security=insecure}
 * and the job logs a warning at start and at every connection.
 *
 * <p>Keys:
 * <ul>
 *   <li>{@code mqtt.broker} (required): {@code ssl://host:port}; {@code tcp://host:port} only when insecure</li>
 *   <li>{@code mqtt.security}: {@code tls} (default) or {@code insecure} (plain TCP allowed, credentials optional:
 *       loopback and tests only)</li>
 *   <li>{@code mqtt.user} (required unless insecure) with its password from {@code mqtt.password.file} or the
 *       environment variable named by {@code mqtt.password.env}</li>
 *   <li>{@code mqtt.trust.store}: a PKCS#12 or JKS trust store holding the broker's certificate or its CA (absent:
 *       the JVM's default trust); {@code mqtt.trust.store.type} ({@code PKCS12}, default, or {@code JKS}); its
 *       password from {@code mqtt.trust.store.password.file} or {@code mqtt.trust.store.password.env}</li>
 * </ul>
 * Passwords never stand in the file itself: only where to read them.
 */
public final class MqttBrokerKeys {

    private static final Logger LOG = LoggerFactory.getLogger(MqttBrokerKeys.class);

    private MqttBrokerKeys() {
    }

    /**
     * Reads the broker and checks that its secrets and trust store can be read.
     *
     * @throws IllegalArgumentException naming the file and the key that is missing or wrong
     */
    public static MqttBroker read(JobConfigFile cfg) {
        String url = cfg.required("mqtt.broker");
        String security = cfg.optional("mqtt.security");
        if (security != null && !security.equals("tls") && !security.equals("insecure")) {
            throw cfg.bad("mqtt.security", "must be tls or insecure, got '" + security + "'");
        }
        boolean insecure = "insecure".equals(security);
        String key = "mqtt.broker";
        try {
            MqttBroker broker;
            if (insecure) {
                broker = MqttBroker.insecure(url);
            } else {
                MqttBroker.insecure(url); // checks the URL alone
                if (!url.startsWith("ssl://")) {
                    throw new IllegalArgumentException("'" + url + "' is not TLS (ssl://host:port); a broker without"
                            + " TLS needs mqtt.security=insecure");
                }
                broker = MqttBroker.secure(url);
            }
            key = "mqtt.user";
            String user = cfg.optional("mqtt.user");
            if (user != null) {
                key = "mqtt.password.file";
                Secret password = cfg.secret("mqtt.password");
                password.check("the password of " + user);
                broker = broker.credentials(user, password);
            } else if (!insecure) {
                throw new IllegalArgumentException("is required for the TLS broker " + url + " (with mqtt.password.file"
                        + " or mqtt.password.env); a broker without credentials needs mqtt.security=insecure");
            }
            key = "mqtt.trust.store";
            Path trustStore = cfg.path("mqtt.trust.store");
            String type = cfg.optional("mqtt.trust.store.type");
            if (trustStore != null) {
                broker = broker.trustStore(trustStore, type == null ? "PKCS12" : type,
                        cfg.secret("mqtt.trust.store.password"));
            } else if (type != null) {
                throw new IllegalArgumentException("mqtt.trust.store.type is set without mqtt.trust.store");
            }
            broker.check("MQTT broker");
            if (insecure) {
                LOG.warn("{}: MQTT broker {} with mqtt.security=insecure ({}{}): anyone who reaches the broker may be "
                                + "able to publish to the plant; fit for loopback and tests only", cfg.file(), url,
                        broker.isTls() ? "TLS" : "no TLS", broker.user() == null ? ", anonymous" : "");
            }
            return broker;
        } catch (IllegalArgumentException e) {
            throw cfg.bad(key, e.getMessage());
        }
    }
}
