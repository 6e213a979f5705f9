package dev.plantctl.jobs.printer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.mqtt.MqttRecord;
import dev.plantctl.connectors.mqtt.MqttSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the printer job's G-code requests at most once per decision, across restarts of the job. A job restored from
 * a checkpoint decides again, identically, the layers it had decided after that checkpoint (the MQTT source replays
 * their status); G-code is not idempotent ({@code M290} babysteps add up), so a request must not go out twice. The
 * sink keeps a ledger on the broker: one retained message on {@link #ledgerTopic} holding, per printer, the time of
 * the last decision whose G-code was sent. Before a request it publishes the ledger with the request's decision and
 * waits for the broker's acknowledgement, then publishes the request; a request for a decision not later than the
 * printer's entry is skipped (metric {@code gcodeReplaysSkipped}, logged). A failure between the two publications
 * loses that one request rather than doubling it: the controller sees no effect and decides again on later layers.
 *
 * <p>The ledger is created empty by {@link PrinterMqttSession#create} (a new deployment starts afresh); the writer
 * refuses to start without it. Parallelism 1: one writer owns the ledger.
 */
public final class GcodeLedgerSink implements Sink<PrinterOutcome> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GcodeLedgerSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String brokerUrl;
    private final String clientId;

    /** A sink publishing on the job's broker as {@code <clientId>-requests}, with the job's ledger. */
    public GcodeLedgerSink(PrinterJobConfig config) {
        this.brokerUrl = config.brokerUrl();
        this.clientId = config.clientId();
    }

    /** The retained topic of a job's ledger. */
    public static String ledgerTopic(String clientId) {
        return "plantctl/" + clientId + "/gcode-ledger";
    }

    /** An empty ledger's payload. */
    static byte[] emptyLedger() {
        return "{}".getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public SinkWriter<PrinterOutcome> createWriter(WriterInitContext context) throws IOException {
        return new Writer(brokerUrl, clientId, context.metricGroup().counter("gcodeReplaysSkipped"));
    }

    private static final class Writer implements SinkWriter<PrinterOutcome> {

        private final MqttClient client;
        private final String clientId;
        private final String ledgerTopic;
        private final Map<String, Long> ledger;
        private final Counter skipped;

        Writer(String brokerUrl, String clientId, Counter skipped) throws IOException {
            this.clientId = clientId;
            this.ledgerTopic = ledgerTopic(clientId);
            this.skipped = skipped;
            CompletableFuture<byte[]> retained = new CompletableFuture<>();
            try {
                client = new MqttClient(brokerUrl, clientId + "-requests", new MemoryPersistence());
                client.setCallback(new LedgerCallback(ledgerTopic, retained));
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setCleanStart(true);
                options.setConnectionTimeout((int) MqttSource.DEFAULT_CONNECT_TIMEOUT.toSeconds());
                client.connect(options);
                client.subscribe(ledgerTopic, 1);
                ledger = JSON.readValue(retained.get(MqttSource.DEFAULT_CONNECT_TIMEOUT.toSeconds(),
                        TimeUnit.SECONDS), new TypeReference<HashMap<String, Long>>() { });
                client.unsubscribe(ledgerTopic);
            } catch (TimeoutException e) {
                throw new IOException("no G-code ledger retained on " + ledgerTopic + " at " + brokerUrl
                        + ": create the job's session first (PrinterMqttSession.create)", e);
            } catch (MqttException | ExecutionException e) {
                throw new IOException("cannot read the G-code ledger " + ledgerTopic + " at " + brokerUrl + ": "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the G-code ledger " + ledgerTopic, e);
            }
            LOG.info("G-code ledger {}: {}", ledgerTopic, ledger);
        }

        @Override
        public void write(PrinterOutcome o, Context context) throws IOException {
            String printer = o.decision().unitId();
            long at = o.decision().time().toEpochMilli();
            Long sent = ledger.get(printer);
            if (sent != null && at <= sent) {
                skipped.inc();
                LOG.info("skipped G-code of {} layer {} decided at {} ms: the ledger shows a decision at {} ms sent"
                        + " (a replay after a restore)", printer, o.layer(), at, sent);
                return;
            }
            ledger.put(printer, at);
            MqttRecord request = PrinterControlJob.request(o, clientId);
            try {
                client.publish(ledgerTopic, JSON.writeValueAsBytes(ledger), 1, true);
                client.publish(request.topic(), request.payload(), 1, false);
            } catch (MqttException e) {
                throw new IOException("cannot send G-code of " + printer + " layer " + o.layer() + " to "
                        + request.topic() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            // publications are acknowledged in write
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    /** Completes with the ledger's retained payload. */
    private record LedgerCallback(String topic, CompletableFuture<byte[]> retained) implements MqttCallback {

        LedgerCallback {
            Objects.requireNonNull(topic, "topic");
        }

        @Override
        public void messageArrived(String t, MqttMessage message) {
            if (t.equals(topic)) {
                retained.complete(message.getPayload());
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            retained.completeExceptionally(new IOException("disconnected: " + response.getReasonString()));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            retained.completeExceptionally(exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
