package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.SetpointAddressing;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Setpoint;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes one decision's setpoints per Write call and checks every item's status. */
public final class OpcUaSetpointWriter implements SinkWriter<Decision> {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaSetpointWriter.class);

    private final OpcUaEndpoint endpoint;
    private final SetpointAddressing addressing;
    private final OpcUaClient client;
    private final Map<String, NodeId> resolved = new HashMap<>();
    private final Counter written;
    private final Counter rejected;
    private final Counter expired;

    public OpcUaSetpointWriter(OpcUaEndpoint endpoint, SetpointAddressing addressing, MetricGroup metrics)
            throws IOException {
        this.endpoint = endpoint;
        this.addressing = addressing;
        this.client = MiloClients.connect(endpoint, "plantctl-setpoint-sink");
        this.written = metrics.counter("setpointsWritten");
        this.rejected = metrics.counter("setpointsRejected");
        this.expired = metrics.counter("setpointsExpired");
    }

    @Override
    public void write(Decision decision, Context context) throws IOException {
        Instant watermark = Instant.ofEpochMilli(context.currentWatermark());
        List<Setpoint> due = new ArrayList<>();
        List<WriteValue> writes = new ArrayList<>();
        for (Setpoint s : decision.setpoints()) {
            if (s.isExpiredAt(watermark)) {
                expired.inc();
                LOG.warn("Setpoint {} expired at {} before the watermark {}: not written", s.commandId(),
                        s.expiresAt(), watermark);
                continue;
            }
            due.add(s);
            writes.add(new WriteValue(nodeOf(s), AttributeId.Value.uid(), null,
                    DataValue.valueOnly(new Variant(s.value()))));
        }
        if (writes.isEmpty()) {
            return;
        }
        StatusCode[] results;
        try {
            results = client.write(writes).getResults();
        } catch (UaException e) {
            throw new IOException("writing " + writes.size() + " setpoints of " + decision.unitId() + " at "
                    + decision.time() + " to " + endpoint.url() + " failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < due.size(); i++) {
            StatusCode status = results[i];
            if (status.isGood()) {
                written.inc();
            } else {
                rejected.inc();
                Setpoint s = due.get(i);
                LOG.error("Setpoint {} = {} {} was refused by {}: status {}", s.commandId(), s.value(), s.unit(),
                        endpoint.url(), status);
            }
        }
    }

    private NodeId nodeOf(Setpoint s) throws IOException {
        String text = addressing.nodeIdOf(s);
        NodeId node = resolved.get(text);
        if (node == null) {
            node = MiloClients.resolve(client, text);
            resolved.put(text, node);
        }
        return node;
    }

    @Override
    public void flush(boolean endOfInput) {
    }

    @Override
    public void close() {
        MiloClients.disconnectQuietly(client);
    }
}
