package dev.plantctl.simulators.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.models.greenhouse.VanHentenModel;
import dev.plantctl.models.greenhouse.WeatherSource;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.SimulationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.model.variables.AnalogItemTypeNode;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The greenhouse simulator behind a real Milo server on a free port, driven by a real Milo client. */
class GreenhouseOpcUaServerIT {

    private static final Logger LOG = LoggerFactory.getLogger(GreenhouseOpcUaServerIT.class);
    private static final Instant START = SimulationClock.DEFAULT_START;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final double STEP = 900;
    private static final WeatherSource WEATHER = new SyntheticWeather(GreenhouseSimulation.DEFAULT_WEATHER_SEED);

    private GreenhouseOpcUaServer server;
    private OpcUaClient client;
    private int ns;

    private void start(GreenhouseOpcUaServer.Builder builder) throws UaException {
        server = builder.weather(WEATHER).start();
        client = OpcUaClient.create(server.endpointUrl(),
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())).findFirst(),
                transport -> { },
                config -> config.setApplicationName(LocalizedText.english("plantctl simulator IT"))
                        .setApplicationUri("urn:plantctl:test:simulator-it")
                        .setRequestTimeout(uint(10_000)));
        client.connect();
        ns = client.readNamespaceTable().getIndex(GreenhouseSignals.NAMESPACE_URI).intValue();
    }

    private GreenhouseOpcUaServer.Builder lockstep() {
        return GreenhouseOpcUaServer.builder().compartments(2).clockMode(ClockMode.LOCKSTEP).stepSeconds(STEP)
                .lockstepTimeout(Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() throws UaException {
        if (client != null) {
            client.disconnect();
        }
        if (server != null) {
            server.close();
        }
    }

    private NodeId node(String compartment, String signal) {
        return new NodeId(ns, GreenhouseSignals.nodeIdentifier(compartment, signal));
    }

    private List<ReferenceDescription> browse(NodeId parent) throws UaException {
        BrowseResult result = client.browse(new BrowseDescription(parent, BrowseDirection.Forward,
                NodeIds.HierarchicalReferences, true, uint(0), uint(63)));
        assertThat(result.getStatusCode().isGood()).isTrue();
        return List.of(result.getReferences());
    }

    private StatusCode write(String compartment, String signal, Object value) throws UaException {
        return client.writeValues(List.of(node(compartment, signal)), List.of(DataValue.valueOnly(new Variant(value))))
                .get(0);
    }

    private void writeAll(Map<String, Controls> controls) throws UaException {
        List<NodeId> ids = new ArrayList<>();
        List<DataValue> values = new ArrayList<>();
        controls.forEach((c, u) -> {
            for (Actuator a : Actuator.values()) {
                ids.add(node(c, a.signal()));
                values.add(DataValue.valueOnly(new Variant(a.of(u))));
            }
        });
        assertThat(client.writeValues(ids, values)).allMatch(StatusCode::isGood);
    }

    @Test
    void browseFindsTheCompartmentsAndTheirNodes() throws UaException {
        start(lockstep());

        assertThat(server.endpointUrl()).isEqualTo("opc.tcp://127.0.0.1:" + server.port() + "/plantctl/greenhouse");
        List<ReferenceDescription> objects = browse(NodeIds.ObjectsFolder);
        ReferenceDescription greenhouse = objects.stream()
                .filter(r -> r.getBrowseName().name().equals(GreenhouseSignals.PLANT)).findFirst().orElseThrow();
        NodeId greenhouseId = greenhouse.getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow();
        assertThat(browse(greenhouseId)).extracting(r -> r.getBrowseName().name())
                .containsExactlyInAnyOrder(GreenhouseSignals.CLOCK, "c1", "c2");

        Set<String> expected = new LinkedHashSet<>(GreenhouseSignals.SENSOR_UNITS.keySet());
        expected.addAll(GreenhouseSignals.ACTUATOR_UNITS.keySet());
        expected.add(GreenhouseSignals.CONTROL_MODE);
        expected.add(GreenhouseSignals.WATCHDOG_TRIPPED);
        expected.add(GreenhouseSignals.SETPOINT_VALID_UNTIL);
        List<ReferenceDescription> c1 = browse(new NodeId(ns, "c1"));
        assertThat(c1).extracting(r -> r.getBrowseName().name()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(c1).extracting(r -> r.getNodeId().getIdentifier())
                .containsExactlyInAnyOrderElementsOf(expected.stream()
                        .map(s -> GreenhouseSignals.nodeIdentifier("c1", s)).collect(Collectors.toList()));
        assertThat(c1).filteredOn(r -> GreenhouseSignals.SENSOR_UNITS.containsKey(r.getBrowseName().name()))
                .extracting(r -> r.getTypeDefinition().getIdentifier()).containsOnly(NodeIds.AnalogItemType.getIdentifier());
    }

    @Test
    void readReturnsValuesWithTimestampsUnitsAndRanges() throws UaException {
        start(lockstep());

        DataValue temp = client.readValue(0, TimestampsToReturn.Both, node("c1", GreenhouseSignals.AIR_TEMPERATURE));
        assertThat(temp.statusCode().isGood()).isTrue();
        assertThat(temp.value().value()).isEqualTo(ClimateState.benchmarkInitial().temperature());
        assertThat(temp.sourceTime().getJavaInstant()).isEqualTo(START);
        assertThat(temp.serverTime().getJavaInstant()).isAfter(START);
        DataValue clock = client.readValue(0, TimestampsToReturn.Both,
                new NodeId(ns, GreenhouseSignals.clockNodeIdentifier()));
        assertThat(clock.value().value()).as("the plant clock").isEqualTo(new DateTime(START));

        AnalogItemTypeNode t = (AnalogItemTypeNode) client.getAddressSpace()
                .getVariableNode(node("c1", GreenhouseSignals.AIR_TEMPERATURE));
        EUInformation celsius = t.readEngineeringUnits();
        assertThat(celsius.getNamespaceUri()).isEqualTo("http://www.opcfoundation.org/UA/units/un/cefact");
        assertThat(celsius.getUnitId()).isEqualTo(4408652);
        assertThat(celsius.getDisplayName().text()).isEqualTo("°C");
        assertThat(t.readEuRange()).isNotNull();
        assertThat(t.getDataType()).isEqualTo(NodeIds.Double);

        AnalogItemTypeNode co2 = (AnalogItemTypeNode) client.getAddressSpace()
                .getVariableNode(node("c1", GreenhouseSignals.CO2));
        assertThat(co2.readEngineeringUnits().getUnitId()).isEqualTo(0x3539);

        AnalogItemTypeNode heating = (AnalogItemTypeNode) client.getAddressSpace()
                .getVariableNode(node("c2", GreenhouseSignals.HEATING));
        Range limits = heating.readEuRange();
        assertThat(limits.getLow()).isEqualTo(0.0);
        assertThat(limits.getHigh()).isEqualTo(Controls.HEATING_MAX);
        assertThat(heating.readEngineeringUnits().getUnitId()).isEqualTo(0x443534);
        assertThat(heating.readValue().value().value()).isEqualTo(GreenhouseSimulation.DEFAULT_SAFE_CONTROLS.heating());

        List<DataValue> status = client.readValues(0, TimestampsToReturn.Both, List.of(
                node("c1", GreenhouseSignals.CONTROL_MODE), node("c1", GreenhouseSignals.WATCHDOG_TRIPPED)));
        assertThat(status).extracting(v -> v.value().value()).containsExactly(GreenhouseSignals.MODE_SAFE_DEFAULT, false);

        assertThat(write("c1", GreenhouseSignals.CO2, 500.0).getValue()).as("sensors are read-only")
                .isIn(StatusCodes.Bad_NotWritable, StatusCodes.Bad_UserAccessDenied);
        assertThat(write("c1", GreenhouseSignals.CONTROL_MODE, GreenhouseSignals.MODE_REMOTE).getValue())
                .as("status is read-only").isIn(StatusCodes.Bad_NotWritable, StatusCodes.Bad_UserAccessDenied);
        assertThat(server.writesRejected()).as("only actuator writes are counted").isZero();
    }

    @Test
    void lockstepPublishesEveryStepOnceAndAppliesWritesAtTheNextStep() throws Exception {
        start(lockstep());
        BlockingQueue<DataValue> temperature = new LinkedBlockingQueue<>();
        BlockingQueue<DataValue> radiation = new LinkedBlockingQueue<>();
        OpcUaSubscription subscription = subscribe(20, Map.of(
                node("c1", GreenhouseSignals.AIR_TEMPERATURE), temperature,
                node("c1", GreenhouseSignals.RADIATION), radiation));

        int steps = 12;
        VanHentenModel model = new VanHentenModel(GreenhouseParameters.benchmark());
        long t0 = System.nanoTime();
        long writeToStepNanos = 0;
        for (int k = 0; k < steps; k++) {
            Instant tk = START.plusSeconds((long) (k * STEP));
            DataValue seen = temperature.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(seen).as("notification of step %d", k).isNotNull();
            assertThat(seen.sourceTime().getJavaInstant()).isEqualTo(tk);

            CompartmentStatus before = server.simulation().status("c1");
            assertThat(before.time()).isEqualTo(tk);
            Controls u = new Controls(0.1 * (k % 4), 0.5 + 0.25 * k, 150.0 - 10 * k);
            long w0 = System.nanoTime();
            writeAll(Map.of("c1", u, "c2", new Controls(0, 1, 20)));
            assertThat(server.awaitSimulatedTime(tk.plusSeconds((long) STEP), WAIT)).isTrue();
            writeToStepNanos += System.nanoTime() - w0;

            CompartmentStatus after = server.simulation().status("c1");
            assertThat(after.state()).as("the written controls drove step %d", k)
                    .isEqualTo(model.step(before.state(), u, WEATHER.at(tk), STEP));
            assertThat(after.mode()).isEqualTo(ControlMode.REMOTE);
        }
        double msPerStep = (System.nanoTime() - t0) / 1e6 / steps;
        LOG.info("lockstep with a Milo client reacting to each notification (sampling 20 ms): {} steps, "
                + "{} ms wall per step, of which {} ms from sending the 6 writes to the published step", steps,
                String.format("%.1f", msPerStep), String.format("%.2f", writeToStepNanos / 1e6 / steps));

        DataValue last = temperature.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(last.sourceTime().getJavaInstant()).isEqualTo(START.plusSeconds((long) (steps * STEP)));
        assertThat(temperature.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)).as("no duplicate notification").isNull();
        List<DataValue> nightRadiation = new ArrayList<>();
        radiation.drainTo(nightRadiation);
        assertThat(nightRadiation).as("one notification per step although radiation stays 0 at night")
                .extracting(v -> v.sourceTime().getJavaInstant())
                .containsExactlyElementsOf(stepTimes(0, steps));
        assertThat(nightRadiation).extracting(v -> v.value().value()).containsOnly(0.0);
        assertThat(server.clock().barrierSteps()).isEqualTo(steps);
        assertThat(server.clock().timeoutSteps()).isZero();
        assertThat(server.writesAccepted()).isEqualTo(6L * steps);
        assertThat(server.writesAccepted("c1")).isEqualTo(3L * steps);
        subscription.delete();
    }

    @Test
    void lockstepWaitsForEveryActuatorOfEveryCompartment() throws Exception {
        start(lockstep());
        assertThat(write("c1", GreenhouseSignals.HEATING, 60.0).isGood()).isTrue();
        assertThat(write("c1", GreenhouseSignals.VENTILATION, 1.0).isGood()).isTrue();
        assertThat(write("c1", GreenhouseSignals.CO2_SUPPLY, 0.5).isGood()).isTrue();
        assertThat(write("c2", GreenhouseSignals.HEATING, 60.0).isGood()).isTrue();
        assertThat(write("c2", GreenhouseSignals.HEATING, 70.0).isGood()).isTrue();
        assertThat(write("c2", GreenhouseSignals.VENTILATION, 1.0).isGood()).isTrue();
        assertThat(server.awaitSimulatedTime(START.plusSeconds((long) STEP), QUIET))
                .as("c2/co2_supply has not been written").isFalse();

        assertThat(write("c2", GreenhouseSignals.CO2_SUPPLY, 0.0).isGood()).isTrue();
        assertThat(server.awaitSimulatedTime(START.plusSeconds((long) STEP), WAIT)).isTrue();
        assertThat(server.simulation().status("c2").controls()).isEqualTo(new Controls(0, 1, 70));
    }

    @Test
    void lockstepAdvancesOnTheTimeoutWhenTheControllerIsSilent() throws Exception {
        start(lockstep().lockstepTimeout(Duration.ofMillis(200)).watchdogTimeout(Duration.ofMinutes(30)));
        writeAll(Map.of("c1", new Controls(0, 0, 100), "c2", new Controls(0, 0, 100)));
        Instant fed = server.simulation().status("c1").lastSetpointTime().orElseThrow();

        assertThat(server.awaitSimulatedTime(fed.plus(Duration.ofMinutes(30)), WAIT)).isTrue();
        assertThat(server.clock().timeoutSteps()).as("the barrier step, then steps by timeout")
                .isGreaterThanOrEqualTo(1);
        assertThat(server.simulation().status("c1").mode()).as("30 simulated minutes without setpoints")
                .isEqualTo(ControlMode.SAFE_DEFAULT);
        List<DataValue> status = client.readValues(0, TimestampsToReturn.Both, List.of(
                node("c1", GreenhouseSignals.CONTROL_MODE), node("c1", GreenhouseSignals.WATCHDOG_TRIPPED),
                node("c1", GreenhouseSignals.HEATING)));
        assertThat(status).extracting(v -> v.value().value())
                .containsExactly(GreenhouseSignals.MODE_SAFE_DEFAULT, true,
                        GreenhouseSimulation.DEFAULT_SAFE_CONTROLS.heating());
    }

    @Test
    void invalidWritesAreRefusedCountedAndNeverApplied() throws Exception {
        start(lockstep());
        Controls before = server.simulation().status("c2").controls();

        assertThat(write("c2", GreenhouseSignals.HEATING, Double.NaN).getValue()).isEqualTo(StatusCodes.Bad_OutOfRange);
        assertThat(write("c2", GreenhouseSignals.HEATING, Double.POSITIVE_INFINITY).getValue())
                .isEqualTo(StatusCodes.Bad_OutOfRange);
        assertThat(write("c2", GreenhouseSignals.HEATING, 150.5).getValue()).isEqualTo(StatusCodes.Bad_OutOfRange);
        assertThat(write("c2", GreenhouseSignals.VENTILATION, -0.1).getValue()).isEqualTo(StatusCodes.Bad_OutOfRange);
        assertThat(write("c2", GreenhouseSignals.CO2_SUPPLY, "0.5").getValue()).isEqualTo(StatusCodes.Bad_TypeMismatch);
        assertThat(write("c2", GreenhouseSignals.HEATING, 50).getValue()).as("Int32")
                .isEqualTo(StatusCodes.Bad_TypeMismatch);
        assertThat(write("c2", GreenhouseSignals.HEATING, 50f).getValue()).as("Float")
                .isEqualTo(StatusCodes.Bad_TypeMismatch);

        assertThat(server.writesRejected("c2")).isEqualTo(7);
        assertThat(server.writesRejected("c1")).isZero();
        assertThat(server.writesRejected()).isEqualTo(7);
        assertThat(server.writesAccepted()).isZero();
        assertThat(server.simulation().status("c2").controls()).isEqualTo(before);
        assertThat(server.simulation().status("c2").mode()).isEqualTo(ControlMode.SAFE_DEFAULT);
        assertThat(client.readValue(0, TimestampsToReturn.Both, node("c2", GreenhouseSignals.HEATING))
                .value().value()).isEqualTo(before.heating());

        writeAll(Map.of("c1", new Controls(0, 0, 0), "c2", new Controls(0, 0, 0)));
        assertThat(write("c2", GreenhouseSignals.HEATING, 151.0).getValue()).isEqualTo(StatusCodes.Bad_OutOfRange);
        assertThat(server.awaitSimulatedTime(START.plusSeconds((long) STEP), WAIT)).isTrue();
        assertThat(server.simulation().ledger("c2").heatingCostEur()).as("the refused 151 W/m2 never heated")
                .isZero();
    }

    @Test
    void subscribersSeeEveryStepEvenWhenStepsComeFasterThanTheirSamplingInterval() throws Exception {
        int steps = 400;
        start(GreenhouseOpcUaServer.builder().clockMode(ClockMode.ACCELERATED).stepSeconds(STEP)
                .accelerationFactor(STEP / 0.005).endTime(START.plusSeconds((long) (steps * STEP))));
        BlockingQueue<DataValue> weight = new LinkedBlockingQueue<>();
        subscribe(50, Map.of(node("c1", GreenhouseSignals.CROP_DRY_WEIGHT), weight));

        assertThat(server.awaitSimulatedTime(START.plusSeconds((long) (steps * STEP)), WAIT)).isTrue();
        List<Instant> seen = new ArrayList<>();
        while (seen.isEmpty() || seen.get(seen.size() - 1).isBefore(server.simulatedTime())) {
            DataValue v = weight.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(v).as("notifications up to the end, got until %s", seen).isNotNull();
            seen.add(v.sourceTime().getJavaInstant());
        }
        int first = (int) (Duration.between(START, seen.get(0)).toSeconds() / (long) STEP);
        assertThat(first).as("the subscription started before the end").isLessThan(steps);
        assertThat(seen).as("200 steps per second against a 50 ms sampling interval, none lost")
                .containsExactlyElementsOf(stepTimes(first, steps));
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> GreenhouseOpcUaServer.builder().port(70_000)).hasMessageContaining("port");
        assertThatThrownBy(() -> GreenhouseOpcUaServer.builder().bindAddress(" ")).hasMessageContaining("bindAddress");
        assertThatThrownBy(() -> GreenhouseOpcUaServer.builder().compartments(0)).hasMessageContaining("compartments");
        assertThatThrownBy(() -> GreenhouseOpcUaServer.builder().stepSeconds(-1)).hasMessageContaining("stepSeconds");
        assertThatThrownBy(() -> GreenhouseOpcUaServer.builder().endTime(START.minusSeconds(1)).start())
                .hasMessageContaining("endTime");
        assertThatThrownBy(() -> GreenhouseOpcUaServer.builder().bindAddress("no-such-host.invalid").start())
                .hasMessageContaining("bindAddress");
    }

    private static List<Instant> stepTimes(int fromStep, int toStep) {
        List<Instant> times = new ArrayList<>();
        for (int k = fromStep; k <= toStep; k++) {
            times.add(START.plusSeconds((long) (k * STEP)));
        }
        return times;
    }

    private OpcUaSubscription subscribe(double intervalMillis, Map<NodeId, BlockingQueue<DataValue>> items)
            throws UaException {
        OpcUaSubscription subscription = new OpcUaSubscription(client, intervalMillis);
        subscription.create();
        items.forEach((id, queue) -> {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(id);
            item.setSamplingInterval(intervalMillis);
            item.setQueueSize(uint(100));
            item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp,
                    uint(DeadbandType.None.getValue()), 0.0));
            item.setDataValueListener((i, value) -> queue.add(value));
            subscription.addMonitoredItem(item);
        });
        subscription.synchronizeMonitoredItems();
        return subscription;
    }
}
