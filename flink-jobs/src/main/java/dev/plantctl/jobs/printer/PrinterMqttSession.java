package dev.plantctl.jobs.printer;

import dev.plantctl.connectors.mqtt.MqttSource;
import java.util.Objects;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Creates the persistent MQTT session of {@link PrinterControlJob}'s status source on the broker, subscribed, before
 * the printers publish: MQTT queues a message only for a session that is subscribed when it is published, and the
 * job's own first subscription comes only after its tasks are deployed. The session is the one the source resumes
 * (client id {@code <clientId>-0}, clean start off, the source's default session expiry). It also starts the job's
 * G-code ledger afresh ({@link GcodeLedgerSink}): a new deployment has sent nothing yet.
 */
public final class PrinterMqttSession {

    private PrinterMqttSession() {
    }

    /**
     * Connects as the job's status session, subscribes to {@link PrinterJobConfig#STATUS_FILTER} at QoS 1, retains
     * an empty G-code ledger and disconnects, leaving the session on the broker.
     *
     * @throws MqttException when the broker refuses or cannot be reached
     */
    public static void create(PrinterJobConfig config) throws MqttException {
        Objects.requireNonNull(config, "config");
        MqttClient client = new MqttClient(config.brokerUrl(), config.clientId() + "-0", new MemoryPersistence());
        try {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(false);
            options.setSessionExpiryInterval(MqttSource.DEFAULT_SESSION_EXPIRY.toSeconds());
            options.setConnectionTimeout((int) MqttSource.DEFAULT_CONNECT_TIMEOUT.toSeconds());
            client.connect(options);
            client.subscribe(PrinterJobConfig.STATUS_FILTER, 1);
            client.publish(GcodeLedgerSink.ledgerTopic(config.clientId()), GcodeLedgerSink.emptyLedger(), 1, true);
            client.disconnect();
        } finally {
            client.close();
        }
    }
}
