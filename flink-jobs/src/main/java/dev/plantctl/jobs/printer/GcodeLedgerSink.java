package dev.plantctl.jobs.printer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the printer job's G-code requests at most once per decision, across restarts of the job. A job restored from
 * a checkpoint decides again, identically, the layers it had decided after that checkpoint (the MQTT source replays
 * their status); G-code is not idempotent ({@code M290} babysteps add up), so a request must not go out twice. The
 * sink keeps a ledger on the broker: one retained message on {@link GcodeLedger#topic} holding, per printer, the time of
 * the last decision whose G-code was sent. Before a request it publishes the ledger with the request's decision and
 * waits for the broker's acknowledgement, then publishes the request; a request for a decision not later than the
 * printer's entry is skipped (metric {@code gcodeReplaysSkipped}, logged). A failure between the two publications
 * loses that one request rather than doubling it: the controller sees no effect and decides again on later layers.
 *
 * <p>The ledger outlives the job ({@link GcodeLedger}): {@link PrinterMqttSession#create} creates it empty only when
 * the broker holds none, so a job submitted afresh skips what an earlier one sent, too. The writer refuses to start
 * without a ledger or with one that fails {@link GcodeLedger#parse}'s check. It connects with the job's
 * {@link MqttBroker} (TLS and credentials). Parallelism 1: one writer owns the ledger.
 */
public final class GcodeLedgerSink implements Sink<PrinterOutcome> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GcodeLedgerSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttBroker broker;
    private final String clientId;

    /** A sink publishing on the job's broker as {@code <clientId>-requests}, with the job's ledger. */
    public GcodeLedgerSink(PrinterJobConfig config) {
        this.broker = config.broker();
        this.clientId = config.clientId();
    }

    @Override
    public SinkWriter<PrinterOutcome> createWriter(WriterInitContext context) throws IOException {
        return new Writer(broker, clientId, context.metricGroup().counter("gcodeReplaysSkipped"));
    }

    private static final class Writer implements SinkWriter<PrinterOutcome> {

        private final MqttClient client;
        private final String clientId;
        private final String ledgerTopic;
        private final Map<String, Long> ledger;
        private final Counter skipped;

        Writer(MqttBroker broker, String clientId, Counter skipped) throws IOException {
            this.clientId = clientId;
            this.ledgerTopic = GcodeLedger.topic(clientId);
            this.skipped = skipped;
            String id = clientId + "-requests";
            try {
                client = new MqttClient(broker.url(), id, new MemoryPersistence());
            } catch (MqttException e) {
                throw new IOException("cannot create the MQTT client " + id + " for " + broker + ": " + e.getMessage(),
                        e);
            }
            try {
                GcodeLedger.connect(client, broker, id);
                byte[] retained = GcodeLedger.readRetained(client, ledgerTopic).orElseThrow(() -> new IOException(
                        "no G-code ledger retained on " + ledgerTopic + " at " + broker
                                + ": create the job's session first (PrinterMqttSession.create)"));
                ledger = GcodeLedger.parse(ledgerTopic, retained, Instant.now());
            } catch (MqttException | IOException | IllegalArgumentException e) {
                try {
                    close();
                } catch (MqttException closing) {
                    e.addSuppressed(closing);
                }
                throw e instanceof IOException io ? io : new IOException(e instanceof MqttException m
                        ? "cannot read the G-code ledger " + ledgerTopic + " at " + broker + ": " + m.getMessage()
                        + " (reason code " + m.getReasonCode() + ")" : e.getMessage(), e);
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
}
