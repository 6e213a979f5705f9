package dev.plantctl.jobs.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.OpcUaSetpointSink;
import dev.plantctl.controllers.greenhouse.GreenhouseController;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Setpoint;
import dev.plantctl.jobs.common.RejectedSetpointsSink;
import dev.plantctl.jobs.common.TelemetryTarget;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.policy.IdentityPolicy;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import dev.plantctl.testing.InfluxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile controller against the real greenhouse simulator (a Milo server that records every write it applies),
 * scored by what the plant applied, judged against the shipped write policy in the plant's own time
 * ({@link PolicyAudit}):
 * <ul>
 *   <li>100,000 hostile setpoints (random, huge, negative, another unit's, expiring in the year 9999, unknown
 *       actuators, twice in one decision, issue times in the future, bursts at one instant) straight into the
 *       setpoint sink, as if the decision operator were bypassed: the sink's gate is the last word, and every
 *       refusal has its reason in InfluxDB;</li>
 *   <li>a hostile controller inside the greenhouse job (it throws NaN, answers for another unit or instant, asks
 *       for huge values and far-future expiries): the job guards it, 192 of 192 decisions are made, the task never
 *       fails, and the plant sees only writes inside the policy.</li>
 * </ul>
 */
class HostileWritesIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final IdentityPolicy POLICY = GreenhouseJobConfig.shippedWritePolicy();
    private static final int DECISIONS = 20_000;
    private static final int SETPOINTS_PER_DECISION = 5;
    private static final int COMPARTMENTS = 4;
    private static final Instant START = SyntheticWeather.SEASON_START;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHundredThousandHostileWritesIntoTheSinkPutNothingOutsideThePolicyIntoThePlant(@TempDir Path dir)
            throws Exception {
        Path rejections = dir.resolve("rejected-setpoints-sink.jsonl");
        try (InfluxServer influx = InfluxServer.builder().start();
             GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(COMPARTMENTS)
                     .clockMode(ClockMode.ACCELERATED).accelerationFactor(10).stepSeconds(60).startTime(START)
                     .recordAppliedSetpoints().start()) {
            TelemetryTarget telemetry = TelemetryTarget.withoutCredentials(influx.url(), dir);
            telemetry.createDatabase();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromSource(new DataGeneratorSource<>(i -> i, DECISIONS, RateLimiterStrategy.noOp(), Types.LONG),
                            WatermarkStrategy.noWatermarks(), "indices")
                    .flatMap(new HostileDecisions())
                    .sinkTo(new OpcUaSetpointSink(OpcUaEndpoint.insecure(server.endpointUrl()),
                            s -> "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
                                    + GreenhouseSignals.nodeIdentifier(s.unitId(), s.actuator()), POLICY)
                            .withPlantClock(GreenhouseTagMap.EMBEDDED_PLANT_CLOCK)
                            .withSetpointValidity(GreenhouseTagMap.EMBEDDED_SETPOINT_VALIDITY)
                            .withErrorSink(new RejectedSetpointsSink(rejections, telemetry.sink())));
            env.execute("hostile-writes-into-the-sink");

            assertThat(server.appliedSetpoints()).as("some hostile writes are inside the policy").hasSizeGreaterThan(100);
            assertThat(PolicyAudit.violations(server.appliedSetpoints(), POLICY, Duration.ofSeconds(5)))
                    .as("writes the plant applied outside the policy").isEmpty();

            List<JsonNode> refused = new ArrayList<>();
            for (String line : Files.readAllLines(rejections)) {
                refused.add(JSON.readTree(line));
            }
            Map<String, Long> byRule = refused.stream().collect(Collectors.groupingBy(r -> r.get("rule").asText(),
                    Collectors.counting()));
            assertThat(byRule).containsKeys("range", "rate", "expiry", "cross_unit", "not_allowed", "duplicate");
            assertThat(refused).allSatisfy(r -> assertThat(r.get("detail").asText()).isNotBlank());
            assertThat(refused.size() + server.writesAccepted()).as("every attempt accounted for, but expired ones")
                    .isLessThanOrEqualTo((long) DECISIONS * SETPOINTS_PER_DECISION)
                    .isGreaterThan((long) DECISIONS * SETPOINTS_PER_DECISION / 2);
            String counted = influx.query(TelemetryTarget.DEFAULT_DATABASE,
                    "SELECT count(\"count\") FROM setpoint_rejected WHERE \"where\" = 'sink'");
            assertThat(counted).as("every refusal is a setpoint_rejected point with its reason")
                    .contains("," + refused.size() + "]");
            System.out.printf("hostile writes into the sink: %d attempted, %d applied by the plant (0 outside the"
                    + " policy), %d refused %s%n", DECISIONS * SETPOINTS_PER_DECISION, server.writesAccepted(),
                    refused.size(), byRule);
        }
    }

    @Test
    void aHostileControllerInTheJobIsGuardedAndTheTaskNeverFails(@TempDir Path dir) throws Exception {
        Instant end = START.plus(Duration.ofHours(24));
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(2)
                .clockMode(ClockMode.LOCKSTEP).stepSeconds(GreenhouseJobConfig.DEFAULT_CONTROL_PERIOD.toSeconds())
                .lockstepTimeout(Duration.ofSeconds(60)).weather(new SyntheticWeather(3)).startTime(START)
                .endTime(end).recordAppliedSetpoints().start()) {
            GreenhouseJobConfig config = new GreenhouseJobConfig(OpcUaEndpoint.insecure(server.endpointUrl()), 2,
                    GreenhouseJobConfig.DEFAULT_CONTROL_PERIOD, end, dir.resolve("explanations.jsonl"),
                    dir.resolve("dead-letters.jsonl"));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            GreenhouseControlJob.build(env, config, HostileController::new);
            JobExecutionResult result = env.execute("hostile-controller-in-the-job");

            assertThat(((Number) result.getAllAccumulatorResults().get(DecideGreenhouseSetpoints.DECISIONS))
                    .longValue()).isEqualTo(192);
            assertThat(PolicyAudit.violations(server.appliedSetpoints(), POLICY, Duration.ZERO)).isEmpty();
            assertThat(server.appliedSetpoints()).allSatisfy(a -> assertThat(a.compartment()).isIn("c1", "c2"));
            List<JsonNode> explanations = new ArrayList<>();
            for (String line : Files.readAllLines(config.explanationsFile())) {
                explanations.add(JSON.readTree(line));
            }
            assertThat(explanations).hasSize(192);
            long fellBack = explanations.stream().filter(e -> e.get("summary").asText().contains("was refused"))
                    .count();
            long shielded = explanations.stream().filter(e -> e.get("safety").size() > 0).count();
            assertThat(fellBack).as("decisions refused and decided by the rule-based grower").isGreaterThan(50);
            assertThat(shielded).as("decisions the job's shield changed").isGreaterThan(20);
            System.out.printf("hostile controller in the job: 192 decisions, %d refused and decided by the rules,"
                    + " %d changed by the shield, %d writes applied, 0 outside the policy%n", fellBack, shielded,
                    server.appliedSetpoints().size());
        }
    }

    /** Decision i: five hostile setpoints for compartment c(1 + i mod 4), from a generator seeded with i. */
    static final class HostileDecisions implements FlatMapFunction<Long, Decision> {

        private static final String[] ACTUATORS = {GreenhouseSignals.HEATING, GreenhouseSignals.VENTILATION,
            GreenhouseSignals.CO2_SUPPLY};
        private static final double[] MAX = {Controls.HEATING_MAX, Controls.VENTILATION_MAX, Controls.CO2_SUPPLY_MAX};

        @Override
        public void flatMap(Long i, Collector<Decision> out) {
            SplittableRandom r = new SplittableRandom(i);
            String unit = "c" + (1 + i % COMPARTMENTS);
            // issue times from 10 minutes before to 40 minutes after the plant's start, wherever the plant is
            Instant issued = START.plusSeconds(r.nextLong(-600, 2400));
            List<Setpoint> setpoints = new ArrayList<>();
            for (int k = 0; k < SETPOINTS_PER_DECISION; k++) {
                int a = r.nextInt(ACTUATORS.length);
                String actuator = ACTUATORS[a];
                double value = r.nextDouble(-0.1, 1.1) * MAX[a];
                String target = unit;
                Instant expires = issued.plus(Duration.ofMinutes(15));
                switch (r.nextInt(8)) {
                    case 0 -> value = 1e9;
                    case 1 -> value = -1e3;
                    case 2 -> target = "c" + (1 + (i + 1) % COMPARTMENTS);
                    case 3 -> expires = Instant.parse("9999-12-31T00:00:00Z");
                    case 4 -> actuator = r.nextBoolean() ? "boiler" : "window_" + k;
                    default -> {
                        // a random value, often a burst far from the last one
                    }
                }
                setpoints.add(new Setpoint("hostile-" + i + "-" + k, "greenhouse", target, actuator, value,
                        GreenhouseSignals.unit(ACTUATORS[a]), issued, expires));
            }
            out.collect(new Decision("greenhouse", unit, issued, setpoints, new Explanation(issued, "greenhouse",
                    unit, "hostile", "1", Map.of(), List.of(), 0, List.of(), "hostile", List.of())));
        }
    }

    /** A controller that does whatever harms most, chosen per call. */
    static final class HostileController implements GreenhouseController {

        private final Map<String, Integer> calls = new HashMap<>();

        @Override
        public Decision decide(Observation o, Controls previous) {
            int n = calls.merge(o.unitId(), 1, Integer::sum);
            SplittableRandom r = new SplittableRandom(o.time().getEpochSecond() ^ o.unitId().hashCode());
            Instant t = o.time();
            Instant expires = t.plus(Duration.ofMinutes(15));
            double h = r.nextDouble(-200, 400);
            double v = r.nextDouble(-10, 20);
            double c = r.nextDouble(-2, 4);
            String unit = o.unitId();
            switch (n % 6) {
                case 0 -> throw new IllegalArgumentException("setpoint " + unit + "/heating is not finite: NaN");
                case 1 -> unit = unit.equals("c1") ? "c2" : "c1";
                case 2 -> expires = Instant.parse("9999-12-31T00:00:00Z");
                case 3 -> t = t.plus(Duration.ofDays(1));
                case 4 -> h = 1e9;
                default -> {
                    // random values, mostly outside the envelope or far from the last ones
                }
            }
            List<Setpoint> setpoints = List.of(
                    new Setpoint("h", "greenhouse", unit, GreenhouseSignals.HEATING, h, "W/m2", t, expires),
                    new Setpoint("v", "greenhouse", unit, GreenhouseSignals.VENTILATION, v, "mm/s", t, expires),
                    new Setpoint("c", "greenhouse", unit, GreenhouseSignals.CO2_SUPPLY, c, "mg/m2/s", t, expires));
            return new Decision("greenhouse", unit, t, setpoints, new Explanation(t, "greenhouse", unit, name(),
                    version(), Map.of(), List.of(new Factor("malice", 1, "hostile")), 0, List.of(), "hostile",
                    List.of()));
        }

        @Override
        public String name() {
            return "hostile";
        }

        @Override
        public String version() {
            return "1";
        }
    }
}
