package dev.plantctl.connectors.mqtt;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The security part of Eclipse Paho's MQTT 5 connection options for an {@link MqttBroker}: its credentials, and over
 * {@code ssl://} a TLS context that trusts the broker's trust store and checks its host name. For the connectors'
 * own client and for code that drives Paho directly (the printer job's G-code ledger), so that every client of a
 * job connects alike. An insecure broker is logged as a warning at every call.
 */
public final class PahoV5Connections {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV5Connections.class);

    private PahoV5Connections() {
    }

    /**
     * New connection options with the broker's credentials and TLS; the caller adds its session settings.
     *
     * @param clientId the client's id, for the warning about an insecure broker
     * @throws IOException naming the broker and the trust store when TLS cannot be set up
     * @throws IllegalStateException naming the secret when the password cannot be read
     */
    public static MqttConnectionOptions options(MqttBroker broker, String clientId) throws IOException {
        if (broker.isInsecure()) {
            LOG.warn("MQTT client {} connects to {} without the secure defaults ({}{}): fit for loopback and tests "
                            + "only", clientId, broker.url(), broker.isTls() ? "TLS" : "no TLS",
                    broker.user() == null ? ", anonymous" : "");
        }
        MqttConnectionOptions connection = new MqttConnectionOptions();
        if (broker.user() != null) {
            connection.setUserName(broker.user());
            connection.setPassword(broker.password().value().getBytes(StandardCharsets.UTF_8));
        }
        if (broker.isTls()) {
            connection.setSocketFactory(broker.sslContext().getSocketFactory());
            connection.setHttpsHostnameVerificationEnabled(true);
        }
        return connection;
    }
}
