package dev.plantctl.jobs.printer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttRecord;
import dev.plantctl.policy.GcodeGate;
import dev.plantctl.policy.IdentityPolicy;
import dev.plantctl.policy.Refusal;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
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

    private final MqttBroker broker;
    private final String clientId;
    private final IdentityPolicy policy;
    private final String material;

    /**
     * A sink publishing on the job's broker as {@code <clientId>-requests}, with the job's ledger, judging every
     * script by the job's write policy for the job's material.
     */
    public GcodeLedgerSink(PrinterJobConfig config) {
        this.broker = config.broker();
        this.clientId = config.clientId();
        this.policy = config.writePolicy();
        this.material = config.job().materialLabel();
    }

    @Override
    public StatefulSinkWriter<PrinterOutcome, byte[]> createWriter(WriterInitContext context) throws IOException {
        return new Writer(broker, clientId, context.metricGroup(), new GcodeGate(policy), material);
    }

    @Override
    public StatefulSinkWriter<PrinterOutcome, byte[]> restoreWriter(WriterInitContext context,
                                                                    Collection<byte[]> state) throws IOException {
        byte[] gate = state.stream().filter(b -> b.length > 0).findFirst().orElse(null);
        return new Writer(broker, clientId, context.metricGroup(),
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

        Writer(MqttBroker broker, String clientId, SinkWriterMetricGroup metrics, GcodeGate gate, String material)
                throws IOException {
            this.clientId = clientId;
            this.ledgerTopic = GcodeLedger.topic(clientId);
            this.skipped = metrics.counter("gcodeReplaysSkipped");
            this.refused = metrics.counter("gcodeRefusedByPolicy");
            this.gate = gate;
            this.material = material;
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
}
