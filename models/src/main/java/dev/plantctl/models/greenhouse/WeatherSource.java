package dev.plantctl.models.greenhouse;

import java.time.Instant;

/**
 * The weather outside the greenhouse as a function of time. Implementations are pure functions of the instant:
 * the same instant always gives the same weather, whatever was asked before, so a simulator may query any time
 * in any order, from any thread.
 */
@FunctionalInterface
public interface WeatherSource {

    /**
     * The weather at the given instant.
     *
     * @throws IllegalArgumentException when the source has no weather for that instant (e.g. outside a file)
     */
    Weather at(Instant time);
}
