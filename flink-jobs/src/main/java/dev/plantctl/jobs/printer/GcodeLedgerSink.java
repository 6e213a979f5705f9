package dev.plantctl.jobs.printer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.mqtt.MqttRecord;
import dev.plantctl.connectors.mqtt.MqttSource;
import dev.plantctl.policy.GcodeGate;
import dev.plantctl.policy.IdentityPolicy;
import dev.plantctl.policy.Refusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
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
 *
 * <p><b>Write policy.</b> Before a script leaves, the write policy's {@link GcodeGate} of the job's identity judges
 * it (allow-list grammar, commands and parameters, ranges, the job material's temperature window, rates on the
 * wall clock, running babystep totals per print); a refused script is not sent, is logged with every rule that
 * fired, and counted (metric {@code gcodeRefusedByPolicy}); what is sent is the script rendered from the judged
 * values. The gate's memory is the writer's checkpointed state, so a restored job keeps each print's totals.
 */
public final class GcodeLedgerSink implements Sink<PrinterOutcome>, SupportsWriterState<PrinterOutcome, byte[]> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GcodeLedgerSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String brokerUrl;
    private final String clientId;
    private final IdentityPolicy policy;
    private final String material;

    /**
     * A sink publishing on the job's broker as {@code <clientId>-requests}, with the job's ledger, judging every
     * script by the job's write policy for the job's material.
     */
    public GcodeLedgerSink(PrinterJobConfig config) {
        this.brokerUrl = config.brokerUrl();
        this.clientId = config.clientId();
        this.policy = config.writePolicy();
        this.material = config.job().materialLabel();
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
    public StatefulSinkWriter<PrinterOutcome, byte[]> createWriter(WriterInitContext context) throws IOException {
        return new Writer(brokerUrl, clientId, context.metricGroup(), new GcodeGate(policy), material);
    }

    @Override
    public StatefulSinkWriter<PrinterOutcome, byte[]> restoreWriter(WriterInitContext context,
                                                                    Collection<byte[]> state) throws IOException {
        byte[] gate = state.stream().filter(b -> b.length > 0).findFirst().orElse(null);
        return new Writer(brokerUrl, clientId, context.metricGroup(),
                gate == null ? new GcodeGate(policy) : GcodeGate.restore(policy, gate), material);
    }

    @Override
    public SimpleVersionedSerializer<byte[]> getWriterStateSerializer() {
        return new GateStateSerializer();
    }

    /** The writer's state: the G-code gate's memory, as its own bytes. */
    private static final class GateStateSerializer implements SimpleVersionedSerializer<byte[]> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(byte[] state) {
            return state;
        }

        @Override
        public byte[] deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("G-code sink: unknown writer state version " + version);
            }
            return serialized;
        }
    }

    private static final class Writer implements StatefulSinkWriter<PrinterOutcome, byte[]> {

        private final MqttClient client;
        private final String clientId;
        private final String ledgerTopic;
        private final Map<String, Long> ledger;
        private final Counter skipped;
        private final Counter refused;
        private final GcodeGate gate;
        private final String material;

        Writer(String brokerUrl, String clientId, SinkWriterMetricGroup metrics, GcodeGate gate, String material)
                throws IOException {
            this.clientId = clientId;
            this.ledgerTopic = ledgerTopic(clientId);
            this.skipped = metrics.counter("gcodeReplaysSkipped");
            this.refused = metrics.counter("gcodeRefusedByPolicy");
            this.gate = gate;
            this.material = material;
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
            GcodeGate.Verdict verdict = gate.check(printer, o.layer(), material, o.script(), Instant.now());
            if (!verdict.passed()) {
                refused.inc();
                LOG.warn("refused G-code of {} layer {} by the write policy, not sent: {}", printer, o.layer(),
                        verdict.refusals().stream().map(Refusal::describe).toList());
                return;
            }
            ledger.put(printer, at);
            MqttRecord request = PrinterControlJob.request(new PrinterOutcome(o.decision(), o.tier(),
                    verdict.script(), o.layer(), o.estimate()), clientId);
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
        public List<byte[]> snapshotState(long checkpointId) {
            return List.of(gate.state());
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
