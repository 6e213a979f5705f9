package dev.plantctl.core;

import java.util.Objects;

/**
 * One change the safety shield made to a controller's request.
 *
 * @param actuator  the actuator
 * @param requested what the controller asked for
 * @param applied   what the shield let through
 * @param rule      the rule that acted, e.g. {@code bounds}, {@code rate_limit}, {@code comfort_guard}
 * @param reason    why, in words
 */
public record ShieldIntervention(String actuator, double requested, double applied, String rule, String reason) {

    public ShieldIntervention {
        Objects.requireNonNull(actuator, "actuator");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }
}
