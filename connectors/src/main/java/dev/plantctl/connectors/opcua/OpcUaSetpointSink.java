package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.opcua.internal.OpcUaSetpointWriter;
import dev.plantctl.connectors.opcua.internal.SetpointWriteSettings;
import dev.plantctl.connectors.opcua.internal.SetpointWriterState;
import dev.plantctl.core.Decision;
import dev.plantctl.policy.IdentityPolicy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * A Sink V2 that writes the setpoints of each {@link Decision} to an OPC UA server, all of one decision in
 * one Write service call.
 *
 * <p><b>Write policy first.</b> Before any write, every setpoint passes the write policy gate of the sink's
 * identity ({@link dev.plantctl.policy.SetpointGate}, {@code policy/README.md}): the decision's own plant and
 * unit, an allowing rule, its range, expiry and rate of change, approval. A refused setpoint is never written; it
 * goes to the error output as {@link RejectedSetpoint.Reason#POLICY} with the rule that fired and why, and is
 * counted (metric {@code setpointsRefusedByPolicy}). The gate's clock is the plant's time when a
 * {@linkplain #withPlantClock plant clock} is read, else the watermark plus a lead of one control period: a
 * controller that claims a later issue time does not make time pass for the gate. The first write of an actuator
 * after a fresh start or a restore is bounded by its range only (the job's shield starts from all actuators off;
 * across a restore the decision operator's gate, in keyed state, judges rates, see {@code SetpointWriterState}).
 * A setpoint whose actuator has no node is {@link RejectedSetpoint.Reason#NO_NODE}, never a task failure.
 *
 * <p>Each item's status is checked. A Bad result whose status the {@link SetpointRetryPolicy} names as transient
 * ({@link SetpointRetryPolicy#defaults()}: timeouts, a busy server, a lost device link) is written again with
 * backoff; any other Bad result, or one still Bad after the last attempt, is a {@link RejectedSetpoint} that goes
 * to the error output ({@link #withErrorSink}, any Sink V2, e.g. JSON lines or InfluxDB) with its status and the
 * number of attempts, and is counted (metric {@code setpointsRejected}); it is never reported as written. Without an
 * error sink a rejection is logged at ERROR and counted. With {@link #withReadBackVerification} a Good write counts
 * as written only once the node shows the value (a {@code Good_CompletesAsynchronously} write does not prove the
 * device moved); otherwise the rejection's reason is {@link RejectedSetpoint.Reason#READ_BACK_MISMATCH}.
 *
 * <p>A setpoint whose expiry lies before the current watermark is not written and is counted as expired (metric
 * {@code setpointsExpired}): a decision replayed after a restore cannot move the plant to a stale state. The writer
 * checkpoints the highest watermark it has seen and checks against it after a restore, before the sources' first
 * new watermark arrives (a restored job starts with none). With {@link #withPlantClock} it also checks each
 * decision against the plant's own time, read just before the write: that catches what the watermark cannot, a job
 * that stood still while the plant moved on.
 *
 * <p>Delivery guarantee: at-most-once per setpoint and attempt policy. A lost connection fails the task, and
 * Flink's restart brings the next decision. A setpoint is idempotent (an absolute value, not a change), so a replay
 * before its expiry does no harm.
 */
public final class OpcUaSetpointSink implements Sink<Decision>, SupportsWriterState<Decision, SetpointWriterState> {

    private static final long serialVersionUID = 4L;

    private final OpcUaEndpoint endpoint;
    private final SetpointAddressing addressing;
    private final SetpointWriteSettings settings;
    private final Sink<RejectedSetpoint> errorSink;

    /**
     * A sink with the default retry policy, no read-back and no error sink.
     *
     * @param endpoint   the server that owns the actuators
     * @param addressing the node of each setpoint
     * @param policy     what this sink's identity may write ({@code WritePolicy#identity})
     * @throws IllegalArgumentException naming the endpoint's option when a key store, trust directory or secret
     *                                  cannot be read
     */
    public OpcUaSetpointSink(OpcUaEndpoint endpoint, SetpointAddressing addressing, IdentityPolicy policy) {
        this(endpoint, addressing, SetpointWriteSettings.defaults(Objects.requireNonNull(policy, "policy")), null);
        endpoint.check("OPC UA setpoint sink");
    }

    private OpcUaSetpointSink(OpcUaEndpoint endpoint, SetpointAddressing addressing, SetpointWriteSettings settings,
                              Sink<RejectedSetpoint> errorSink) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.addressing = Objects.requireNonNull(addressing, "addressing");
        this.settings = settings;
        this.errorSink = errorSink;
    }

    /** This sink with another retry policy. */
    public OpcUaSetpointSink withRetryPolicy(SetpointRetryPolicy policy) {
        return new OpcUaSetpointSink(endpoint, addressing, settings.withRetry(Objects.requireNonNull(policy,
                "policy")), errorSink);
    }

    /**
     * This sink, reading each Good write back: the node must show the setpoint within {@code tolerance} before
     * {@code timeout} passes.
     */
    public OpcUaSetpointSink withReadBackVerification(Duration timeout, double tolerance) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || !(tolerance >= 0)) {
            throw new IllegalArgumentException("OpcUaSetpointSink: read-back timeout and tolerance must be >= 0, got " + timeout + " and " + tolerance);
        }
        return new OpcUaSetpointSink(endpoint, addressing, settings.withReadBack(timeout, tolerance), errorSink);
    }

    /**
     * This sink, reading the plant's time from {@code node} before it writes a decision's setpoints, and dropping
     * (as expired) those whose expiry lies before it. The watermark alone cannot tell that the plant moved on while
     * the job stood still (a worker suspended by the OS, a long GC pause, a stalled network): resumed, it would
     * write setpoints of steps the plant has left. With the plant clock the only window left is between the read
     * and the write of one decision.
     *
     * <p>A node whose value is a DateTime gives its value (a plant's clock variable; {@code i=2258}, the server's
     * {@code CurrentTime}, when setpoint expiries are in wall-clock time); any other node gives its value's source
     * timestamp. A clock that cannot be read fails the write, as a lost connection does.
     *
     * @param node the clock's node id text, e.g. {@code nsu=urn:plantctl:sim:greenhouse;s=greenhouse/clock}
     */
    public OpcUaSetpointSink withPlantClock(String node) {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("OpcUaSetpointSink: the plant clock needs a node id, got '" + node
                    + "'");
        }
        return new OpcUaSetpointSink(endpoint, addressing, settings.withPlantClock(node), errorSink);
    }

    /**
     * This sink, writing each decision's expiry to the plant with its setpoints, in the same Write request, first:
     * a plant that takes a setpoint validity applies the values only while its time has not passed it, and refuses
     * them with Bad_InvalidTimestamp otherwise, which this sink counts as expired. Unlike the
     * {@linkplain #withPlantClock plant clock}, this leaves no window between the check and the write. A plant that
     * refuses the validity itself fails the write, naming the node.
     *
     * @param nodeTemplate the validity node's id text, {@code {unit}} standing for the decision's unit, e.g.
     *                     {@code nsu=urn:plantctl:sim:greenhouse;s={unit}/setpoint_valid_until}
     */
    public OpcUaSetpointSink withSetpointValidity(String nodeTemplate) {
        if (nodeTemplate == null || !nodeTemplate.contains("{unit}")) {
            throw new IllegalArgumentException("OpcUaSetpointSink: the setpoint validity node needs a template with"
                    + " {unit}, got '" + nodeTemplate + "'");
        }
        return new OpcUaSetpointSink(endpoint, addressing, settings.withValidUntil(nodeTemplate), errorSink);
    }

    /**
     * This sink, letting the write policy gate count a setpoint as issued up to {@code lead} after the watermark
     * when no plant clock is read (default {@link SetpointWriteSettings#DEFAULT_CLOCK_LEAD}): set it to the control
     * period, the longest a decision runs ahead of the watermark that closes its period.
     */
    public OpcUaSetpointSink withClockLead(Duration lead) {
        Objects.requireNonNull(lead, "lead");
        if (lead.isNegative()) {
            throw new IllegalArgumentException("OpcUaSetpointSink: the clock lead must not be negative, got " + lead);
        }
        return new OpcUaSetpointSink(endpoint, addressing, settings.withClockLead(lead), errorSink);
    }

    /** This sink, handing every rejected setpoint to {@code errors} (its writer lives inside this sink's writer). */
    public OpcUaSetpointSink withErrorSink(Sink<RejectedSetpoint> errors) {
        return new OpcUaSetpointSink(endpoint, addressing, settings, Objects.requireNonNull(errors, "errors"));
    }

    @Override
    public SinkWriter<Decision> createWriter(WriterInitContext context) throws IOException {
        return writer(context, SetpointWriterState.EMPTY);
    }

    @Override
    public StatefulSinkWriter<Decision, SetpointWriterState> restoreWriter(WriterInitContext context,
                                                                          Collection<SetpointWriterState> state)
            throws IOException {
        return writer(context, SetpointWriterState.merge(state));
    }

    @Override
    public SimpleVersionedSerializer<SetpointWriterState> getWriterStateSerializer() {
        return new SetpointWriterState.Serializer();
    }

    private OpcUaSetpointWriter writer(WriterInitContext context, SetpointWriterState restored) throws IOException {
        SinkWriter<RejectedSetpoint> errors = errorSink == null ? null : errorSink.createWriter(context);
        try {
            return new OpcUaSetpointWriter(endpoint, addressing, settings, errors, restored, context.metricGroup());
        } catch (IOException | RuntimeException e) {
            if (errors != null) {
                try {
                    errors.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}
