package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.models.greenhouse.Controls;
import java.util.List;
import java.util.Objects;

/**
 * What the {@link GreenhouseSafetyShield} let through, and every change it made on the way.
 *
 * @param applied       the controls to apply: inside the actuator bounds and the rate limit
 * @param interventions one entry per change, in the order the rules acted; empty when nothing changed
 */
public record ShieldedControls(Controls applied, List<ShieldIntervention> interventions) {

    public ShieldedControls {
        Objects.requireNonNull(applied, "applied");
        interventions = List.copyOf(interventions);
    }
}
