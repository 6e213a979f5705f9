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

    /**
     * The name of the factor by which a controller says that it fell back (to a rule-based controller, a safe
     * default): value 1 when it did, its effect saying why. Telemetry writes it as the decision's fallback flag.
     */
    public static final String FALLBACK = "fallback";

    public Factor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(effect, "effect");
    }
}
