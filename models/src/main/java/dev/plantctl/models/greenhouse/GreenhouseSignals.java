package dev.plantctl.models.greenhouse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical names and units of a greenhouse's signals, shared by the simulator, ingestion and the
 * controllers, and the OPC UA addresses the simulator serves them under: a string NodeId
 * {@code <compartment>/<signal>}, e.g. {@code c1/air_temperature}, in namespace {@value #NAMESPACE_URI}.
 *
 * <p>Sensors: {@value #AIR_TEMPERATURE} degC, {@value #CO2} ppm, {@value #RELATIVE_HUMIDITY} %,
 * {@value #RADIATION} W/m2, {@value #OUTSIDE_TEMPERATURE} degC, {@value #OUTSIDE_RELATIVE_HUMIDITY} %,
 * {@value #CROP_DRY_WEIGHT} kg/m2. Actuators: {@value #HEATING} W/m2, {@value #VENTILATION} mm/s,
 * {@value #CO2_SUPPLY} mg/m2/s. Status: {@value #CONTROL_MODE} (String, {@value #MODE_REMOTE} or
 * {@value #MODE_SAFE_DEFAULT}) and {@value #WATCHDOG_TRIPPED} (Boolean). The plant's clock, {@link #clockNodeIdentifier()}
 * (DateTime), tells the time of the state it publishes.
 */
public final class GreenhouseSignals {

    /** The plant's name, as in {@code Reading.plant()}. */
    public static final String PLANT = "greenhouse";
    /** The OPC UA namespace URI of the simulated greenhouse. */
    public static final String NAMESPACE_URI = "urn:plantctl:sim:greenhouse";

    /** The plant's clock variable: the time of the published state (DateTime). */
    public static final String CLOCK = "clock";

    /**
     * A compartment's setpoint validity (DateTime, writable): a Write that carries it applies the compartment's
     * actuator values of the same request only while the plant's time has not passed it.
     */
    public static final String SETPOINT_VALID_UNTIL = "setpoint_valid_until";

    /** Indoor air temperature, degC. */
    public static final String AIR_TEMPERATURE = "air_temperature";
    /** Indoor CO₂, ppm. */
    public static final String CO2 = "co2";
    /** Indoor relative humidity, %. */
    public static final String RELATIVE_HUMIDITY = "relative_humidity";
    /** Global radiation outside, W/m2. */
    public static final String RADIATION = "radiation";
    /** Outdoor temperature, degC. */
    public static final String OUTSIDE_TEMPERATURE = "outside_temperature";
    /** Outdoor relative humidity, %. */
    public static final String OUTSIDE_RELATIVE_HUMIDITY = "outside_relative_humidity";
    /** Crop dry weight, kg/m2. */
    public static final String CROP_DRY_WEIGHT = "crop_dry_weight";

    /** Heating power, W/m2. */
    public static final String HEATING = "heating";
    /** Ventilation rate, mm/s. */
    public static final String VENTILATION = "ventilation";
    /** CO₂ supply, mg/m2/s. */
    public static final String CO2_SUPPLY = "co2_supply";

    /** Status node: who drives the actuators, {@value #MODE_REMOTE} or {@value #MODE_SAFE_DEFAULT} (String). */
    public static final String CONTROL_MODE = "control_mode";
    /** Status node: whether the actuator watchdog has tripped (Boolean). */
    public static final String WATCHDOG_TRIPPED = "watchdog_tripped";
    /** Control mode: the actuators follow the setpoints written remotely. */
    public static final String MODE_REMOTE = "REMOTE";
    /** Control mode: the actuators are at their safe defaults (setpoints stopped arriving in time). */
    public static final String MODE_SAFE_DEFAULT = "SAFE_DEFAULT";

    /** Sensor tag to unit, in the order listed above. */
    public static final Map<String, String> SENSOR_UNITS = orderedMap(
            AIR_TEMPERATURE, "degC", CO2, "ppm", RELATIVE_HUMIDITY, "%", RADIATION, "W/m2",
            OUTSIDE_TEMPERATURE, "degC", OUTSIDE_RELATIVE_HUMIDITY, "%", CROP_DRY_WEIGHT, "kg/m2");
    /** Actuator tag to unit, in the order listed above. */
    public static final Map<String, String> ACTUATOR_UNITS = orderedMap(
            HEATING, "W/m2", VENTILATION, "mm/s", CO2_SUPPLY, "mg/m2/s");

    private GreenhouseSignals() {
    }

    /**
     * The unit of a sensor or actuator tag.
     *
     * @throws IllegalArgumentException for any other name (status nodes have no unit), listing the known tags
     */
    public static String unit(String signal) {
        String unit = SENSOR_UNITS.containsKey(signal) ? SENSOR_UNITS.get(signal) : ACTUATOR_UNITS.get(signal);
        if (unit == null) {
            throw new IllegalArgumentException("not a greenhouse sensor or actuator: '" + signal + "'; known: "
                    + SENSOR_UNITS.keySet() + ", " + ACTUATOR_UNITS.keySet());
        }
        return unit;
    }

    /**
     * The id of the n-th compartment: {@code "c" + n}.
     *
     * @param n the compartment number, from 1
     * @throws IllegalArgumentException when n &lt; 1
     */
    public static String compartmentId(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("compartments are numbered from 1: " + n);
        }
        return "c" + n;
    }

    /**
     * The identifier of a signal's OPC UA string NodeId in {@link #NAMESPACE_URI}: {@code compartment + "/" + signal}.
     *
     * @throws IllegalArgumentException when either part is blank or contains '/'
     */
    public static String nodeIdentifier(String compartment, String signal) {
        requirePart("compartment", compartment);
        requirePart("signal", signal);
        return compartment + "/" + signal;
    }

    /** The identifier of the plant clock's string NodeId in {@link #NAMESPACE_URI}: {@code greenhouse/clock}. */
    public static String clockNodeIdentifier() {
        return PLANT + "/" + CLOCK;
    }

    /**
     * What every sensor of a compartment reads, keyed by sensor tag in the order of {@link #SENSOR_UNITS}, in the
     * units listed there: indoor CO₂ and humidity through {@link ClimateSensors} at the indoor temperature,
     * outdoor humidity at the outdoor temperature.
     */
    public static Map<String, Double> sensorValues(ClimateState state, Weather weather) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(weather, "weather");
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(AIR_TEMPERATURE, state.temperature());
        out.put(CO2, ClimateSensors.co2Ppm(state.co2(), state.temperature()));
        out.put(RELATIVE_HUMIDITY, ClimateSensors.relativeHumidity(state.humidity(), state.temperature()));
        out.put(RADIATION, weather.radiation());
        out.put(OUTSIDE_TEMPERATURE, weather.temperature());
        out.put(OUTSIDE_RELATIVE_HUMIDITY, ClimateSensors.relativeHumidity(weather.humidity(), weather.temperature()));
        out.put(CROP_DRY_WEIGHT, state.dryWeight());
        return Collections.unmodifiableMap(out);
    }

    private static void requirePart(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.indexOf('/') >= 0) {
            throw new IllegalArgumentException(name + " must be non-blank without '/': '" + value + "'");
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
