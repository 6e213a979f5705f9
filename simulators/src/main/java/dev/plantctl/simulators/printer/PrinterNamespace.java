package dev.plantctl.simulators.printer;

import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.PrinterStatus;
import dev.plantctl.simulators.opcua.PushedValuesNamespace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

/**
 * The printer farm's read-only OPC UA view in namespace {@value PrinterSignals#NAMESPACE_URI}: a folder
 * {@code printers} under Objects, one folder per printer ({@code p1} …), and in each
 * <ul>
 *   <li>one object per {@link ProcessValue} with {@code SignalTag} (property, e.g. {@code p1.hotend_temperature}),
 *       {@code AnalogSignal} and, where a desired value exists, {@code ProcessValueSetpoint} and
 *       {@code Deviation}: Double AnalogItemType variables with EngineeringUnits and EURange;</li>
 *   <li>status variables {@code print_state} (String, Moonraker's names), {@code message} (String),
 *       {@code current_layer}, {@code total_layers} and {@code scanned_layer} (Int32).</li>
 * </ul>
 * String NodeIds are {@link PrinterSignals#nodeIdentifier}: {@code p1/hotend_temperature/AnalogSignal},
 * {@code p1/print_state}. Values are pushed to monitored items at every published step, with the simulated time as
 * source timestamp (for the layer scan: the time the layer was finished). A value that does not exist yet (the
 * scan before the first layer) is NaN.
 */
final class PrinterNamespace extends PushedValuesNamespace {

    /** Status variable: the job state. */
    static final String PRINT_STATE = "print_state";
    /** Status variable: why the printer shut down. */
    static final String MESSAGE = "message";
    /** Status variable: the layer being printed. */
    static final String CURRENT_LAYER = "current_layer";
    /** Status variable: layers in the job. */
    static final String TOTAL_LAYERS = "total_layers";
    /** Status variable: the last scanned layer (0: none yet). */
    static final String SCANNED_LAYER = "scanned_layer";

    private static final String ROOT = "printers";

    private final List<String> instances;

    PrinterNamespace(OpcUaServer server, List<String> instances) {
        super(server, PrinterSignals.NAMESPACE_URI);
        this.instances = List.copyOf(instances);
    }

    /** Sets every printer's nodes from its status and pushes them to their monitored items. */
    synchronized void publish(Map<String, PrinterStatus> statuses, Instant time) {
        statuses.forEach((instance, status) -> set(instance, status, time));
        push(this::isSignal);
    }

    private void set(String instance, PrinterStatus s, Instant time) {
        DateTime source = new DateTime(time);
        DateTime server = DateTime.now();
        DateTime scanTime = s.lastLayer() == null ? source
                : new DateTime(time.minusNanos(Math.round((s.elapsedS() - s.lastLayer().elapsedS()) * 1e9)));
        for (ProcessValue pv : ProcessValue.values()) {
            boolean scan = pv == ProcessValue.LINE_WIDTH || pv == ProcessValue.LINE_HEIGHT;
            DateTime t = scan ? scanTime : source;
            double signal = pv.signal(s);
            setValue(id(instance, pv.browseName(), ProcessValue.ANALOG_SIGNAL), signal, t, server);
            if (pv.hasSetpoint()) {
                double setpoint = pv.setpoint(s);
                setValue(id(instance, pv.browseName(), ProcessValue.SETPOINT), setpoint, t, server);
                setValue(id(instance, pv.browseName(), ProcessValue.DEVIATION), signal - setpoint, t, server);
            }
        }
        setValue(id(instance, PRINT_STATE), s.state().moonrakerName(), source, server);
        setValue(id(instance, MESSAGE), s.message(), source, server);
        setValue(id(instance, CURRENT_LAYER), s.currentLayer(), source, server);
        setValue(id(instance, TOTAL_LAYERS), s.totalLayers(), source, server);
        setValue(id(instance, SCANNED_LAYER), s.lastLayer() == null ? 0 : s.lastLayer().layer(), scanTime, server);
    }

