package dev.plantctl.ml.greenhouse;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.Weather;

/**
 * What stands between a policy's request and the plant during training, so that a policy can learn with the
 * safety shield it will be served behind (the shield itself lives in {@code controllers}, which depends on
 * {@code ml}, so it comes in through this interface).
 */
@FunctionalInterface
public interface ControlGuard {

    /** Lets every request through. */
    ControlGuard NONE = (requested, previous, state, weather) -> requested;

    /**
     * The controls actually applied.
     *
     * @param requested what the policy asks for
     * @param previous  what was applied during the last step
     * @param state     the true state at the control instant
     * @param weather   the weather at the control instant
     */
    Controls apply(Controls requested, Controls previous, ClimateState state, Weather weather);
}
