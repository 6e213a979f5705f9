package dev.plantctl.ingestion;

import dev.plantctl.core.Observation;
import dev.plantctl.core.Quality;
import dev.plantctl.core.Reading;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationAssemblerTest {

    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    private static final Duration PERIOD = Duration.ofMinutes(15);
    private final ObservationAssembler assembler = new ObservationAssembler(TagMap.of(List.of(
            binding("temp", Duration.ofMinutes(20)), binding("co2", Duration.ofMinutes(20)))), PERIOD);

    private static TagBinding binding(String tag, Duration staleness) {
        return Bindings.opcUa("c1/" + tag, "c1", tag, "u", 0, 5000, staleness);
    }

    private static Reading reading(String tag, double value, Instant time) {
        return new Reading("greenhouse", "c1", tag, value, "u", time, Quality.GOOD);
    }

    @Test
    void controlInstantsAreMultiplesOfThePeriod() {
        assertThat(assembler.instantAtOrAfter(T0)).isEqualTo(T0);
        assertThat(assembler.instantAtOrAfter(T0.plusMillis(1))).isEqualTo(T0.plus(PERIOD));
        assertThat(assembler.instantAtOrAfter(T0.minusSeconds(60))).isEqualTo(T0);
    }

    @Test
    void completeOnlyWhenEveryTagIsStampedAtTheInstant() {
        Map<String, Reading> latest = new HashMap<>();
        latest.put("temp", reading("temp", 15, T0));
        assertThat(assembler.isComplete("c1", T0, latest)).isFalse();
        latest.put("co2", reading("co2", 400, T0.minusSeconds(900)));
        assertThat(assembler.isComplete("c1", T0, latest)).isFalse();
        latest.put("co2", reading("co2", 400, T0));
        assertThat(assembler.isComplete("c1", T0, latest)).isTrue();
        assertThat(assembler.isComplete("c2", T0, latest)).isFalse();
    }

    @Test
    void oldValuesAreFlaggedStaleAndMissingOnesAreAbsent() {
        Map<String, Reading> latest = Map.of("temp", reading("temp", 15, T0.minus(Duration.ofMinutes(30))));
        Observation o = assembler.assemble("greenhouse", "c1", T0, latest);
        assertThat(o.values().get("temp").stale()).isTrue();
        assertThat(o.values().get("temp").age()).isEqualTo(Duration.ofMinutes(30));
        assertThat(o.values()).doesNotContainKey("co2");
        assertThat(o.staleOrMissing(List.of("co2", "temp"))).containsExactly("co2", "temp");
    }

    @Test
    void freshValuesAreUsable() {
        Map<String, Reading> latest = Map.of("temp", reading("temp", 15, T0.minus(Duration.ofMinutes(5))),
                "co2", reading("co2", 420, T0));
        Observation o = assembler.assemble("greenhouse", "c1", T0, latest);
        assertThat(o.fresh("temp")).contains(15.0);
        assertThat(o.hasFresh(List.of("temp", "co2"))).isTrue();
    }
}
