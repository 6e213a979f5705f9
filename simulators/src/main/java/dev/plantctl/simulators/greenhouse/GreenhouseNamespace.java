package dev.plantctl.simulators.greenhouse;

import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.opcua.PushedValuesNamespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.model.variables.AnalogItemTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The greenhouse's address space in namespace {@value GreenhouseSignals#NAMESPACE_URI}: a folder
 * {@code greenhouse} under Objects, one folder per compartment in it, and in each the sensor, actuator and status
 * variables, with string NodeIds {@code <compartment>/<signal>}, and beside them the plant's clock
 * {@code greenhouse/clock}: a DateTime variable holding the time of the published state (the simulated time), which a
 * setpoint writer reads to tell whether the plant has moved past a setpoint's expiry.
 *
 * <p><b>Publishing.</b> The Value of every signal variable is pushed to its monitored items when the state changes
 * (every step, and actuators and status on an accepted write), as {@link PushedValuesNamespace} does it: a
 * subscriber gets every step, however fast the plant steps compared to its sampling interval.
 *
 * <p><b>Writes.</b> Writes to an actuator's Value pass {@link ActuatorWritePolicy}; refused writes get their Bad
 * status, are counted and never applied; accepted ones are counted and handed to the {@link SetpointSink}. Other
 * writes go through Milo's access checks (sensor and status variables are read-only).
 */
final class GreenhouseNamespace extends PushedValuesNamespace {

    /** Receives accepted actuator writes. */
    @FunctionalInterface
    interface SetpointSink {
        /**
         * Applies the value unless the plant's time has passed {@code validUntil} (null: always).
         *
         * @return whether it was applied
         */
        boolean accept(String compartment, Actuator actuator, double value, Instant validUntil);
    }

    private static final Logger LOG = LoggerFactory.getLogger(GreenhouseNamespace.class);

    private record ActuatorNode(String compartment, Actuator actuator) {
    }

    private final GreenhouseSimulation simulation;
    private final WriteCounters counters;
    private final SetpointSink sink;
    private final Map<NodeId, ActuatorNode> actuatorNodes = new HashMap<>();
    private final Map<NodeId, UaVariableNode> validUntilNodes = new HashMap<>();
    private final Map<String, Set<NodeId>> controlNodes = new HashMap<>();

    GreenhouseNamespace(OpcUaServer server, GreenhouseSimulation simulation, WriteCounters counters,
                        SetpointSink sink) {
        super(server, GreenhouseSignals.NAMESPACE_URI);
        this.simulation = simulation;
        this.counters = counters;
        this.sink = sink;
    }

    /**
     * Publishes every compartment's state: each signal variable gets the value at {@code time} as its source
     * timestamp and the wall clock as its server timestamp, and is pushed to its monitored items.
     */
    synchronized void publish(Instant time) {
        DateTime sourceTime = new DateTime(time);
        DateTime serverTime = DateTime.now();
        for (CompartmentStatus status : simulation.statuses()) {
            String c = status.compartment();
            status.sensorValues().forEach((signal, value) -> set(c, signal, value, sourceTime, serverTime));
            setControls(status, sourceTime, serverTime);
        }
        setValue(newNodeId(GreenhouseSignals.clockNodeIdentifier()), sourceTime, sourceTime, serverTime);
        push(this::isSignal);
    }

    /** Publishes one compartment's actuators and status after an accepted write. */
    synchronized void publishControls(String compartment) {
        CompartmentStatus status = simulation.status(compartment);
        setControls(status, new DateTime(status.time()), DateTime.now());
        push(controlNodes.get(compartment)::contains);
    }

