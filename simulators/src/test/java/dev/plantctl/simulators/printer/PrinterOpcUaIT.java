package dev.plantctl.simulators.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.SimulationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.model.variables.AnalogItemTypeNode;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The printer farm's OPC UA view, read by a real Milo client, with the farm in lockstep on the embedded MQTT 5
 * broker: each answered Moonraker request over MQTT advances the farm by one status interval.
 */
class PrinterOpcUaIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant START = SimulationClock.DEFAULT_START;

    private PrinterFarmSimulator simulator;
    private OpcUaClient client;
    private MqttProbe mqtt;
    private int ns;
    private int requestId;

    @BeforeEach
    void start() throws Exception {
        simulator = PrinterFarmSimulator.builder().printers(2).clockMode(ClockMode.LOCKSTEP)
                .lockstepTimeout(Duration.ofMinutes(5)).start();
        client = OpcUaClient.create(simulator.opcUaEndpointUrl().orElseThrow(),
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())).findFirst(),
                transport -> { },
                config -> config.setApplicationName(LocalizedText.english("plantctl printer IT"))
                        .setApplicationUri("urn:plantctl:test:printer-it").setRequestTimeout(uint(10_000)));
        client.connect();
        ns = client.readNamespaceTable().getIndex(PrinterSignals.NAMESPACE_URI).intValue();
        mqtt = new MqttProbe(simulator.brokerUrl(), "plantctl-it-opcua", true, "+/moonraker/api/response");
    }

    @AfterEach
    void stop() throws Exception {
        if (mqtt != null) {
            mqtt.close();
        }
        if (client != null) {
            client.disconnect();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private NodeId node(String instance, String... parts) {
        return new NodeId(ns, PrinterSignals.nodeIdentifier(instance, parts));
    }

    private List<String> browseNames(NodeId parent) throws Exception {
        return List.of(client.browse(new BrowseDescription(parent, BrowseDirection.Forward,
                NodeIds.HierarchicalReferences, true, uint(0), uint(63))).getReferences()).stream()
                .map(ReferenceDescription::getBrowseName).map(q -> q.name()).toList();
    }

    /** A printer.info heartbeat to every printer: one lockstep step. */
    private void step() throws Exception {
        Instant before = simulator.simulatedTime();
        for (String instance : simulator.instances()) {
            int id = ++requestId;
            mqtt.send(PrinterSignals.requestTopic(instance),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"printer.info\",\"id\":" + id + "}");
            mqtt.await("info " + id, WAIT, r -> r.json().path("id").asInt() == id);
        }
        assertThat(simulator.awaitSimulatedTime(before.plusMillis(250), WAIT)).isTrue();
    }

    @Test
    void browseFindsEachPrintersProcessValuesAfterTheProcessValuePattern() throws Exception {
        assertThat(simulator.opcUaEndpointUrl().orElseThrow()).endsWith("/plantctl/printer");
        assertThat(browseNames(new NodeId(ns, "printers"))).containsExactly("p1", "p2");
        assertThat(browseNames(new NodeId(ns, "p1"))).contains("hotend_temperature", "heater_power",
                "extruder_motor_load", "filament_velocity", "flow_factor", "z_adjust", "line_width", "line_height",
                "print_state", "current_layer", "scanned_layer");
        assertThat(browseNames(node("p1", "hotend_temperature")))
                .containsExactlyInAnyOrder("SignalTag", "AnalogSignal", "ProcessValueSetpoint", "Deviation");
        assertThat(browseNames(node("p1", "heater_power"))).containsExactlyInAnyOrder("SignalTag", "AnalogSignal");
        assertThat(client.readValue(0, TimestampsToReturn.Both, node("p1", "hotend_temperature", "SignalTag"))
                .value().value()).isEqualTo("p1.hotend_temperature");
    }

    @Test
    void analogSignalsCarryUnitsRangesSetpointsAndDeviations() throws Exception {
        AnalogItemTypeNode temperature = (AnalogItemTypeNode) client.getAddressSpace()
                .getVariableNode(node("p1", "hotend_temperature", "AnalogSignal"));
        assertThat(temperature.readEngineeringUnits().getUnitId()).isEqualTo(4408652);
        assertThat(temperature.readEuRange().getHigh()).isEqualTo(300.0);
        assertThat(temperature.getDataType()).isEqualTo(NodeIds.Double);
        AnalogItemTypeNode width = (AnalogItemTypeNode) client.getAddressSpace()
                .getVariableNode(node("p2", "line_width", "ProcessValueSetpoint"));
        assertThat(width.readEngineeringUnits().getDisplayName().text()).isEqualTo("mm");

        List<DataValue> values = client.readValues(0, TimestampsToReturn.Both, List.of(
                node("p1", "hotend_temperature", "AnalogSignal"),
                node("p1", "hotend_temperature", "ProcessValueSetpoint"),
                node("p1", "hotend_temperature", "Deviation"),
                node("p1", "print_state")));
        double reading = (Double) values.get(0).value().value();
        assertThat(reading).isCloseTo(25, within(1.0));
        assertThat(values.get(1).value().value()).isEqualTo(210.0);
        assertThat((Double) values.get(2).value().value()).isCloseTo(reading - 210, within(1e-9));
        assertThat(values.get(3).value().value()).isEqualTo("printing");
        assertThat(values.get(0).sourceTime().getJavaInstant()).isEqualTo(START);
        assertThat((Double) client.readValue(0, TimestampsToReturn.Both, node("p1", "line_width", "AnalogSignal"))
                .value().value()).isNaN();
    }

    @Test
    void everyLockstepStepIsPushedToSubscribers() throws Exception {
        BlockingQueue<DataValue> queue = new LinkedBlockingQueue<>();
        OpcUaSubscription subscription = new OpcUaSubscription(client, 20.0);
        subscription.create();
        OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node("p2", "hotend_temperature", "AnalogSignal"));
        item.setDataValueListener((i, value) -> queue.add(value));
        subscription.addMonitoredItem(item);
        subscription.synchronizeMonitoredItems();
        DataValue initial = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(initial).isNotNull();
        assertThat(initial.sourceTime().getJavaInstant()).isEqualTo(START);

        for (int k = 1; k <= 8; k++) {
            step();
            DataValue v = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(v).as("step %d", k).isNotNull();
            assertThat(v.sourceTime().getJavaInstant()).isEqualTo(START.plusMillis(250L * k));
        }
        assertThat((Double) client.readValue(0, TimestampsToReturn.Both,
                node("p2", "hotend_temperature", "AnalogSignal")).value().value()).isGreaterThan(25.5);
        assertThat(simulator.clock().barrierSteps()).isEqualTo(8);
        subscription.delete();
    }
}
