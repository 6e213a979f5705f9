package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.RejectedSetpoint;
import dev.plantctl.connectors.opcua.SetpointAddressing;
import dev.plantctl.connectors.opcua.SetpointRetryPolicy;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Setpoint;
import dev.plantctl.policy.Refusal;
import dev.plantctl.policy.SetpointGate;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Passes each decision's setpoints through the write policy gate, then writes those it accepts in one Write call
 * and checks every item's status: Bad results are written again as
 * the {@link SetpointRetryPolicy} allows, then go to the error output; with read-back verification a Good write
 * counts as written only once the node shows the value.
 *
 * <p>The gate's clock is the plant's time when a plant clock node is read, else the watermark plus the clock lead
 * (before the first watermark, the first decision's time: time does not pass for the gate until the sources say
 * so). The first write of an actuator after a fresh start or a restore is bounded by its range; every later one by
 * its rate too (the decision operator's own gate judges rates across restores, see {@link SetpointWriterState}).
 *
 * <p>Its state is the highest watermark it has seen: after a restore the watermark starts again from nothing until
 * the sources emit one, and the decisions replayed in that gap are checked for expiry against the restored one.
 * With a plant clock node it reads the plant's time before each decision's write and drops what expired by it; with
 * a validity node it writes the decision's expiry in the same request, and counts what the plant refuses
 * (Bad_InvalidTimestamp) as expired. Both teach it a lower bound of the plant's time, which never goes back: a
 * decision expired by that bound (the rest of a step replayed after a restore) is dropped without a round trip.
 */
public final class OpcUaSetpointWriter implements StatefulSinkWriter<Decision, SetpointWriterState> {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaSetpointWriter.class);
    private static final long READ_BACK_POLL_MILLIS = 20;

    private final OpcUaEndpoint endpoint;
    private final SetpointAddressing addressing;
    private final SetpointWriteSettings settings;
    private final SinkWriter<RejectedSetpoint> errors;
    private final OpcUaClient client;
    private final Map<String, NodeId> resolved = new HashMap<>();
    private final Counter written;
    private final Counter rejected;
    private final Counter retried;
    private final Counter expired;
    private final Counter refusedByPolicy;
    private final SetpointGate gate;
    private long highestWatermark;
    /** The first decision's time: the gate's clock bound until the first watermark arrives. */
    private Instant firstDecision;
    /**
     * A lower bound of the plant's time: the last clock reading, or just past the expiry of a setpoint the plant
     * refused as expired; null before either. Setpoints expired by it are dropped without asking the plant again.
     */
    private Instant knownPlantTime;

    /**
     * @param settings          retries, read-back and plant clock
     * @param errors            the error output of rejected setpoints; {@code null}: they are only logged and
     *                          counted
     * @param restored          the state restored, {@link SetpointWriterState#EMPTY} for none
     * @throws IOException when the server cannot be reached
     */
    public OpcUaSetpointWriter(OpcUaEndpoint endpoint, SetpointAddressing addressing, SetpointWriteSettings settings,
                               SinkWriter<RejectedSetpoint> errors, SetpointWriterState restored, MetricGroup metrics)
            throws IOException {
        this.highestWatermark = restored.watermark();
        this.gate = new SetpointGate(settings.policy());
        this.endpoint = endpoint;
        this.addressing = addressing;
        this.settings = settings;
        this.errors = errors;
        this.client = MiloClients.connect(endpoint, "plantctl-setpoint-sink");
        this.written = metrics.counter("setpointsWritten");
        this.rejected = metrics.counter("setpointsRejected");
        this.retried = metrics.counter("setpointsRetried");
        this.expired = metrics.counter("setpointsExpired");
        this.refusedByPolicy = metrics.counter("setpointsRefusedByPolicy");
    }

    @Override
    public void write(Decision decision, Context context) throws IOException, InterruptedException {
        highestWatermark = Math.max(highestWatermark, context.currentWatermark());
        Instant watermark = Instant.ofEpochMilli(highestWatermark);
        if (firstDecision == null) {
            firstDecision = decision.time();
        }
        if (settings.plantClockNode() != null) {
            learnPlantTime(readPlantClock());
        }
        Instant bound = settings.plantClockNode() != null ? knownPlantTime
                : highestWatermark == Long.MIN_VALUE ? firstDecision : watermark.plus(settings.clockLead());
        SetpointGate.Verdict verdict = gate.check(decision, bound);
        for (SetpointGate.Refused r : verdict.refused()) {
            refusedByPolicy.inc();
            Refusal refusal = r.refusal();
            reject(new RejectedSetpoint(r.setpoint(), endpoint.url(), RejectedSetpoint.Reason.POLICY, 0,
                    refusal.rule(), null, 0, refusal.reason()), context);
        }
        List<Setpoint> due = addressable(verdict.accepted(), context);
        due = unexpired(due, watermark, "the watermark");
        if (knownPlantTime != null) {
            due = unexpired(due, knownPlantTime, settings.plantClockNode() != null ? "the plant's time"
                    : "the plant's time known");
        }
        List<Setpoint> good = new ArrayList<>();
        SetpointRetryPolicy retry = settings.retry();
        for (int attempt = 1; !due.isEmpty(); attempt++) {
            StatusCode[] results = writeAll(decision, due);
            List<Setpoint> again = new ArrayList<>();
            for (int i = 0; i < due.size(); i++) {
                StatusCode status = results[i];
                Setpoint s = due.get(i);
                if (status.isGood()) {
                    good.add(s);
                    gate.written(s, verdict);
                } else if (status.getValue() == StatusCodes.Bad_InvalidTimestamp
                        && settings.validUntilNode() != null) {
                    learnPlantTime(s.expiresAt().plusNanos(1));
                    expired.inc();
                    LOG.warn("Setpoint {} expired at {}: the plant refused it, its time having passed the expiry",
                            s.commandId(), s.expiresAt());
                } else if (attempt < retry.maxAttempts() && retry.retries(status.getValue())) {
                    again.add(s);
                } else {
                    reject(new RejectedSetpoint(s, endpoint.url(), RejectedSetpoint.Reason.REFUSED,
                            status.getValue(), status.toString(), null, attempt, "the plant answered " + status),
                            context);
                }
            }
            if (!again.isEmpty()) {
                retried.inc(again.size());
                Thread.sleep(retry.backoffAfter(attempt).toMillis());
            }
            due = again;
        }
        if (settings.readBackTimeout() == null) {
            written.inc(good.size());
        } else {
            verifyReadBack(good, context);
        }
    }

    /** The setpoints whose actuator has a node; the others go to the error output as NO_NODE. */
    private List<Setpoint> addressable(List<Setpoint> setpoints, Context context) throws IOException,
            InterruptedException {
        List<Setpoint> out = new ArrayList<>(setpoints.size());
        for (Setpoint s : setpoints) {
            if (nodeIfAddressable(s).isPresent()) {
                out.add(s);
            } else {
                reject(new RejectedSetpoint(s, endpoint.url(), RejectedSetpoint.Reason.NO_NODE, 0, "no node", null,
                        0, "no node is bound to actuator " + s.actuator() + " of " + s.unitId()), context);
            }
        }
        return out;
    }

    private Optional<NodeId> nodeIfAddressable(Setpoint s) throws IOException {
        String address;
        try {
            address = addressing.nodeIdOf(s);
        } catch (RuntimeException e) {
            LOG.debug("no node for {}/{}: {}", s.unitId(), s.actuator(), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(nodeOf(address));
    }

    /** The setpoints not expired at {@code now}; the others are counted and logged. */
    private List<Setpoint> unexpired(List<Setpoint> setpoints, Instant now, String clock) {
        List<Setpoint> due = new ArrayList<>(setpoints.size());
        for (Setpoint s : setpoints) {
            if (s.isExpiredAt(now)) {
                expired.inc();
                LOG.warn("Setpoint {} expired at {} before {} {}: not written", s.commandId(), s.expiresAt(), clock,
                        now);
            } else {
                due.add(s);
            }
        }
        return due;
    }

    /** The plant's time never goes back: what it was once it is at least now. */
    private void learnPlantTime(Instant time) {
        if (knownPlantTime == null || time.isAfter(knownPlantTime)) {
            knownPlantTime = time;
        }
    }

    /** The plant's time: the clock node's value if it is a DateTime, else its value's source timestamp. */
    private Instant readPlantClock() throws IOException {
        String clock = settings.plantClockNode();
        DataValue value;
        try {
            value = client.readValues(0.0, TimestampsToReturn.Source, List.of(nodeOf(clock))).get(0);
        } catch (UaException e) {
            throw new IOException("reading the plant clock " + clock + " on " + endpoint.url() + " failed: "
                    + e.getMessage(), e);
        }
        Object v = value.getValue() == null ? null : value.getValue().getValue();
        DateTime time = v instanceof DateTime d ? d : value.getSourceTime();
        if (value.getStatusCode() == null || !value.getStatusCode().isGood() || time == null || time.isNull()) {
            throw new IOException("the plant clock " + clock + " on " + endpoint.url() + " tells no time: status "
                    + value.getStatusCode() + ", value " + v + ", source time " + value.getSourceTime());
        }
        return time.getJavaInstant();
    }

    /**
     * Writes the setpoints in one request, after the unit's validity (the earliest expiry) when the plant takes one;
     * returns the setpoints' statuses.
     */
    private StatusCode[] writeAll(Decision decision, List<Setpoint> setpoints) throws IOException {
        List<WriteValue> writes = new ArrayList<>(setpoints.size() + 1);
        String validUntil = settings.validUntilNodeOf(decision.unitId());
        if (validUntil != null) {
            Instant expiry = setpoints.stream().map(Setpoint::expiresAt).min(Instant::compareTo).orElseThrow();
            writes.add(new WriteValue(nodeOf(validUntil), AttributeId.Value.uid(), null,
                    DataValue.valueOnly(new Variant(new DateTime(expiry)))));
        }
        for (Setpoint s : setpoints) {
            writes.add(new WriteValue(nodeOf(s), AttributeId.Value.uid(), null,
                    DataValue.valueOnly(new Variant(s.value()))));
        }
        StatusCode[] results;
        try {
            results = client.write(writes).getResults();
        } catch (UaException e) {
            throw new IOException("writing " + writes.size() + " setpoints of " + decision.unitId() + " at "
                    + decision.time() + " to " + endpoint.url() + " failed: " + e.getMessage(), e);
        }
        if (validUntil == null) {
            return results;
        }
        if (!results[0].isGood()) {
            throw new IOException("the plant refused the setpoint validity " + validUntil + " of " + decision.unitId()
                    + " on " + endpoint.url() + ": " + results[0]);
        }
        return Arrays.copyOfRange(results, 1, results.length);
    }

    /** Reads the nodes until each shows its setpoint (within the tolerance) or the read-back timeout passed. */
    private void verifyReadBack(List<Setpoint> setpoints, Context context) throws IOException, InterruptedException {
        List<Setpoint> open = new ArrayList<>(setpoints);
        long deadline = System.nanoTime() + settings.readBackTimeout().toNanos();
        List<DataValue> values = List.of();
        while (!open.isEmpty()) {
            List<NodeId> nodes = new ArrayList<>(open.size());
            for (Setpoint s : open) {
                nodes.add(nodeOf(s));
            }
            try {
                values = client.readValues(0.0, TimestampsToReturn.Neither, nodes);
            } catch (UaException e) {
                throw new IOException("reading back " + nodes.size() + " setpoints from " + endpoint.url()
                        + " failed: " + e.getMessage(), e);
            }
            List<Setpoint> still = new ArrayList<>();
            List<DataValue> stillValues = new ArrayList<>();
            for (int i = 0; i < open.size(); i++) {
                Double v = number(values.get(i));
                if (values.get(i).getStatusCode() != null && values.get(i).getStatusCode().isGood() && v != null
                        && Math.abs(v - open.get(i).value()) <= settings.readBackTolerance()) {
                    written.inc();
                } else {
                    still.add(open.get(i));
                    stillValues.add(values.get(i));
                }
            }
            open = still;
            values = stillValues;
            if (open.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(READ_BACK_POLL_MILLIS);
        }
        for (int i = 0; i < open.size(); i++) {
            DataValue v = values.get(i);
            StatusCode status = v.getStatusCode() == null ? StatusCode.GOOD : v.getStatusCode();
            reject(new RejectedSetpoint(open.get(i), endpoint.url(), RejectedSetpoint.Reason.READ_BACK_MISMATCH,
                    status.getValue(), status.toString(), number(v), 1, "the node showed " + number(v)
                    + " instead of " + open.get(i).value() + " after " + settings.readBackTimeout()), context);
        }
    }

    private static Double number(DataValue v) {
        Object value = v.getValue() == null ? null : v.getValue().getValue();
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private void reject(RejectedSetpoint r, Context context) throws IOException, InterruptedException {
        rejected.inc();
        Setpoint s = r.setpoint();
        if (errors != null) {
            LOG.warn("Setpoint {} = {} {} not written to {} ({}, {} after {} attempt(s): {}): to the error output",
                    s.commandId(), s.value(), s.unit(), endpoint.url(), r.reason(), r.status(), r.attempts(),
                    r.detail());
            errors.write(r, context);
        } else {
            LOG.error("Setpoint {} = {} {} not written to {} ({}, {} after {} attempt(s): {}); no error output is set",
                    s.commandId(), s.value(), s.unit(), endpoint.url(), r.reason(), r.status(), r.attempts(),
                    r.detail());
        }
    }

    private NodeId nodeOf(Setpoint s) throws IOException {
        return nodeOf(addressing.nodeIdOf(s));
    }

    private NodeId nodeOf(String text) throws IOException {
        NodeId node = resolved.get(text);
        if (node == null) {
            node = MiloClients.resolve(client, text);
            resolved.put(text, node);
        }
        return node;
    }

    /** The highest watermark seen, so that a restored writer checks expiry against it ({@link SetpointWriterState}). */
    @Override
    public List<SetpointWriterState> snapshotState(long checkpointId) {
        return List.of(new SetpointWriterState(highestWatermark));
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (errors != null) {
            errors.flush(endOfInput);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (errors != null) {
                errors.close();
            }
        } finally {
            MiloClients.disconnectQuietly(client);
        }
    }
}
