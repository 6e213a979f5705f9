package dev.plantctl.policy;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one controller identity may write. The identity is the job's (a configuration value the operator
 * sets, e.g. {@code greenhouse-control}), never a name a controller reports about itself.
 *
 * @param identity  the identity
 * @param setpoints the setpoint rules, the first match applies
 * @param gcode     the allowed G-code commands by command word
 * @param materials the hotend temperature window of each print material, °C, by upper-case material name
 */
public record IdentityPolicy(String identity, List<SetpointRule> setpoints, Map<String, GcodeRule> gcode,
                             Map<String, Range> materials) implements Serializable {

    private static final long serialVersionUID = 1L;

    public IdentityPolicy {
        Objects.requireNonNull(identity, "identity");
        setpoints = List.copyOf(setpoints);
        gcode = Map.copyOf(gcode);
        materials = Map.copyOf(materials);
    }

    /** The first setpoint rule that covers the actuator. */
    public Optional<SetpointRule> setpointRule(String plant, String unit, String actuator) {
        return setpoints.stream().filter(r -> r.matches(plant, unit, actuator)).findFirst();
    }
}
