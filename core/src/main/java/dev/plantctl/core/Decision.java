package dev.plantctl.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a controller decided for one plant unit at one control instant, and why.
 *
 * @param plant       the plant
 * @param unitId      the plant unit
 * @param time        the control instant
 * @param setpoints   the setpoints to write, already through the safety shield
 * @param explanation why
 */
public record Decision(String plant, String unitId, Instant time, List<Setpoint> setpoints, Explanation explanation) {

    public Decision {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(explanation, "explanation");
        setpoints = List.copyOf(setpoints);
    }
}
