package dev.plantctl.ml.greenhouse;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.Weather;

import java.time.Instant;

/**
 * The behaviour policy that drives a simulated greenhouse while data is collected: any controller, seen as a
 * function of the true state. (The rule-based grower controller is adapted to it where the controllers module
 * is at hand, in the {@code plantctl train} command.)
 */
@FunctionalInterface
public interface GreenhouseBehaviour {

    /**
     * The controls for the next control period.
     *
     * @param time     the control instant
     * @param state    the compartment's state now
     * @param weather  the weather now
     * @param previous the controls applied during the last period ({@link Controls#OFF} at the start)
     * @return the controls requested; the collector adds exploration noise and bounds them to the actuators'
     *         ranges
     */
    Controls act(Instant time, ClimateState state, Weather weather, Controls previous);
}
