package dev.plantctl.ingestion;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where the setpoints of one actuator of one plant unit are written.
 *
 * @param address  the OPC UA node id text of the actuator's setpoint
 * @param plant    the plant
 * @param unitId   the plant unit
 * @param actuator the canonical actuator name, e.g. {@code heating}
 * @param unit     the unit its setpoints are in
 */
public record ActuatorBinding(String address, String plant, String unitId, String actuator, String unit)
        implements Serializable {

    public ActuatorBinding {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(actuator, "actuator");
        Objects.requireNonNull(unit, "unit");
    }
}