    @Override
    protected void createNodes() {
        UaFolderNode root = new UaFolderNode(getNodeContext(), newNodeId(ROOT), newQualifiedName(ROOT),
                LocalizedText.english("Printer farm"));
        getNodeManager().addNode(root);
        root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                false));
        for (String instance : instances) {
            UaFolderNode printer = new UaFolderNode(getNodeContext(), newNodeId(instance),
                    newQualifiedName(instance), LocalizedText.english("Printer " + instance));
            getNodeManager().addNode(printer);
            root.addOrganizes(printer);
            for (ProcessValue pv : ProcessValue.values()) {
                printer.addOrganizes(processValue(instance, pv));
            }
            printer.addOrganizes(statusNode(id(instance, PRINT_STATE), PRINT_STATE, NodeIds.String,
                    "Job state: printing, paused, complete or error"));
            printer.addOrganizes(statusNode(id(instance, MESSAGE), MESSAGE, NodeIds.String,
                    "Why the printer shut down, or empty"));
            printer.addOrganizes(statusNode(id(instance, CURRENT_LAYER), CURRENT_LAYER, NodeIds.Int32,
                    "The layer being printed, from 1 (0 while heating for the first)"));
            printer.addOrganizes(statusNode(id(instance, TOTAL_LAYERS), TOTAL_LAYERS, NodeIds.Int32,
                    "Layers in the job"));
            printer.addOrganizes(statusNode(id(instance, SCANNED_LAYER), SCANNED_LAYER, NodeIds.Int32,
                    "The last finished and scanned layer (0: none yet)"));
        }
    }

    private UaObjectNode processValue(String instance, ProcessValue pv) {
        UaObjectNode object = new UaObjectNode.UaObjectNodeBuilder(getNodeContext())
                .setNodeId(id(instance, pv.browseName()))
                .setBrowseName(newQualifiedName(pv.browseName()))
                .setDisplayName(LocalizedText.english(pv.browseName()))
                .setDescription(LocalizedText.english(pv.description()))
                .setTypeDefinition(NodeIds.BaseObjectType)
                .build();
        getNodeManager().addNode(object);
        Range range = new Range(pv.low(), pv.high());
        component(object, analogNode(id(instance, pv.browseName(), ProcessValue.ANALOG_SIGNAL),
                ProcessValue.ANALOG_SIGNAL, pv.description(), pv.units(), range, AccessLevel.READ_ONLY));
        if (pv.hasSetpoint()) {
            component(object, analogNode(id(instance, pv.browseName(), ProcessValue.SETPOINT), ProcessValue.SETPOINT,
                    "Desired value of " + pv.browseName(), pv.units(), range, AccessLevel.READ_ONLY));
            double span = pv.high() - pv.low();
            component(object, analogNode(id(instance, pv.browseName(), ProcessValue.DEVIATION),
                    ProcessValue.DEVIATION, "AnalogSignal minus ProcessValueSetpoint", pv.units(),
                    new Range(-span, span), AccessLevel.READ_ONLY));
        }
        UaVariableNode tag = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(id(instance, pv.browseName(), ProcessValue.SIGNAL_TAG))
                .setBrowseName(newQualifiedName(ProcessValue.SIGNAL_TAG))
                .setDisplayName(LocalizedText.english(ProcessValue.SIGNAL_TAG))
                .setDataType(NodeIds.String)
                .setValueRank(ValueRanks.Scalar)
                .setTypeDefinition(NodeIds.PropertyType)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setValue(new DataValue(new Variant(instance + "." + pv.browseName())))
                .build();
        getNodeManager().addNode(tag);
        object.addReference(new Reference(object.getNodeId(), NodeIds.HasProperty, tag.getNodeId().expanded(),
                true));
        return object;
    }

    private static void component(UaNode parent, UaNode child) {
        parent.addReference(new Reference(parent.getNodeId(), NodeIds.HasComponent, child.getNodeId().expanded(),
                true));
    }

    private NodeId id(String instance, String... parts) {
        return newNodeId(PrinterSignals.nodeIdentifier(instance, parts));
    }
}
