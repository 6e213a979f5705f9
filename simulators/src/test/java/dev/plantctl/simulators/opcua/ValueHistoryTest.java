package dev.plantctl.simulators.opcua;

import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueHistoryTest {

    private static DataValue at(long ticks, double value) {
        return new DataValue(new Variant(value), StatusCode.GOOD, new DateTime(ticks), DateTime.now());
    }

    private static ValueHistory filled(int depth, int count) {
        ValueHistory h = new ValueHistory(depth);
        for (int i = 1; i <= count; i++) {
            h.record(at(i * 10L, i));
        }
        return h;
    }

    @Test
    void keepsTheLastDepthValuesAndServesThemInPagesFromTheStartInclusiveToTheEndExclusive() {
        ValueHistory h = filled(5, 8);

        assertThat(h.holds(30)).as("the oldest ones fell out").isFalse();
        assertThat(h.holds(40)).isTrue();
        ValueHistory.Page first = h.read(0, Long.MAX_VALUE, 3);
        assertThat(first.values()).extracting(v -> v.getValue().getValue()).containsExactly(4.0, 5.0, 6.0);
        assertThat(first.nextSourceTime()).isEqualTo(70);
        ValueHistory.Page rest = h.read(first.nextSourceTime(), Long.MAX_VALUE, 3);
        assertThat(rest.values()).extracting(v -> v.getValue().getValue()).containsExactly(7.0, 8.0);
        assertThat(rest.nextSourceTime()).isNull();
        assertThat(h.read(50, 70, 10).values()).extracting(v -> v.getValue().getValue()).containsExactly(5.0, 6.0);
        assertThat(h.read(90, Long.MAX_VALUE, 10).values()).isEmpty();
    }

    @Test
    void aValueSetAgainAtTheSameSourceTimeReplacesTheKeptOneAndALateOneTakesItsPlaceInOrder() {
        ValueHistory h = filled(10, 3);
        h.record(at(20, 99));
        h.record(at(15, 15));

        assertThat(h.read(0, Long.MAX_VALUE, 10).values()).extracting(v -> v.getValue().getValue())
                .containsExactly(1.0, 15.0, 99.0, 3.0);
    }

    @Test
    void refusesADepthBelowOne() {
        assertThatThrownBy(() -> new ValueHistory(0)).hasMessageContaining("history depth must be >= 1, got 0");
    }
}
