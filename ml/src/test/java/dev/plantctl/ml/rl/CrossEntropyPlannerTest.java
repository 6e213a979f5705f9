package dev.plantctl.ml.rl;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CrossEntropyPlannerTest {

    /** Return −Σ (a − target)² over every step and component: the best sequence is the target everywhere. */
    private static CrossEntropyPlanner.Objective towards(double target) {
        return sequences -> {
            double[] out = new double[sequences.length];
            for (int s = 0; s < sequences.length; s++) {
                for (double[] step : sequences[s]) {
                    for (double a : step) {
                        out[s] -= (a - target) * (a - target);
                    }
                }
            }
            return out;
        };
    }

    @Property(tries = 20)
    void findsTheBestActionAndNeverLeavesTheActionRange(@ForAll @DoubleRange(min = -0.6, max = 0.6) double target) {
        CrossEntropyPlanner planner = new CrossEntropyPlanner(4, 2, 100, 5, 11);
        CrossEntropyPlanner.Plan plan = planner.plan(towards(target));
        for (double[] step : plan.actions()) {
            for (double a : step) {
                assertThat(a).isBetween(-1.0, 1.0);
            }
        }
        assertThat(plan.first()[0]).isCloseTo(target, within(0.25));
        assertThat(plan.first()[1]).isCloseTo(target, within(0.25));
        // The first sequence of the first round is the cold start's zeros: the plan is never worse than them.
        assertThat(plan.predictedReturn())
                .isGreaterThanOrEqualTo(towards(target).returns(new double[][][] {new double[4][2]})[0]);
    }

    @Test
    void theWarmStartCarriesThePlanIntoTheNextCallAndResetForgetsIt() {
        CrossEntropyPlanner planner = new CrossEntropyPlanner(3, 1, 10, 1, 5);
        planner.plan(towards(0.8));
        // One round of 10 around the shifted plan: its first sequence is the shifted plan itself, which already
        // scores better on the same objective than a start from zero does.
        double warm = planner.plan(towards(0.8)).predictedReturn();
        planner.reset();
        CrossEntropyPlanner cold = new CrossEntropyPlanner(3, 1, 10, 1, 5);
        cold.plan(sequences -> new double[sequences.length]);
        cold.reset();
        double fromZero = cold.plan(towards(0.8)).predictedReturn();
        assertThat(warm).isGreaterThan(fromZero);
    }

    @Test
    void isDeterministicForASeed() {
        double[] a = new CrossEntropyPlanner(5, 3, 20, 2, 7).plan(towards(0.3)).first();
        double[] b = new CrossEntropyPlanner(5, 3, 20, 2, 7).plan(towards(0.3)).first();
        assertThat(a).containsExactly(b);
    }

    @Test
    void refusesBadCountsAndAnObjectiveThatLosesSequences() {
        assertThatThrownBy(() -> new CrossEntropyPlanner(0, 3, 20, 2, 7)).hasMessageContaining("horizon >= 1");
        assertThatThrownBy(() -> new CrossEntropyPlanner(2, 3, 5, 2, 7)).hasMessageContaining("samples >= 10");
        CrossEntropyPlanner planner = new CrossEntropyPlanner(2, 1, 10, 1, 7);
        assertThatThrownBy(() -> planner.plan(sequences -> new double[3])).hasMessageContaining("3 returns for 10");
    }
}
