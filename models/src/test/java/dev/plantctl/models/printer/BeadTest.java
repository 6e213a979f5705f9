package dev.plantctl.models.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BeadTest {

    @Test
    void theSlicersCrossSectionFormsTheNominalLine() {
        double area = Bead.area(0.45, 0.2);
        assertThat(area).isCloseTo(0.2 * (0.45 - 0.2 * (1 - Math.PI / 4)), within(1e-12));
        Bead bead = Bead.of(area, 0.2);
        assertThat(bead.widthMm()).isCloseTo(0.45, within(1e-12));
        assertThat(bead.heightMm()).isEqualTo(0.2);
    }

    @Test
    void aHigherNozzleNarrowsTheLineAndALowerOneWidensIt() {
        double area = Bead.area(0.45, 0.2);
        assertThat(Bead.of(area, 0.3).widthMm()).isBetween(0.30, 0.36);
        assertThat(Bead.of(area, 0.15).widthMm()).isBetween(0.55, 0.62);
    }

    @Test
    void aThinStrandIsRoundAndMeetsTheSquashedBeadAtWidthEqualHeight() {
        double gap = 0.2;
        double limit = Math.PI * gap * gap / 4;
        assertThat(Bead.of(limit, gap).widthMm()).isCloseTo(gap, within(1e-12));
        Bead thin = Bead.of(limit / 4, gap);
        assertThat(thin.widthMm()).isEqualTo(thin.heightMm()).isCloseTo(gap / 2, within(1e-12));
        assertThat(Bead.of(0, gap)).isEqualTo(Bead.NONE);
    }

    @Test
    void refusesImpossibleLines() {
        assertThatThrownBy(() -> Bead.area(0.04, 0.2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wider");
        assertThatThrownBy(() -> Bead.of(-1, 0.2)).hasMessageContaining("areaMm2");
        assertThatThrownBy(() -> Bead.of(0.1, 0)).hasMessageContaining("gapMm");
    }
}
