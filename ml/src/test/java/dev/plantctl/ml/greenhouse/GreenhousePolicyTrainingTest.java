package dev.plantctl.ml.greenhouse;

import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.rl.SacConfig;
import dev.plantctl.ml.rl.SampleDropout;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Residual training end to end on a small model-free budget (two-day seasons). */
class GreenhousePolicyTrainingTest {

    private static final ResidualPrior PRIOR = new ResidualPrior("proportional/1", TestBehaviour.PROPORTIONAL);

    private static PolicyTrainingConfig config(int warmup) {
        TrainingConfig unused = TrainingConfig.builder().seed(3).threads(1).build();
        return new PolicyTrainingConfig(false, SampleDropout.NONE, 288, 192, 96, 1, 1, 1, 1, 100,
                SacConfig.defaults(3), unused, 1003, 2003, 2, 2, warmup, 0, 0);
    }

    /** The prior's own profit on the evaluation season, behind the given guard. */
    private static double priorSeason(ControlGuard guard) {
        GreenhouseEnvironment env = new GreenhouseEnvironment(GreenhouseParameters.benchmark(),
                new SyntheticWeather(2003), SyntheticWeather.SEASON_START, 2);
        double profit = 0;
        boolean end = false;
        while (!end) {
            double[] obs = env.observation();
            Controls previous = PolicyActions.previous(obs);
            var state = GreenhouseDynamics.climateState(java.util.Arrays.copyOf(obs, 4));
            var weather = env.weather().at(env.time());
            Controls requested = PolicyActions.residual(new double[3],
                    PRIOR.behaviour().act(env.time(), state, weather, previous), previous);
            GreenhouseEnvironment.Step step = env.step(guard.apply(requested, previous, state, weather));
            profit += step.account().reward();
            end = step.seasonEnd();
        }
        return profit;
    }

    @Test
    void aResidualPolicyIsExactlyItsPriorUntilTheCriticsHaveWarmedUp() throws Exception {
        List<GreenhousePolicyTraining.CurvePoint> curve = new ArrayList<>();
        GreenhousePolicyTraining.Result result = new GreenhousePolicyTraining(config(10_000), ControlGuard.NONE, PRIOR)
                .run(curve::add);
        assertThat(result.residualTo()).isEqualTo("proportional/1");
        assertThat(result.updates()).isPositive().isLessThan(10_000);
        assertThat(curve).isNotEmpty().allSatisfy(p -> assertThat(p.netProfitEur()).isEqualTo(priorSeason(
                ControlGuard.NONE)));
    }

    @Test
    void behindAGuardTheEvaluationAppliesTheGuardedControls() throws Exception {
        ControlGuard noHeating = (requested, previous, state, weather) ->
                new Controls(requested.co2Supply(), requested.ventilation(), 0);
        List<GreenhousePolicyTraining.CurvePoint> curve = new ArrayList<>();
        GreenhousePolicyTraining.Result result = new GreenhousePolicyTraining(config(10_000), noHeating, PRIOR)
                .run(curve::add);
        assertThat(result.guarded()).isTrue();
        double guarded = priorSeason(noHeating);
        assertThat(guarded).isNotEqualTo(priorSeason(ControlGuard.NONE));
        assertThat(curve).allSatisfy(p -> assertThat(p.netProfitEur()).isEqualTo(guarded));
    }

    @Test
    void afterTheWarmUpTheActorLearnsACorrection() throws Exception {
        GreenhousePolicyTraining.Result result = new GreenhousePolicyTraining(config(0), ControlGuard.NONE, PRIOR)
                .run(p -> { });
        GreenhousePolicyTraining training = new GreenhousePolicyTraining(config(0), ControlGuard.NONE, PRIOR);
        assertThat(training.evaluate(result.actor())).isNotEqualTo(priorSeason(ControlGuard.NONE));
    }

    @Test
    void aPlanningControllerCountsItsRealStepsAndShipsTheEnsembleWithoutAPolicy() throws Exception {
        PolicyTrainingConfig planned = PolicyTrainingConfig.planned(new SampleDropout(0.2, 0.2), 192, 3);
        planned = new PolicyTrainingConfig(true, planned.dropout(), 192, 96, 96, 1, 1, 1, 0, 100, planned.sac(),
                TrainingConfig.builder().members(3).elites(2).hidden(16).maxEpochs(20).patience(5).seed(3).threads(1)
                        .build(), 1003, 2003, 1, 0, 0, 0, 8);
        List<GreenhousePolicyTraining.CurvePoint> curve = new ArrayList<>();
        GreenhousePolicyTraining.Result result = new GreenhousePolicyTraining(planned, ControlGuard.NONE, PRIOR)
                .run(curve::add);
        assertThat(result.actor()).isNull();
        assertThat(result.realSteps()).isEqualTo(192);
        assertThat(curve).extracting(GreenhousePolicyTraining.CurvePoint::realSteps).containsExactly(96L, 192L);
        assertThat(curve).allSatisfy(p -> assertThat(p.netProfitEur()).isFinite());
        assertThat(result.uncertaintyThreshold()).isPositive();
        MbrlBundle bundle = MbrlBundle.of(result, "greenhouse-test", 1);
        assertThat(bundle.policyOnnx()).isNull();
        assertThat(bundle.planning()).contains(new EnsemblePlanner.Settings(8, 40, 3, 7));
        assertThat(bundle.metadata()).containsEntry("real_steps", 192L);
        assertThat(((java.util.Map<?, ?>) bundle.metadata().get("training")).get("method"))
                .isEqualTo("ensemble_planning");
    }
}
