package dev.plantctl.core;

import java.util.Objects;

/**
 * One input that shaped a decision.
 *
 * @param name   what it is, e.g. {@code air_temperature}
 * @param value  its value, in the unit of the tag it names
 * @param effect what it did to the decision, in words, e.g. {@code "1.2 degC below heating setpoint: heating up"}
 */
public record Factor(String name, double value, String effect) {

    public Factor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(effect, "effect");
    }
}
