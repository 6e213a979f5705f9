package dev.plantctl.jobs.printer;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttSource;
import dev.plantctl.connectors.mqtt.PahoV5Connections;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Creates the persistent MQTT session of {@link PrinterControlJob}'s status source on the broker, subscribed, before
 * the printers publish: MQTT queues a message only for a session that is subscribed when it is published, and the
 * job's own first subscription comes only after its tasks are deployed. The session is the one the source resumes
 * (client id {@code <clientId>-0}, clean start off, the source's default session expiry). Status the broker still
 * queues for an earlier job of the same id stays queued for the source: this client acknowledges nothing.
 *
 * <p>It also makes sure the job's G-code ledger exists ({@link GcodeLedger#createIfAbsent}): created empty when the
 * broker holds none, kept (and checked) when an earlier job left one, so a job submitted again sends no G-code twice.
 * Every connection uses the job's {@link MqttBroker}: its TLS and credentials.
 */
public final class PrinterMqttSession {

    private PrinterMqttSession() {
    }

    /**
     * Connects as the job's status session, subscribes to {@link PrinterJobConfig#STATUS_FILTER} at QoS 1 and
     * disconnects, leaving the session on the broker; then creates the G-code ledger unless it exists.
     *
     * @throws IOException naming the broker when it refuses or cannot be reached
     * @throws IllegalArgumentException naming the option when the broker's credentials or trust store cannot be read,
     *                                  or naming the ledger's topic and entry when an existing ledger fails its check
     */
    public static void create(PrinterJobConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        MqttBroker broker = config.broker();
        broker.check("printer job");
        String id = config.clientId() + "-0";
        try {
            MqttClient client = new MqttClient(broker.url(), id, new MemoryPersistence());
            try {
                MqttConnectionOptions options = PahoV5Connections.options(broker, id);
                options.setCleanStart(false);
                options.setSessionExpiryInterval(MqttSource.DEFAULT_SESSION_EXPIRY.toSeconds());
                options.setConnectionTimeout((int) MqttSource.DEFAULT_CONNECT_TIMEOUT.toSeconds());
                client.setManualAcks(true);
                client.connect(options);
                client.subscribe(PrinterJobConfig.STATUS_FILTER, 1);
                client.disconnect();
            } finally {
                client.close();
            }
        } catch (MqttException e) {
            throw new IOException("printer job: cannot create the status session " + id + " on " + broker + ": "
                    + e.getMessage() + " (reason code " + e.getReasonCode() + ")", e);
        }
        GcodeLedger.createIfAbsent(broker, config.clientId(), Instant.now());
    }
}
