package dev.plantctl.models.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GreenhouseParametersTest {

    private static final GreenhouseParameters NOMINAL = GreenhouseParameters.benchmark();

    @Test
    void benchmarkUsesTheRlLeakage() {
        assertThat(NOMINAL.cLeak()).isEqualTo(0.75e-5);
        assertThat(NOMINAL.cAlphaBeta()).isEqualTo(0.544);
        assertThat(NOMINAL.cCapQ()).isEqualTo(3.0e4);
    }

    @Test
    void withLeakChangesOnlyTheLeakage() {
        GreenhouseParameters papers = NOMINAL.withLeak(0.75e-4);
        assertThat(papers.cLeak()).isEqualTo(0.75e-4);
        assertThat(papers.withLeak(NOMINAL.cLeak())).isEqualTo(NOMINAL);
    }

    @Test
    void perturbedKeepsEveryCoefficientWithinDelta() throws Exception {
        double delta = 0.3;
        GreenhouseParameters p = NOMINAL.perturbed(new SplittableRandom(7), delta);
        int changed = 0;
        for (RecordComponent c : GreenhouseParameters.class.getRecordComponents()) {
            double nominal = (double) c.getAccessor().invoke(NOMINAL);
            double value = (double) c.getAccessor().invoke(p);
            assertThat(value / nominal).as(c.getName()).isBetween(1 - delta, 1 + delta);
            changed += value != nominal ? 1 : 0;
        }
        assertThat(changed).isEqualTo(GreenhouseParameters.class.getRecordComponents().length);
    }

    @Test
    void perturbedIsDeterministicForAGeneratorStateAndZeroDeltaIsIdentity() {
        assertThat(NOMINAL.perturbed(new SplittableRandom(3), 0.05))
                .isEqualTo(NOMINAL.perturbed(new SplittableRandom(3), 0.05));
        assertThat(NOMINAL.perturbed(new SplittableRandom(3), 0)).isEqualTo(NOMINAL);
    }

    @Test
    void rejectsBadDeltaAndBadCoefficientsByName() {
        assertThatThrownBy(() -> NOMINAL.perturbed(new SplittableRandom(1), 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> NOMINAL.withLeak(-1e-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cLeak");
        assertThatThrownBy(() -> new GreenhouseParameters(0.544, 2.65e-7, 4.87e-7, 53, 3.55e-9, 5.11e-6, 2.3e-4,
                6.29e-4, 5.2e-5, 0, 4.1, 3.0e4, 1290, 6.1, 0.2, 3.6e-3, 9348, 17.4, 239, 8314, 0.75e-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cCapC");
    }
}