    @Override
    public List<StatusCode> write(WriteContext context, List<WriteValue> writeValues) {
        List<StatusCode> results = new ArrayList<>(Collections.nCopies(writeValues.size(), (StatusCode) null));
        Map<String, Instant> validUntil = new HashMap<>();
        for (int i = 0; i < writeValues.size(); i++) {
            WriteValue wv = writeValues.get(i);
            UaVariableNode node = validUntilNodes.get(wv.getNodeId());
            if (node != null && AttributeId.Value.isEqual(wv.getAttributeId())) {
                results.set(i, writeValidUntil(node, wv, validUntil));
            }
        }
        List<WriteValue> others = new ArrayList<>();
        List<Integer> otherIndices = new ArrayList<>();
        for (int i = 0; i < writeValues.size(); i++) {
            WriteValue wv = writeValues.get(i);
            ActuatorNode target = actuatorNodes.get(wv.getNodeId());
            if (results.get(i) != null) {
                continue;
            }
            if (target != null && AttributeId.Value.isEqual(wv.getAttributeId())) {
                results.set(i, writeActuator(target, wv, validUntil.get(target.compartment())));
            } else {
                others.add(wv);
                otherIndices.add(i);
            }
        }
        if (!others.isEmpty()) {
            List<StatusCode> otherResults = super.write(context, others);
            for (int i = 0; i < otherIndices.size(); i++) {
                results.set(otherIndices.get(i), otherResults.get(i));
            }
        }
        return results;
    }

    /** Stores a compartment's setpoint validity and notes it for the actuator writes of the same request. */
    private static StatusCode writeValidUntil(UaVariableNode node, WriteValue wv, Map<String, Instant> validUntil) {
        Object value = wv.getValue() == null ? null : wv.getValue().value().value();
        if (!(value instanceof DateTime time) || wv.getIndexRange() != null) {
            return new StatusCode(StatusCodes.Bad_TypeMismatch);
        }
        node.setValue(new DataValue(new Variant(time), StatusCode.GOOD, DateTime.now(), DateTime.now()));
        String identifier = node.getNodeId().getIdentifier().toString();
        validUntil.put(identifier.substring(0, identifier.indexOf('/')), time.getJavaInstant());
        return StatusCode.GOOD;
    }

