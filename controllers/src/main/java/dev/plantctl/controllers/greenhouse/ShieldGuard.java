package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Observation;
import dev.plantctl.core.Quality;
import dev.plantctl.core.TagValue;
import dev.plantctl.ml.greenhouse.ControlGuard;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.Weather;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link GreenhouseSafetyShield} as the {@link ControlGuard} of policy training: the shield sees the fresh
 * sensor values of the true state and weather (as {@link GreenhouseSeason} shows them to a controller), so a
 * policy learns with the shield it is served behind.
 */
public final class ShieldGuard implements ControlGuard {

    private static final Instant NO_TIME = Instant.EPOCH;

    private final GreenhouseSafetyShield shield;

    /** @param shield the shield to apply */
    public ShieldGuard(GreenhouseSafetyShield shield) {
        this.shield = Objects.requireNonNull(shield, "shield");
    }

    @Override
    public Controls apply(Controls requested, Controls previous, ClimateState state, Weather weather) {
        Map<String, TagValue> values = new HashMap<>();
        GreenhouseSignals.sensorValues(state, weather)
                .forEach((tag, v) -> values.put(tag, new TagValue(v, 0, false, Quality.GOOD)));
        Observation o = new Observation(GreenhouseSignals.PLANT, GreenhouseSignals.compartmentId(1), NO_TIME, values);
        return shield.apply(requested, previous, o).applied();
    }
}
