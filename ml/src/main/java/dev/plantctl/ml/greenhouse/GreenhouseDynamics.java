package dev.plantctl.ml.greenhouse;

import dev.plantctl.core.Observation;
import dev.plantctl.ml.data.Transition;
import dev.plantctl.ml.data.TransitionSchema;
import dev.plantctl.ml.registry.ModelContract;
import dev.plantctl.models.greenhouse.ClimateSensors;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.Weather;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The contract of the learned greenhouse dynamics model {@value #MODEL_NAME}: what goes in, what comes out, in
 * which units, over which step. The simulator's data, recorded telemetry, training, the ONNX graph's metadata
 * and the stream all go through here, so that they cannot disagree.
 *
 * <p>Inputs (10, in this order): the state in van Henten's units (crop dry weight kg m⁻², CO₂ kg m⁻³, air
 * temperature °C, absolute humidity kg m⁻³), the controls (CO₂ supply mg m⁻² s⁻¹, ventilation mm s⁻¹, heating
 * W m⁻²) and the weather a greenhouse measures (radiation W m⁻², outside temperature °C, outside absolute
 * humidity kg m⁻³). Outdoor CO₂ is left out: no greenhouse sensor reports it, and it barely varies
 * (about 405–415 ppm). Outputs (4): the change of each state component over one control period of
 * {@link #STEP}.
 */
public final class GreenhouseDynamics {

    /** The model's name in the registry and in decisions. */
    public static final String MODEL_NAME = "greenhouse-dynamics";
    /** The control period one prediction spans. */
    public static final Duration STEP = Duration.ofMinutes(15);

    /** The state components, with units. */
    public static final List<String> STATE = List.of("dry_weight_kg_m2", "co2_kg_m3", "air_temperature_c",
            "humidity_kg_m3");
    /** The action components, with units. */
    public static final List<String> ACTION = List.of("co2_supply_mg_m2_s", "ventilation_mm_s", "heating_w_m2");
    /** The exogenous components, with units. */
    public static final List<String> EXOGENOUS = List.of("radiation_w_m2", "outside_temperature_c",
            "outside_humidity_kg_m3");
    /** The transition schema of greenhouse data sets. */
    public static final TransitionSchema SCHEMA = new TransitionSchema(GreenhouseSignals.PLANT, STEP, STATE, ACTION,
            EXOGENOUS);

    /** What a consumer of the model needs: the name, the inputs and outputs in order, the step. */
    public static final ModelContract CONTRACT = new ModelContract(MODEL_NAME, SCHEMA.inputNames(),
            SCHEMA.outputNames(), STEP);
    /** The sensor tags {@link #input(Observation, Controls)} needs fresh. */
    public static final List<String> SENSORS = List.copyOf(GreenhouseSignals.SENSOR_UNITS.keySet());

    /** Index of crop dry weight in the state. */
    public static final int DRY_WEIGHT = 0;
    /** Index of CO₂ in the state. */
    public static final int CO2 = 1;
    /** Index of air temperature in the state. */
    public static final int TEMPERATURE = 2;
    /** Index of absolute humidity in the state. */
    public static final int HUMIDITY = 3;

    private GreenhouseDynamics() {
    }

    /** The state vector of a climate state. */
    public static double[] state(ClimateState s) {
        return new double[] {s.dryWeight(), s.co2(), s.temperature(), s.humidity()};
    }

    /** The climate state of a state vector, clamped to physical bounds. */
    public static ClimateState climateState(double[] x) {
        return new ClimateState(x[DRY_WEIGHT], x[CO2], x[TEMPERATURE], x[HUMIDITY]).clampToPhysicalBounds();
    }

    /** The action vector of controls. */
    public static double[] action(Controls u) {
        return new double[] {u.co2Supply(), u.ventilation(), u.heating()};
    }

    /** The exogenous vector of the weather (outdoor CO₂ left out). */
    public static double[] exogenous(Weather w) {
        return new double[] {w.radiation(), w.temperature(), w.humidity()};
    }

    /** A transition from simulator quantities. */
    public static Transition transition(String unit, Instant time, ClimateState state, Controls controls,
                                        Weather weather, ClimateState next) {
        return new Transition(unit, time, state(state), action(controls), exogenous(weather), state(next));
    }

    /**
     * The model input for an observation of the stream and the controls about to be applied, converting sensor
     * units (ppm, % RH) to the model's with {@link ClimateSensors}.
     *
     * @return empty when a tag the model needs is missing or stale (the model is not asked then)
     */
    public static Optional<double[]> input(Observation observation, Controls controls) {
        if (!observation.hasFresh(SENSORS)) {
            return Optional.empty();
        }
        double temp = observation.fresh(GreenhouseSignals.AIR_TEMPERATURE).orElseThrow();
        double outsideTemp = observation.fresh(GreenhouseSignals.OUTSIDE_TEMPERATURE).orElseThrow();
        ClimateState state = new ClimateState(observation.fresh(GreenhouseSignals.CROP_DRY_WEIGHT).orElseThrow(),
                ClimateSensors.co2KgM3(observation.fresh(GreenhouseSignals.CO2).orElseThrow(), temp), temp,
                ClimateSensors.absoluteHumidity(observation.fresh(GreenhouseSignals.RELATIVE_HUMIDITY).orElseThrow(),
                        temp));
        double outsideHumidity = ClimateSensors.absoluteHumidity(
                observation.fresh(GreenhouseSignals.OUTSIDE_RELATIVE_HUMIDITY).orElseThrow(), outsideTemp);
        double[] x = new double[STATE.size() + ACTION.size() + EXOGENOUS.size()];
        System.arraycopy(state(state), 0, x, 0, 4);
        System.arraycopy(action(controls), 0, x, 4, 3);
        x[7] = observation.fresh(GreenhouseSignals.RADIATION).orElseThrow();
        x[8] = outsideTemp;
        x[9] = outsideHumidity;
        return Optional.of(x);
    }
}
