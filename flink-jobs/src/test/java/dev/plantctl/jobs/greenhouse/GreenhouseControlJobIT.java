package dev.plantctl.jobs.greenhouse;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.controllers.ExplanationJson;
import dev.plantctl.controllers.greenhouse.GreenhouseSeason;
import dev.plantctl.controllers.greenhouse.SeasonResult;
import dev.plantctl.core.Explanation;
import dev.plantctl.jobs.common.ValidateSamples;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.EconomicPrices;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The greenhouse loop through real OPC UA (a Milo server in lockstep) and a Flink MiniCluster: the simulator
 * applies the controller's setpoints, and the controlled compartments keep their temperature in band more
 * often than an uncontrolled greenhouse under the same weather.
 */
class GreenhouseControlJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int COMPARTMENTS = 2;
    private static final int HOURS = 24;
    private static final Duration PERIOD = GreenhouseJobConfig.DEFAULT_CONTROL_PERIOD;
    private static final Instant START = SyntheticWeather.SEASON_START;

    @Test
    void closesTheLoopOverOpcUaAndKeepsTemperatureInBandMoreOftenThanNoControl(@TempDir Path dir)
            throws Exception {
        SyntheticWeather weather = new SyntheticWeather(7);
        Instant end = START.plus(Duration.ofHours(HOURS));
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder()
                .compartments(COMPARTMENTS).clockMode(ClockMode.LOCKSTEP).stepSeconds(PERIOD.toSeconds())
                .lockstepTimeout(Duration.ofSeconds(60))
                .weather(weather).startTime(START).endTime(end).start()) {
            GreenhouseJobConfig config = new GreenhouseJobConfig(OpcUaEndpoint.insecure(server.endpointUrl()),
                    COMPARTMENTS, PERIOD, end, dir.resolve("explanations.jsonl"), dir.resolve("dead.jsonl"));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            GreenhouseControlJob.build(env, config, GreenhouseControlJob.ruleBasedController(PERIOD));
            JobExecutionResult result = env.execute("greenhouse-it");

            long steps = Duration.ofHours(HOURS).dividedBy(PERIOD);
            long decisions = ((Number) result.getAllAccumulatorResults()
                    .get(DecideGreenhouseSetpoints.DECISIONS)).longValue();
            assertThat(decisions).isEqualTo(steps * COMPARTMENTS);
            assertThat(((Number) result.getAllAccumulatorResults().get(ValidateSamples.DEAD_LETTER_COUNT))
                    .longValue()).isZero();
            assertThat(server.clock().timeoutSteps()).as("lockstep steps that waited in vain for setpoints").isZero();
            assertThat(server.writesAccepted()).isEqualTo(3 * decisions);
            assertThat(server.writesRejected()).isZero();

            List<Explanation> explanations = Files.readAllLines(config.explanationsFile()).stream()
                    .map(ExplanationJson::parse).toList();
            assertThat(explanations).hasSize((int) decisions);
            Map<String, Explanation> lastByUnit = new LinkedHashMap<>();
            explanations.forEach(e -> lastByUnit.merge(e.unitId(), e,
                    (a, b) -> a.time().isAfter(b.time()) ? a : b));
            assertThat(lastByUnit).hasSize(COMPARTMENTS);
            for (Explanation last : lastByUnit.values()) {
                assertThat(last.time()).isEqualTo(end.minus(PERIOD));
                Controls applied = server.simulation().status(last.unitId()).controls();
                assertThat(applied.heating()).isCloseTo(last.setpoints().get(GreenhouseSignals.HEATING), within(1e-12));
                assertThat(applied.ventilation())
                        .isCloseTo(last.setpoints().get(GreenhouseSignals.VENTILATION), within(1e-12));
                assertThat(applied.co2Supply())
                        .isCloseTo(last.setpoints().get(GreenhouseSignals.CO2_SUPPLY), within(1e-12));
            }

            SeasonResult uncontrolled = new GreenhouseSeason(ComfortBand.benchmark(),
                    EconomicPrices.benchmark(), START)
                    .run(null, weather, GreenhouseParameters.benchmark(), 1, PERIOD);
            for (String c : server.simulation().compartmentIds()) {
                double controlled = server.simulation().ledger(c).temperatureInBandFraction();
                assertThat(controlled).as("compartment %s in band %.2f vs uncontrolled %.2f", c, controlled,
                        uncontrolled.temperatureInBandFraction())
                        .isGreaterThan(uncontrolled.temperatureInBandFraction() + 0.2);
            }
        }
    }

    @Test
    void aTagMapOfBrowsePathsDrivesTheSameLoop(@TempDir Path dir) throws Exception {
        String embedded;
        try (var in = GreenhouseTagMap.class.getClassLoader().getResourceAsStream(GreenhouseTagMap.RESOURCE)) {
            embedded = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String browsePaths = embedded.replace(";s={unit}/", ";path=/greenhouse/{unit}/");
        assertThat(browsePaths).doesNotContain(";s=");
        Path tagMap = Files.writeString(dir.resolve("greenhouse-browse-paths.yaml"), browsePaths);
        Instant end = START.plus(Duration.ofHours(2));
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder()
                .compartments(1).clockMode(ClockMode.LOCKSTEP).stepSeconds(PERIOD.toSeconds())
                .lockstepTimeout(Duration.ofSeconds(60)).startTime(START).endTime(end).start()) {
            GreenhouseJobConfig config = new GreenhouseJobConfig(OpcUaEndpoint.insecure(server.endpointUrl()), 1,
                    PERIOD, end, dir.resolve("explanations.jsonl"), dir.resolve("dead.jsonl"), tagMap,
                    GreenhouseJobConfig.DEFAULT_MAX_OUT_OF_ORDERNESS, GreenhouseJobConfig.DEFAULT_IDLENESS,
                    GreenhouseTagMap.EMBEDDED_PLANT_CLOCK, GreenhouseTagMap.EMBEDDED_SETPOINT_VALIDITY,
                    GreenhouseJobConfig.shippedWritePolicy());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            GreenhouseControlJob.build(env, config, GreenhouseControlJob.ruleBasedController(PERIOD));
            JobExecutionResult result = env.execute("greenhouse-browse-paths-it");

            long decisions = ((Number) result.getAllAccumulatorResults()
                    .get(DecideGreenhouseSetpoints.DECISIONS)).longValue();
            assertThat(decisions).isEqualTo(Duration.ofHours(2).dividedBy(PERIOD));
            assertThat(server.writesAccepted()).isEqualTo(3 * decisions);
            assertThat(Files.readAllLines(config.explanationsFile())).hasSize((int) decisions);
        }
    }
}
