package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Setpoint;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates between the model's {@link Controls} and the setpoints of a {@link Decision}, so that every
 * greenhouse controller, the season runner and the jobs name, stamp and read setpoints the same way.
 *
 * <p>Command ids are {@code plant/unit/actuator/epochSecond} of the control instant: deterministic (a replay
 * produces the same id, so a sink can drop duplicates) and unique per actuator and control instant.
 */
public final class GreenhouseSetpoints {

    private GreenhouseSetpoints() {
    }

    /**
     * One setpoint per actuator, issued at the observation's time and expiring one control period later.
     *
     * @throws IllegalArgumentException when a value is not finite or the period is not positive
     */
    public static List<Setpoint> setpoints(Observation observation, Controls applied, Duration controlPeriod) {
        if (controlPeriod.isNegative() || controlPeriod.isZero()) {
            throw new IllegalArgumentException("control period must be positive: " + controlPeriod);
        }
        Instant issuedAt = observation.time();
        Instant expiresAt = issuedAt.plus(controlPeriod);
        List<Setpoint> out = new ArrayList<>(Actuator.values().length);
        for (Actuator a : Actuator.values()) {
            out.add(new Setpoint(commandId(observation, a.tag), observation.plant(), observation.unitId(), a.tag,
                    a.of(applied), GreenhouseSignals.unit(a.tag), issuedAt, expiresAt));
        }
        return out;
    }

    /** The command id {@code plant/unit/actuator/epochSecond} of the observation's control instant. */
    public static String commandId(Observation observation, String actuator) {
        return observation.plant() + "/" + observation.unitId() + "/" + actuator + "/"
                + observation.time().getEpochSecond();
    }

    /** Actuator name to value, in the order heating, ventilation, CO₂ supply. */
    public static Map<String, Double> byActuator(Controls controls) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Actuator a : Actuator.values()) {
            out.put(a.tag, a.of(controls));
        }
        return out;
    }

    /**
     * The controls a decision commands.
     *
     * @throws IllegalArgumentException when an actuator has no setpoint, naming it
     */
    public static Controls controls(Decision decision) {
        Map<String, Double> byTag = new HashMap<>();
        for (Setpoint s : decision.setpoints()) {
            byTag.put(s.actuator(), s.value());
        }
        double[] values = new double[Actuator.values().length];
        for (Actuator a : Actuator.values()) {
            Double v = byTag.get(a.tag);
            if (v == null) {
                throw new IllegalArgumentException("decision for " + decision.unitId() + " at " + decision.time()
                        + " has no setpoint for " + a.tag);
            }
            values[a.ordinal()] = v;
        }
        return Actuator.controls(values);
    }
}
