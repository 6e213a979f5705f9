package dev.plantctl.ml.rl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleDropoutTest {

    private static final double[][] REWARDS = {
            {1.0, 2.0, 3.0, 4.0},     // mean 2.5: optimism -1.5, -0.5, 0.5, 1.5
            {10.0, 10.0, 10.0, 14.0}, // mean 11: optimism -1, -1, -1, 3
    };

    @Test
    void alphaZeroKeepsEverySample() {
        boolean[][] keep = SampleDropout.NONE.keep(REWARDS);
        assertThat(keep[0]).containsOnly(true);
        assertThat(keep[1]).containsOnly(true);
    }

    @Test
    void dropsTheMostOptimisticSamplesRelativeToTheirStartState() {
        // 8 samples, alpha 0.25: the two most optimistic, 3 (state 1, member 3) and 1.5 (state 0, member 3).
        // The state-1 samples of reward 10 have a higher reward than every state-0 sample but are pessimistic.
        boolean[][] keep = new SampleDropout(0.25, 0).keep(REWARDS);
        assertThat(keep[0]).containsExactly(true, true, true, false);
        assertThat(keep[1]).containsExactly(true, true, true, false);
    }

    @Test
    void dropsARoundedShareOfTheBatch() {
        boolean[][] keep = new SampleDropout(0.4, 0).keep(REWARDS);
        long dropped = 0;
        for (boolean[] row : keep) {
            for (boolean k : row) {
                dropped += k ? 0 : 1;
            }
        }
        assertThat(dropped).isEqualTo(3);
        assertThat(keep[0][2]).isFalse();
    }

    @Test
    void betaDropsTheMembersWithTheLargestValidationError() {
        assertThat(new SampleDropout(0, 0.4).members(new double[] {0.1, 0.5, 0.2, 0.9, 0.3})).containsExactly(0, 2, 4);
        assertThat(SampleDropout.NONE.members(new double[] {0.3, 0.1})).containsExactly(0, 1);
    }

    @Test
    void betaKeepsAtLeastOneMember() {
        assertThat(new SampleDropout(0, 0.9).members(new double[] {0.4, 0.1})).containsExactly(1);
    }

    @Test
    void refusesOutOfRangeFractionsAndRaggedBatches() {
        assertThatThrownBy(() -> new SampleDropout(1, 0)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new SampleDropout(0, -0.1)).hasMessageContaining("beta");
        assertThatThrownBy(() -> new SampleDropout(0.1, 0).keep(new double[][] {{1, 2}, {1}}))
                .hasMessageContaining("start state 1");
    }
}
