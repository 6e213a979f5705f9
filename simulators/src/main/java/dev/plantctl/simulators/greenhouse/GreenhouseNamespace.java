package dev.plantctl.simulators.greenhouse;

import dev.plantctl.models.greenhouse.GreenhouseSignals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.model.variables.AnalogItemTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.factories.NodeFactory;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The greenhouse's address space in namespace {@value GreenhouseSignals#NAMESPACE_URI}: a folder
 * {@code greenhouse} under Objects, one folder per compartment in it, and in each the sensor, actuator and status
 * variables, with string NodeIds {@code <compartment>/<signal>}.
 *
 * <p><b>Publishing.</b> The Value of every signal variable is pushed to its monitored items when the state changes
 * (every step, and actuators and status on an accepted write), instead of being polled at the items' sampling
 * intervals: a subscriber thus gets every step, however fast the plant steps compared to its sampling interval
 * (only its queue size bounds what it keeps between two publishing cycles). Items on other attributes and nodes
 * are sampled as usual by Milo's {@link SubscriptionModel}.
 *
 * <p><b>Writes.</b> Writes to an actuator's Value pass {@link ActuatorWritePolicy}; refused writes get their Bad
 * status, are counted and never applied; accepted ones are counted and handed to the {@link SetpointSink}. Other
 * writes go through Milo's access checks (sensor and status variables are read-only).
 */
final class GreenhouseNamespace extends ManagedNamespaceWithLifecycle {

    /** Receives accepted actuator writes. */
    @FunctionalInterface
    interface SetpointSink {
        void accept(String compartment, Actuator actuator, double value);
    }

    private static final Logger LOG = LoggerFactory.getLogger(GreenhouseNamespace.class);
    private static final String ENGINEERING_UNITS = "EngineeringUnits";

    private record ActuatorNode(String compartment, Actuator actuator) {
    }

    private final GreenhouseSimulation simulation;
    private final WriteCounters counters;
    private final SetpointSink sink;
    private final SubscriptionModel subscriptionModel;
    private final Map<NodeId, UaVariableNode> signalNodes = new HashMap<>();
    private final Map<NodeId, ActuatorNode> actuatorNodes = new HashMap<>();
    private final Map<String, Set<NodeId>> controlNodes = new HashMap<>();
    private final Set<DataItem> pushedItems = ConcurrentHashMap.newKeySet();

