package dev.plantctl.jobs.greenhouse;

import dev.plantctl.controllers.greenhouse.GreenhouseController;
import dev.plantctl.controllers.greenhouse.GreenhouseSeason;
import dev.plantctl.controllers.greenhouse.GreenhouseSetpoints;
import dev.plantctl.controllers.greenhouse.MbrlGreenhouseController;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Quality;
import dev.plantctl.core.TagValue;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped MBRL controller in the Flink job's decision operator on a MiniCluster decides exactly as the bench
 * harness (the controller called in plain Java, previous controls chained) for the same observations, and a stale
 * sensor makes both fall back to the rule-based controller with an explanation that names the sensor.
 */
class MbrlDecisionsIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final Duration PERIOD = Duration.ofMinutes(15);
    private static final int STEPS = 96;
    private static final int STALE_STEP = 40;

    @Test
    void flinkDecisionsEqualTheHarnessAndAStaleSensorTriggersTheFallback() throws Exception {
        MbrlControllerFactory factory = MbrlControllerFactory.shipped(PERIOD);
        List<Observation> observations = withStaleAirTemperature(seasonObservations(factory), STALE_STEP);

        List<Decision> harness = new ArrayList<>();
        GreenhouseController controller = factory.create();
        try {
            Controls previous = Controls.OFF;
            for (Observation o : observations) {
                Decision d = controller.decide(o, previous);
                harness.add(d);
                previous = GreenhouseSetpoints.controls(d);
            }
        } finally {
            ((AutoCloseable) controller).close();
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<Decision> streamed = new ArrayList<>();
        try (CloseableIterator<Decision> it = env.fromData(observations).keyBy(Observation::unitId)
                .process(new DecideGreenhouseSetpoints(factory, null,
                        GreenhouseJobConfig.shippedWritePolicy(), PERIOD)).executeAndCollect("mbrl-decisions-it")) {
            it.forEachRemaining(streamed::add);
        }

        assertThat(streamed).hasSize(observations.size());
        for (int k = 0; k < streamed.size(); k++) {
            Decision s = streamed.get(k);
            Decision h = harness.get(k);
            assertThat(s.time()).isEqualTo(h.time());
            assertThat(s.setpoints()).as("setpoints at step %d", k).isEqualTo(h.setpoints());
            assertThat(s.explanation().summary()).as("explanation at step %d", k).isEqualTo(h.explanation().summary());
        }
        Decision stale = streamed.get(STALE_STEP);
        assertThat(stale.explanation().factors().get(0).name()).isEqualTo(MbrlGreenhouseController.FALLBACK_FACTOR);
        assertThat(stale.explanation().summary())
                .startsWith("Rule-based fallback because air_temperature is stale or missing");
        assertThat(stale.explanation().uncertainty()).isEqualTo(1.0);
        long learned = streamed.stream().filter(d -> d.explanation().summary().startsWith("Robust plan")).count();
        assertThat(learned).as("decisions planned on the learned ensemble").isPositive();
    }

    /** The observations one harness season of the shipped controller sees. */
    private static List<Observation> seasonObservations(MbrlControllerFactory factory) throws Exception {
        List<Observation> seen = new ArrayList<>();
        GreenhouseController inner = factory.create();
        try {
            GreenhouseController recording = new GreenhouseController() {
                @Override
                public Decision decide(Observation observation, Controls previous) {
                    seen.add(observation);
                    return inner.decide(observation, previous);
                }

                @Override
                public String name() {
                    return inner.name();
                }

                @Override
                public String version() {
                    return inner.version();
                }
            };
            GreenhouseSeason.benchmark().run(recording, new SyntheticWeather(101), GreenhouseParameters.benchmark(),
                    1, PERIOD);
        } finally {
            ((AutoCloseable) inner).close();
        }
        assertThat(seen).hasSize(STEPS);
        return seen;
    }

    private static List<Observation> withStaleAirTemperature(List<Observation> observations, int step) {
        List<Observation> out = new ArrayList<>(observations);
        Observation o = out.get(step);
        Map<String, TagValue> values = new HashMap<>(o.values());
        TagValue t = values.get(GreenhouseSignals.AIR_TEMPERATURE);
        values.put(GreenhouseSignals.AIR_TEMPERATURE, new TagValue(t.value(), 600_000, true, Quality.GOOD));
        out.set(step, new Observation(o.plant(), o.unitId(), o.time(), values));
        return out;
    }
}
