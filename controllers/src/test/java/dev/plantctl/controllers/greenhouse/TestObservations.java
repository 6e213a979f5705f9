package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Observation;
import dev.plantctl.core.Quality;
import dev.plantctl.core.TagValue;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Observations of compartment c1 for tests: fresh values unless a tag is made stale or left out. */
final class TestObservations {

    static final Instant TIME = Instant.parse("2024-01-20T12:00:00Z");

    private final Map<String, TagValue> values = new HashMap<>();

    private TestObservations() {
    }

    /** Fresh air temperature °C, CO₂ ppm, relative humidity % and radiation W/m². */
    static TestObservations climate(double temperature, double co2Ppm, double rhPercent, double radiation) {
        return new TestObservations()
                .fresh(GreenhouseSignals.AIR_TEMPERATURE, temperature)
                .fresh(GreenhouseSignals.CO2, co2Ppm)
                .fresh(GreenhouseSignals.RELATIVE_HUMIDITY, rhPercent)
                .fresh(GreenhouseSignals.RADIATION, radiation);
    }

    TestObservations fresh(String tag, double value) {
        values.put(tag, new TagValue(value, 0, false, Quality.GOOD));
        return this;
    }

    TestObservations stale(String tag) {
        TagValue v = values.get(tag);
        values.put(tag, new TagValue(v.value(), 600_000, true, v.quality()));
        return this;
    }

    TestObservations missing(String tag) {
        values.remove(tag);
        return this;
    }

    Observation build() {
        return new Observation(GreenhouseSignals.PLANT, GreenhouseSignals.compartmentId(1), TIME, values);
    }
}