    private StatusCode writeActuator(ActuatorNode target, WriteValue wv, Instant validUntil) {
        DataValue dv = wv.getValue();
        Object value = dv == null ? null : dv.value().value();
        StatusCode status = ActuatorWritePolicy.check(target.actuator(), wv.getIndexRange(), value);
        String address = GreenhouseSignals.nodeIdentifier(target.compartment(), target.actuator().signal());
        if (status.isGood() && !sink.accept(target.compartment(), target.actuator(), (Double) value, validUntil)) {
            status = new StatusCode(StatusCodes.Bad_InvalidTimestamp);
            LOG.warn("refused write to {}: {} valid until {}, but the plant's time is {}", address, describe(value),
                    validUntil, simulation.simulatedTime());
        }
        if (status.isGood()) {
            counters.accepted(target.compartment());
        } else {
            counters.rejected(target.compartment());
            if (status.getValue() != StatusCodes.Bad_InvalidTimestamp) {
                LOG.warn("refused write to {}: {} ({}); limits {} … {} {}", address, describe(value), status,
                        target.actuator().min(), target.actuator().max(), target.actuator().unit());
            }
        }
        return status;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    private void setControls(CompartmentStatus status, DateTime sourceTime, DateTime serverTime) {
        String c = status.compartment();
        for (Actuator a : Actuator.values()) {
            set(c, a.signal(), a.of(status.controls()), sourceTime, serverTime);
        }
        set(c, GreenhouseSignals.CONTROL_MODE, status.mode().signalValue(), sourceTime, serverTime);
        set(c, GreenhouseSignals.WATCHDOG_TRIPPED, status.watchdogTripped(), sourceTime, serverTime);
    }

    private void set(String compartment, String signal, Object value, DateTime sourceTime, DateTime serverTime) {
        setValue(nodeId(compartment, signal), value, sourceTime, serverTime);
    }

    private NodeId nodeId(String compartment, String signal) {
        return newNodeId(GreenhouseSignals.nodeIdentifier(compartment, signal));
    }

    @Override
    protected void createNodes() {
        UaFolderNode root = new UaFolderNode(getNodeContext(), newNodeId(GreenhouseSignals.PLANT),
                newQualifiedName(GreenhouseSignals.PLANT), LocalizedText.english("Greenhouse"));
        getNodeManager().addNode(root);
        root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                false));
        root.addOrganizes(statusNode(newNodeId(GreenhouseSignals.clockNodeIdentifier()), GreenhouseSignals.CLOCK,
                NodeIds.DateTime, "The plant's time: the time of the state the variables publish"));
        for (String c : simulation.compartmentIds()) {
            UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(c), newQualifiedName(c),
                    LocalizedText.english("Compartment " + c));
            getNodeManager().addNode(folder);
            root.addOrganizes(folder);
            for (AnalogSignals.Spec spec : AnalogSignals.SENSORS.values()) {
                folder.addOrganizes(analogNode(c, spec, AccessLevel.READ_ONLY));
            }
            Set<NodeId> controls = new HashSet<>();
            for (Actuator a : Actuator.values()) {
                AnalogItemTypeNode node = analogNode(c, AnalogSignals.actuator(a), AccessLevel.READ_WRITE);
                actuatorNodes.put(node.getNodeId(), new ActuatorNode(c, a));
                controls.add(node.getNodeId());
                folder.addOrganizes(node);
            }
            folder.addOrganizes(validUntilNode(c));
            UaVariableNode mode = statusNode(c, GreenhouseSignals.CONTROL_MODE, NodeIds.String,
                    "Who drives the actuators: " + GreenhouseSignals.MODE_REMOTE + " or "
                            + GreenhouseSignals.MODE_SAFE_DEFAULT);
            UaVariableNode tripped = statusNode(c, GreenhouseSignals.WATCHDOG_TRIPPED, NodeIds.Boolean,
                    "True when setpoints stopped arriving and the actuators fell back to safe defaults");
            controls.add(mode.getNodeId());
            controls.add(tripped.getNodeId());
            folder.addOrganizes(mode);
            folder.addOrganizes(tripped);
            controlNodes.put(c, Set.copyOf(controls));
        }
    }

    /** The compartment's writable {@link GreenhouseSignals#SETPOINT_VALID_UNTIL}, not a pushed signal. */
    private UaVariableNode validUntilNode(String compartment) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(nodeId(compartment, GreenhouseSignals.SETPOINT_VALID_UNTIL))
                .setBrowseName(newQualifiedName(GreenhouseSignals.SETPOINT_VALID_UNTIL))
                .setDisplayName(LocalizedText.english(GreenhouseSignals.SETPOINT_VALID_UNTIL))
                .setDescription(LocalizedText.english("Written with actuator values in one request: they apply only"
                        + " while the plant's time has not passed it"))
                .setDataType(NodeIds.DateTime)
                .setValueRank(ValueRanks.Scalar)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(AccessLevel.toValue(AccessLevel.READ_WRITE))
                .setUserAccessLevel(AccessLevel.toValue(AccessLevel.READ_WRITE))
                .build();
        node.setValue(new DataValue(new Variant(DateTime.NULL_VALUE)));
        getNodeManager().addNode(node);
        validUntilNodes.put(node.getNodeId(), node);
        return node;
    }

    private AnalogItemTypeNode analogNode(String compartment, AnalogSignals.Spec spec, Set<AccessLevel> access) {
        return analogNode(nodeId(compartment, spec.signal()), spec.signal(), spec.description(), spec.units(),
                spec.range(), access);
    }

    private UaVariableNode statusNode(String compartment, String signal, NodeId dataType, String description) {
        return statusNode(nodeId(compartment, signal), signal, dataType, description);
    }
}
