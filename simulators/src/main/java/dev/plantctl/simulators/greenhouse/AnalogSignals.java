package dev.plantctl.simulators.greenhouse;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.opcua.EngineeringUnits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

/**
 * Engineering units (OPC UA Part 8 EUInformation from UNECE Recommendation 20 codes) and EURanges of the analog
 * nodes. A sensor's EURange is the range its value normally lies in; an actuator's is its limits, which a write
 * must respect.
 */
final class AnalogSignals {

    /**
     * The description of one analog node.
     *
     * @param signal      the tag, e.g. {@code air_temperature}
     * @param description what it measures or drives, for the node's Description attribute
     * @param units       the EngineeringUnits property
     * @param low         the EURange's low end
     * @param high        the EURange's high end
     */
    record Spec(String signal, String description, EUInformation units, double low, double high) {

        Range range() {
            return new Range(low, high);
        }
    }

    private static final EUInformation CELSIUS = EngineeringUnits.CELSIUS;
    private static final EUInformation PERCENT = EngineeringUnits.PERCENT;
    private static final EUInformation WATT_PER_M2 = EngineeringUnits.WATT_PER_M2;

    /** Sensor specs in the order of {@link GreenhouseSignals#SENSOR_UNITS}. */
    static final Map<String, Spec> SENSORS = sensors();

    private AnalogSignals() {
    }

    /** The spec of an actuator node: EURange = the actuator's limits. */
    static Spec actuator(Actuator actuator) {
        return switch (actuator) {
            case HEATING -> new Spec(actuator.signal(), "Heating power", WATT_PER_M2, actuator.min(), actuator.max());
            case VENTILATION -> new Spec(actuator.signal(), "Ventilation rate",
                    EngineeringUnits.MILLIMETRE_PER_SECOND, actuator.min(), actuator.max());
            case CO2_SUPPLY -> new Spec(actuator.signal(), "CO2 supply", new EUInformation(
                    GreenhouseSignals.NAMESPACE_URI, -1, LocalizedText.english("mg/(m²·s)"),
                    LocalizedText.english("milligram per square metre second (UNECE has no code for it)")),
                    actuator.min(), actuator.max());
        };
    }

    private static Map<String, Spec> sensors() {
        Map<String, Spec> specs = new LinkedHashMap<>();
        put(specs, new Spec(GreenhouseSignals.AIR_TEMPERATURE, "Indoor air temperature", CELSIUS,
                ClimateState.TEMPERATURE_MIN_C, ClimateState.TEMPERATURE_MAX_C));
        put(specs, new Spec(GreenhouseSignals.CO2, "Indoor CO2 concentration",
                EngineeringUnits.unece("59", "ppm", "part per million"), 0, 10_000));
        put(specs, new Spec(GreenhouseSignals.RELATIVE_HUMIDITY, "Indoor relative humidity", PERCENT, 0, 100));
        put(specs, new Spec(GreenhouseSignals.RADIATION, "Global radiation outside", WATT_PER_M2, 0, 1_400));
        put(specs, new Spec(GreenhouseSignals.OUTSIDE_TEMPERATURE, "Outdoor air temperature", CELSIUS,
                ClimateState.TEMPERATURE_MIN_C, ClimateState.TEMPERATURE_MAX_C));
        put(specs, new Spec(GreenhouseSignals.OUTSIDE_RELATIVE_HUMIDITY, "Outdoor relative humidity", PERCENT,
                0, 100));
        put(specs, new Spec(GreenhouseSignals.CROP_DRY_WEIGHT, "Crop dry weight",
                EngineeringUnits.unece("28", "kg/m²", "kilogram per square metre"), 0, 1));
        if (!specs.keySet().equals(GreenhouseSignals.SENSOR_UNITS.keySet())) {
            throw new IllegalStateException("analog specs " + specs.keySet() + " do not match the sensors "
                    + GreenhouseSignals.SENSOR_UNITS.keySet());
        }
        return Collections.unmodifiableMap(specs);
    }

    private static void put(Map<String, Spec> specs, Spec spec) {
        specs.put(spec.signal(), spec);
    }
}
