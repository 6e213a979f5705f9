package dev.plantctl.models.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClimateStateTest {

    @Test
    void benchmarkInitialIsTheReferenceState() {
        assertThat(ClimateState.benchmarkInitial()).isEqualTo(new ClimateState(0.0035, 0.001, 15, 0.008));
    }

    @Test
    void clampMovesEachComponentIntoItsBounds() {
        assertThat(new ClimateState(-1e-6, -1e-7, -300, -1e-5).clampToPhysicalBounds())
                .isEqualTo(new ClimateState(0, 0, ClimateState.TEMPERATURE_MIN_C, 0));
        assertThat(new ClimateState(0.2, 0.002, 500, 0.02).clampToPhysicalBounds())
                .isEqualTo(new ClimateState(0.2, 0.002, ClimateState.TEMPERATURE_MAX_C, 0.02));
        ClimateState inside = ClimateState.benchmarkInitial();
        assertThat(inside.clampToPhysicalBounds()).isEqualTo(inside);
    }

    @Test
    void rejectsNonFiniteComponentsByName() {
        assertThatThrownBy(() -> new ClimateState(0, Double.NaN, 15, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("co2");
    }
}