    GreenhouseNamespace(OpcUaServer server, GreenhouseSimulation simulation, WriteCounters counters,
                        SetpointSink sink) {
        super(server, GreenhouseSignals.NAMESPACE_URI);
        this.simulation = simulation;
        this.counters = counters;
        this.sink = sink;
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addStartupTask(this::createNodes);
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
        push(signalNodes::containsKey);
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
        List<WriteValue> others = new ArrayList<>();
        List<Integer> otherIndices = new ArrayList<>();
        for (int i = 0; i < writeValues.size(); i++) {
            WriteValue wv = writeValues.get(i);
            ActuatorNode target = actuatorNodes.get(wv.getNodeId());
            if (target != null && AttributeId.Value.isEqual(wv.getAttributeId())) {
                results.set(i, writeActuator(target, wv));
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

    private StatusCode writeActuator(ActuatorNode target, WriteValue wv) {
        DataValue dv = wv.getValue();
        Object value = dv == null ? null : dv.value().value();
        StatusCode status = ActuatorWritePolicy.check(target.actuator(), wv.getIndexRange(), value);
        String address = GreenhouseSignals.nodeIdentifier(target.compartment(), target.actuator().signal());
        if (status.isGood()) {
            sink.accept(target.compartment(), target.actuator(), (Double) value);
            counters.accepted(target.compartment());
        } else {
            counters.rejected(target.compartment());
            LOG.warn("refused write to {}: {} ({}); limits {} … {} {}", address, describe(value), status,
                    target.actuator().min(), target.actuator().max(), target.actuator().unit());
        }
        return status;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
        List<DataItem> pushed = new ArrayList<>();
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : items) {
            (isPushed(item) ? pushed : sampled).add(item);
        }
        pushedItems.addAll(pushed);
        pushCurrent(pushed);
        subscriptionModel.onDataItemsCreated(sampled);
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
        subscriptionModel.onDataItemsModified(items.stream().filter(i -> !isPushed(i)).toList());
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : items) {
            if (!pushedItems.remove(item)) {
                sampled.add(item);
            }
        }
        subscriptionModel.onDataItemsDeleted(sampled);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
        List<DataItem> pushed = new ArrayList<>();
        List<MonitoredItem> sampled = new ArrayList<>();
        for (MonitoredItem item : items) {
            if (item instanceof DataItem d && pushedItems.contains(d)) {
                pushed.add(d);
            } else {
                sampled.add(item);
            }
        }
        pushCurrent(pushed);
        subscriptionModel.onMonitoringModeChanged(sampled);
    }

    private boolean isPushed(DataItem item) {
        ReadValueId id = item.getReadValueId();
        return AttributeId.Value.isEqual(id.getAttributeId()) && signalNodes.containsKey(id.getNodeId());
    }

    private synchronized void pushCurrent(List<DataItem> items) {
        deliver(items);
    }

    private void push(Predicate<NodeId> nodes) {
        List<DataItem> items = new ArrayList<>();
        for (DataItem item : pushedItems) {
            if (nodes.test(item.getReadValueId().getNodeId())) {
                items.add(item);
            }
        }
        deliver(items);
    }

    /** Reads the items' values as their sessions may see them and hands them to the items; the lock is held. */
    private void deliver(List<DataItem> items) {
        Map<Session, List<DataItem>> bySession = new LinkedHashMap<>();
        for (DataItem item : items) {
            if (item.isSamplingEnabled()) {
                bySession.computeIfAbsent(item.getSession(), s -> new ArrayList<>()).add(item);
            }
        }
        bySession.forEach((session, sessionItems) -> {
            List<DataValue> values = read(new ReadContext(getServer(), session), 0.0, TimestampsToReturn.Both,
                    sessionItems.stream().map(DataItem::getReadValueId).toList());
            for (int i = 0; i < sessionItems.size(); i++) {
                DataItem item = sessionItems.get(i);
                item.setValue(DataValue.derivedValue(values.get(i), item.getTimestampsToReturn()));
            }
        });
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
        UaVariableNode node = signalNodes.get(nodeId(compartment, signal));
        node.setValue(new DataValue(new Variant(value), StatusCode.GOOD, sourceTime, serverTime));
    }

    private NodeId nodeId(String compartment, String signal) {
        return newNodeId(GreenhouseSignals.nodeIdentifier(compartment, signal));
    }

    private void createNodes() {
        UaFolderNode root = new UaFolderNode(getNodeContext(), newNodeId(GreenhouseSignals.PLANT),
                newQualifiedName(GreenhouseSignals.PLANT), LocalizedText.english("Greenhouse"));
        getNodeManager().addNode(root);
        root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                false));
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

    private AnalogItemTypeNode analogNode(String compartment, AnalogSignals.Spec spec, Set<AccessLevel> access) {
        NodeId id = nodeId(compartment, spec.signal());
        AnalogItemTypeNode node;
        try {
            node = (AnalogItemTypeNode) getNodeFactory().createNode(id, NodeIds.AnalogItemType,
                    new NodeFactory.InstantiationCallback() {
                        @Override
                        public boolean includeOptionalNode(NodeId typeDefinitionId, QualifiedName browseName) {
                            return ENGINEERING_UNITS.equals(browseName.name());
                        }
                    });
        } catch (UaException e) {
            throw new IllegalStateException("cannot create AnalogItemType node " + id + ": " + e.getStatusCode(), e);
        }
        node.setBrowseName(newQualifiedName(spec.signal()));
        node.setDisplayName(LocalizedText.english(spec.signal()));
        node.setDescription(LocalizedText.english(spec.description()));
        node.setDataType(NodeIds.Double);
        node.setValueRank(ValueRanks.Scalar);
        node.setAccessLevel(AccessLevel.toValue(access));
        node.setUserAccessLevel(AccessLevel.toValue(access));
        node.setEuRange(spec.range());
        node.setEngineeringUnits(spec.units());
        getNodeManager().addNode(node);
        signalNodes.put(id, node);
        return node;
    }

    private UaVariableNode statusNode(String compartment, String signal, NodeId dataType, String description) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(nodeId(compartment, signal))
                .setBrowseName(newQualifiedName(signal))
                .setDisplayName(LocalizedText.english(signal))
                .setDescription(LocalizedText.english(description))
                .setDataType(dataType)
                .setValueRank(ValueRanks.Scalar)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .build();
        getNodeManager().addNode(node);
        signalNodes.put(node.getNodeId(), node);
        return node;
    }
}
