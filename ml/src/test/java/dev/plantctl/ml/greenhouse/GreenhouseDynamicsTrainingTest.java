package dev.plantctl.ml.greenhouse;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Quality;
import dev.plantctl.core.TagValue;
import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.nn.TrainingProgress;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.TestSigning;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.models.greenhouse.Weather;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The done-when figures of the dynamics ensemble on a modest, seeded budget: 10 simulated days of two compartments
 * to train on, 3 days of two compartments under other weather (seed 99) to evaluate on.
 */
class GreenhouseDynamicsTrainingTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    static TransitionSet collect(long weatherSeed, int days, long seed) {
        return GreenhouseCollector.builder().syntheticWeather(weatherSeed).duration(Duration.ofDays(days))
                .compartments(2).behaviour(TestBehaviour.PROPORTIONAL, "proportional").noise(0.2).seed(seed).build()
                .collect();
    }

    @Test
    void oneStepR2AboveNinetyFivePercentOnUnseenWeatherAndCalibratedSpread(@TempDir Path dir) throws Exception {
        TransitionSet train = collect(1, 10, 1);
        TransitionSet heldOut = collect(99, 3, 2);
        TrainingConfig config = TrainingConfig.builder().hidden(32, 32).maxEpochs(60).seed(1).build();
        ModelRegistry registry = TestSigning.registry(dir);
        GreenhouseDynamicsTraining.Result result = new GreenhouseDynamicsTraining(config, CLOCK)
                .run(train, heldOut, registry, TestSigning.KEY, TrainingProgress.NONE);
        DynamicsReport report = result.report();
        System.out.println(report.toText());

        for (int j : new int[] {GreenhouseDynamics.CO2, GreenhouseDynamics.TEMPERATURE, GreenhouseDynamics.HUMIDITY}) {
            String state = GreenhouseDynamics.STATE.get(j);
            assertThat(report.ensemble().r2Next()[j]).as("R2 of next %s", state).isGreaterThanOrEqualTo(0.95);
            assertThat(report.ensemble().r2Change()[j]).as("R2 of the change of %s", state).isGreaterThanOrEqualTo(0.95);
            assertThat(report.inside2Sigma()[j]).as("share inside +-2 sigma, %s", state).isGreaterThanOrEqualTo(0.9);
        }
        assertThat(report.members()).hasSize(7);
        assertThat(report.members().stream().filter(DynamicsReport.Scores::elite)).hasSize(5);
        assertThat(report.rollouts()).as("3 days x 2 compartments of 24 h windows").isEqualTo(6);
        assertThat(report.ensemble().rolloutRmse()[GreenhouseDynamics.TEMPERATURE]).as("24 h rollout RMSE, degC")
                .isLessThan(1.0);

        assertThat(result.directory()).isEqualTo(registry.directory(GreenhouseDynamics.MODEL_NAME, 1));
        assertThat(Files.list(result.directory()).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("model.onnx", "metadata.json", "checksums.sha256", "signature.ed25519");
        assertThat(result.metadata().dataFingerprint()).isEqualTo(train.fingerprint());
        assertThat(result.metadata().members()).isEqualTo(5);
        assertThat(result.metadata().evaluation()).containsKeys("r2_state_change", "inside_2_sigma", "rollout_rmse");

        try (GreenhouseForecaster forecaster = new GreenhouseForecaster(registry, 1)) {
            assertThat(forecaster.refresh()).isTrue();
            ClimateState state = new ClimateState(0.01, 9e-4, 16, 0.009);
            Weather weather = new SyntheticWeather(5).at(SyntheticWeather.SEASON_START.plus(Duration.ofHours(12)));
            Controls controls = new Controls(0.2, 0.5, 30);
            Observation obs = observation(state, weather);
            GreenhouseForecaster.Forecast f = forecaster.forecast(obs, controls).orElseThrow();
            EnsemblePrediction jvm = result.trained().elites().predict(new double[][] {
                    GreenhouseDynamics.input(obs, controls).orElseThrow()});
            assertThat(f.temperature()[0]).isCloseTo(16 + jvm.ensembleMean(0, GreenhouseDynamics.TEMPERATURE),
                    within(1e-4));
            assertThat(f.modelId()).isEqualTo("greenhouse-dynamics/1");

            Explanation e = new Explanation(obs.time(), obs.plant(), obs.unitId(), "rules", "1.0", Map.of(),
                    List.of(), 0, List.of(), "held", List.of());
            Decision d = forecaster.annotate(obs, controls, new Decision(obs.plant(), obs.unitId(), obs.time(),
                    List.of(), e));
            assertThat(d.explanation().modelVersion()).isEqualTo("1.0+greenhouse-dynamics/1");
            assertThat(d.explanation().factors()).extracting(dev.plantctl.core.Factor::name)
                    .containsExactly("forecast_air_temperature", "forecast_co2", "forecast_relative_humidity");
            assertThat(d.explanation().factors().get(0).effect()).startsWith("greenhouse-dynamics/1 expects ");
        }
    }

    static Observation observation(ClimateState state, Weather weather) {
        Map<String, TagValue> values = new HashMap<>();
        GreenhouseSignals.sensorValues(state, weather)
                .forEach((tag, v) -> values.put(tag, new TagValue(v, 0, false, Quality.GOOD)));
        return new Observation(GreenhouseSignals.PLANT, "c1", SyntheticWeather.SEASON_START, values);
    }
}
