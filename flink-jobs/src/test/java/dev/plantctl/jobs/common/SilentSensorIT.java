package dev.plantctl.jobs.common;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.Observation;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;
import dev.plantctl.core.Reading;
import dev.plantctl.ingestion.TagMap;
import dev.plantctl.ingestion.TagMapFile;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingestion on a MiniCluster, fed from a bounded source of MQTT messages of two compartments over eight hours:
 * the CO2 sensor of c1 goes silent after two hours. Observations keep coming for every control instant of both
 * compartments; c1's CO2 is flagged stale from the first instant at which its age exceeds the staleness limit
 * (no later than the limit after its first missed sample), while every other tag stays fresh. Garbage in the
 * stream ends as dead letters counted per reason.
 */
class SilentSensorIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    private static final Duration PERIOD = Duration.ofMinutes(15);
    private static final int STEPS = 32;
    private static final int LAST_CO2_STEP_OF_C1 = 8;
    private static final List<String> TAGS = List.of("air_temperature", "relative_humidity", "co2");

    private static RawMessage message(String topic, String payload, Instant receivedAt) {
        return new RawMessage("tcp://broker:1883", topic, payload.getBytes(StandardCharsets.UTF_8), receivedAt);
    }

    private static RawMessage climate(String unit, Instant ts) {
        return message("farm/" + unit + "/climate", "{\"ts\": " + ts.toEpochMilli() + ", \"t\": 68.0, \"rh\": 71.5}",
                ts.plusSeconds(1));
    }

    private static List<RawMessage> messages() {
        List<RawMessage> out = new ArrayList<>();
        for (int k = 0; k < STEPS; k++) {
            Instant t = T0.plus(PERIOD.multipliedBy(k));
            for (String unit : List.of("c1", "c2")) {
                out.add(climate(unit, t));
                if (!(unit.equals("c1") && k > LAST_CO2_STEP_OF_C1)) {
                    out.add(message("farm/" + unit + "/co2", "41" + k, t));
                }
            }
            switch (k) {
                case 3 -> out.add(climate("c2", t));
                case 5 -> out.add(message("farm/c2/climate", "{\"ts\": 17699", t));
                case 7 -> out.add(message("farm/c9/co2", "400", t));
                case 11 -> out.add(message("farm/c2/co2", "-1", t.plusSeconds(1)));
                case 20 -> out.add(climate("c2", t.minus(Duration.ofHours(1))));
                default -> { }
            }
        }
        return out;
    }

    @Test
    void aSilentSensorIsFlaggedStaleWhileObservationsKeepComingForTheOtherTags() throws Exception {
        TagMap tagMap = TagMapFile.loadResource("tagmaps/silent-sensor.yaml", getClass().getClassLoader()).tagMap();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<RawMessage> messages = env.fromData(messages()).setParallelism(1);
        SingleOutputStreamOperator<RawSample> decoded = IngestionGraph.decode(messages, tagMap).setParallelism(1);
        DataStream<RawSample> samples = decoded
                .assignTimestampsAndWatermarks(SampleWatermarks.strategy(Duration.ZERO, Duration.ofMinutes(1)))
                .setParallelism(1);
        SingleOutputStreamOperator<Reading> readings = IngestionGraph.validate(samples, tagMap);
        CloseableIterator<Observation> observations = IngestionGraph.observations(readings, tagMap, PERIOD)
                .collectAsync();
        CloseableIterator<DeadLetter> deadLetters = decoded.getSideOutput(ValidateSamples.DEAD_LETTERS)
                .union(readings.getSideOutput(ValidateSamples.DEAD_LETTERS)).collectAsync();
        JobExecutionResult result = env.execute("silent-sensor");

        Map<String, Map<Instant, Observation>> byUnit = new TreeMap<>();
        observations.forEachRemaining(o -> assertThat(byUnit.computeIfAbsent(o.unitId(), u -> new TreeMap<>())
                .put(o.time(), o)).as("one observation per unit and instant").isNull());
        assertThat(byUnit).containsOnlyKeys("c1", "c2");
        Duration staleness = tagMap.bindingsOf("c1").get(2).stalenessLimit();
        Instant firstMissed = T0.plus(PERIOD.multipliedBy(LAST_CO2_STEP_OF_C1 + 1));
        Instant firstStale = null;
        for (int k = 0; k < STEPS; k++) {
            Instant t = T0.plus(PERIOD.multipliedBy(k));
            Observation c1 = byUnit.get("c1").get(t);
            Observation c2 = byUnit.get("c2").get(t);
            assertThat(c1).as("c1 at %s", t).isNotNull();
            assertThat(c2).as("c2 at %s", t).isNotNull();
            assertThat(c2.staleOrMissing(TAGS)).as("c2 at %s", t).isEmpty();
            assertThat(c1.fresh("air_temperature")).as("c1 at %s", t).contains(20.0);
            assertThat(c1.fresh("relative_humidity")).isPresent();
            boolean co2Stale = c1.values().get("co2").stale();
            assertThat(co2Stale).as("c1 co2 at %s", t).isEqualTo(c1.values().get("co2").age().compareTo(staleness) > 0);
            if (co2Stale && firstStale == null) {
                firstStale = t;
            }
            assertThat(co2Stale).as("once stale, stale until the end").isEqualTo(firstStale != null);
        }
        assertThat(firstStale).as("c1's co2 is flagged stale").isNotNull();
        assertThat(Duration.between(firstMissed, firstStale)).isLessThanOrEqualTo(staleness);

        List<DeadLetter> refused = new ArrayList<>();
        deadLetters.forEachRemaining(refused::add);
        Map<Reason, Long> expected = Map.of(Reason.DUPLICATE, 2L, Reason.MALFORMED_PAYLOAD, 1L,
                Reason.UNKNOWN_ADDRESS, 1L, Reason.OUT_OF_RANGE, 1L, Reason.LATE, 2L);
        assertThat(refused).hasSize(7);
        expected.forEach((reason, n) -> {
            assertThat(refused.stream().filter(d -> d.reason() == reason).count()).as("%s", reason).isEqualTo(n);
            assertThat(((Number) result.getAllAccumulatorResults().get(ValidateSamples.deadLetterCount(reason)))
                    .longValue()).as("accumulator of %s", reason).isEqualTo(n);
        });
        long readingsCount = ((Number) result.getAllAccumulatorResults().get(ValidateSamples.READINGS)).longValue();
        assertThat(readingsCount).isEqualTo(2L * STEPS * 2 + STEPS + LAST_CO2_STEP_OF_C1 + 1);
        assertThat(((Number) result.getAllAccumulatorResults().get(ValidateSamples.DEAD_LETTER_COUNT)).longValue())
                .isEqualTo(7);
    }
}
