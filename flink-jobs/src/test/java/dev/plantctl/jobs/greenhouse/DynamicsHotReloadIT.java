package dev.plantctl.jobs.greenhouse;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Quality;
import dev.plantctl.core.TagValue;
import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.ml.greenhouse.GreenhouseCollector;
import dev.plantctl.ml.greenhouse.GreenhouseDynamicsTraining;
import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.nn.TrainingProgress;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.ml.registry.TrustedKeys;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.models.greenhouse.VanHentenModel;
import dev.plantctl.models.greenhouse.Weather;
import dev.plantctl.testing.ModelTampering;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot reload of the dynamics ensemble in a running job on a Flink MiniCluster: the rule-based controller decides
 * on a stream of greenhouse observations while the decision operator serves the ensemble from a model registry.
 * Mid-run the test publishes version 2 (it must be served from the next observation on), then a version 3 whose
 * model was altered with recomputed checksums (only its signature tells: it must be refused and version 2 kept),
 * then version 4. Versions are signed by an ephemeral key that the job trusts through a trusted-keys directory.
 * A gate before the operator holds the stream at those points until the test has published, so the switch points
 * are exact; every decision must arrive.
 */
class DynamicsHotReloadIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final int STEPS = 30;
    private static final int UNITS = 2;
    private static final int PUBLISH_V2_AT = 20;
    private static final int CORRUPT_V3_AT = 34;
    private static final int PUBLISH_V4_AT = 48;

    /** Holds the n-th observation until the test opens the gate of n. */
    static final class Gate implements MapFunction<Observation, Observation> {

        private static final long serialVersionUID = 1L;
        static final Map<Integer, CountDownLatch> GATES = new ConcurrentHashMap<>();
        private int seen;

        @Override
        public Observation map(Observation o) throws Exception {
            CountDownLatch gate = GATES.get(seen);
            if (gate != null && !gate.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("gate at observation " + seen + " was never opened");
            }
            seen++;
            return o;
        }
    }

    @Test
    void swapsModelVersionsMidRunWithoutLosingADecisionAndRefusesATamperedOne(@TempDir Path dir) throws Exception {
        SigningKey key = SigningKey.generate("test-publisher");
        Path trusted = dir.resolve("trusted");
        key.writePublicKey(trusted);
        Path root = dir.resolve("registry");
        ModelRegistry registry = new ModelRegistry(root, TrustedKeys.of(key));
        publish(registry, key, 1);
        for (int at : new int[] {PUBLISH_V2_AT, CORRUPT_V3_AT, PUBLISH_V4_AT}) {
            Gate.GATES.put(at, new CountDownLatch(1));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.setBufferTimeout(0);
        DataStream<Decision> decisions = env.fromData(observations())
                .map(new Gate()).name("gate")
                .keyBy(Observation::unitId)
                .process(new DecideGreenhouseSetpoints(
                        GreenhouseControlJob.ruleBasedController(GreenhouseJobConfig.DEFAULT_CONTROL_PERIOD),
                        new DynamicsServing(root.toString(), Duration.ZERO, 1,
                                new ModelTrust(trusted.toString(), false)),
                        GreenhouseJobConfig.shippedWritePolicy(), GreenhouseJobConfig.DEFAULT_CONTROL_PERIOD));

        List<Decision> received = new ArrayList<>();
        JobClient client;
        try (CloseableIterator<Decision> it = decisions.collectAsync()) {
            client = env.executeAsync("dynamics-hot-reload-it");
            take(it, received, PUBLISH_V2_AT);
            publish(registry, key, 2);
            Gate.GATES.get(PUBLISH_V2_AT).countDown();

            take(it, received, CORRUPT_V3_AT);
            ModelTampering.alterModelAndRecomputeChecksums(publish(registry, key, 3));
            Gate.GATES.get(CORRUPT_V3_AT).countDown();

            take(it, received, PUBLISH_V4_AT);
            publish(registry, key, 4);
            Gate.GATES.get(PUBLISH_V4_AT).countDown();

            while (it.hasNext()) {
                received.add(it.next());
            }
        }
        JobExecutionResult result = client.getJobExecutionResult().get(2, TimeUnit.MINUTES);

        assertThat(received).as("one decision per observation, none lost").hasSize(STEPS * UNITS);
        assertThat(result.<Long>getAccumulatorResult(DecideGreenhouseSetpoints.DECISIONS)).isEqualTo(STEPS * UNITS);
        for (int i = 0; i < received.size(); i++) {
            int expected = i < PUBLISH_V2_AT ? 1 : i < PUBLISH_V4_AT ? 2 : 4;
            assertThat(received.get(i).explanation().modelVersion()).as("model version of decision %d", i)
                    .isEqualTo("rule-based-grower/1.0+greenhouse-dynamics/" + expected);
            assertThat(received.get(i).explanation().factors()).extracting(f -> f.name())
                    .contains("forecast_air_temperature", "forecast_co2", "forecast_relative_humidity");
        }
        assertThat(result.<Long>getAccumulatorResult(DecideGreenhouseSetpoints.MODEL_RELOADS)).isEqualTo(2);
        assertThat(result.<Long>getAccumulatorResult(DecideGreenhouseSetpoints.MODEL_REFUSALS)).isEqualTo(1);
    }

    private static void take(CloseableIterator<Decision> it, List<Decision> received, int upTo) {
        while (received.size() < upTo) {
            assertThat(it.hasNext()).as("job ended after %d decisions", received.size()).isTrue();
            received.add(it.next());
        }
    }

    /** A tiny ensemble on a day of simulated data (a different seed per version, so the versions differ). */
    private static Path publish(ModelRegistry registry, SigningKey key, long seed) throws Exception {
        TransitionSet data = GreenhouseCollector.builder().duration(Duration.ofDays(1)).compartments(1).seed(seed)
                .behaviour((t, s, w, previous) -> new Controls(0.2, 1, 40), "constant").build().collect();
        TrainingConfig config = TrainingConfig.builder().members(3).elites(2).hidden(8).maxEpochs(5).seed(seed)
                .threads(1).build();
        return new GreenhouseDynamicsTraining(config, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .run(data, data, registry, key, TrainingProgress.NONE).directory();
    }

    /** Observations of two compartments every 15 minutes from the van Henten model, in time order. */
    private static List<Observation> observations() {
        VanHentenModel model = new VanHentenModel(GreenhouseParameters.benchmark());
        SyntheticWeather weather = new SyntheticWeather(3);
        List<Observation> out = new ArrayList<>();
        ClimateState[] states = {ClimateState.benchmarkInitial(), ClimateState.benchmarkInitial()};
        for (int k = 0; k < STEPS; k++) {
            Instant time = SyntheticWeather.SEASON_START.plus(GreenhouseJobConfig.DEFAULT_CONTROL_PERIOD.multipliedBy(k));
            Weather w = weather.at(time);
            for (int u = 0; u < UNITS; u++) {
                Map<String, TagValue> values = new HashMap<>();
                GreenhouseSignals.sensorValues(states[u], w)
                        .forEach((tag, v) -> values.put(tag, new TagValue(v, 0, false, Quality.GOOD)));
                out.add(new Observation(GreenhouseSignals.PLANT, GreenhouseSignals.compartmentId(u + 1), time, values));
                states[u] = model.step(states[u], new Controls(0, 0.5, 20 * u), w, 900);
            }
        }
        return out;
    }
}
