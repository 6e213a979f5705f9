package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.opcua.internal.OpcUaSetpointWriter;
import dev.plantctl.core.Decision;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.util.Objects;

/**
 * A Sink V2 that writes the setpoints of each {@link Decision} to an OPC UA server, all of one decision in
 * one Write service call.
 *
 * <p>Each item's status is checked: a Good write counts as written; a Bad one is logged with its status and
 * counted as rejected (metric {@code setpointsRejected}); it is never reported as written. A setpoint whose
 * expiry lies before the current watermark is not written and is counted as expired (metric
 * {@code setpointsExpired}): a decision replayed after a restore cannot move the plant to a stale state.
 *
 * <p>Delivery guarantee: at-most-once per setpoint. Writes are not retried; a lost connection fails the
 * task, and Flink's restart brings the next decision. A setpoint is idempotent (an absolute value, not a
 * change), so a replay before its expiry does no harm.
 */
public final class OpcUaSetpointSink implements Sink<Decision> {

    private static final long serialVersionUID = 1L;

    private final OpcUaEndpoint endpoint;
    private final SetpointAddressing addressing;

    /**
     * @param endpoint   the server that owns the actuators
     * @param addressing the node of each setpoint
     */
    public OpcUaSetpointSink(OpcUaEndpoint endpoint, SetpointAddressing addressing) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.addressing = Objects.requireNonNull(addressing, "addressing");
    }

    @Override
    public SinkWriter<Decision> createWriter(WriterInitContext context) throws IOException {
        return new OpcUaSetpointWriter(endpoint, addressing, context.metricGroup());
    }
}
