package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.Observation;
import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.core.TagValue;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of a grower's climate computer, as the baseline every learned greenhouse controller must beat.
 *
 * <p>Rules on fresh inputs (uncertainty 0):
 * <ul>
 *   <li><b>Day or night</b>: day while radiation &gt; 0. The heating setpoint is the middle of the comfort band's
 *       day or night temperature range (17.5 °C by day, 12.5 °C at night for the benchmark band); the vent
 *       setpoint lies {@value #VENT_OFFSET_C} °C above it.</li>
 *   <li><b>Heating</b>: {@value #HEATING_GAIN} W/m² per °C of air temperature below the heating setpoint.</li>
 *   <li><b>Ventilation</b>: the larger of {@value #VENT_TEMPERATURE_GAIN} mm/s per °C above the vent setpoint and
 *       {@value #VENT_HUMIDITY_GAIN} mm/s per % of relative humidity above {@value #RH_LIMIT_PCT} %.</li>
 *   <li><b>CO₂</b>: in light only, and only while the vents are mostly closed (both the requested and the
 *       previous ventilation below {@value #CO2_MAX_VENT_FRACTION} of the maximum):
 *       {@value #CO2_GAIN} mg/m²/s per ppm below the target {@value #CO2_TARGET_PPM} ppm.</li>
 * </ul>
 * Every request is capped at its actuator's maximum and then passes the {@link GreenhouseSafetyShield}.
 *
 * <p><b>Stale or missing inputs.</b> When any of air temperature, CO₂, relative humidity or radiation is stale
 * or missing, the rules are not trusted at all and the controller requests {@link #FALLBACK}: heating
 * {@value #FALLBACK_HEATING} W/m² for frost protection (it holds the air about 7 °C above the outside air, and the
 * shield's comfort guard still removes it when a fresh air temperature is above the band), minimal ventilation
 * {@value #FALLBACK_VENTILATION} mm/s against condensation, and no CO₂. The explanation then has uncertainty 1
 * and its summary names the stale inputs.
 *
 * <p>Stateless and thread-safe: a decision depends only on the observation and the previous controls.
 */
public final class RuleBasedGrowerController implements GreenhouseController {

    /** The controller's name in explanations. */
    public static final String NAME = "rule-based-grower";
    /** The version of the rule set. */
    public static final String VERSION = "1.0";
    /** The inputs the rules need fresh. */
    public static final List<String> INPUTS = List.of(GreenhouseSignals.AIR_TEMPERATURE, GreenhouseSignals.CO2,
            GreenhouseSignals.RELATIVE_HUMIDITY, GreenhouseSignals.RADIATION);

    static final double HEATING_GAIN = 40;
    static final double VENT_OFFSET_C = 2;
    static final double VENT_TEMPERATURE_GAIN = 2.5;
    static final double VENT_HUMIDITY_GAIN = GreenhouseSafetyShield.HUMIDITY_VENTILATION_GAIN;
    static final double RH_LIMIT_PCT = 75;
    static final double CO2_TARGET_PPM = 900;
    static final double CO2_GAIN = 0.004;
    static final double CO2_MAX_VENT_FRACTION = 0.2;
    static final double FALLBACK_HEATING = 50;
    static final double FALLBACK_VENTILATION = 0.5;

    /** What the controller requests when an input is stale or missing. */
    public static final Controls FALLBACK = new Controls(0, FALLBACK_VENTILATION, FALLBACK_HEATING);

    private final Duration controlPeriod;
    private final ComfortBand band;
    private final GreenhouseSafetyShield shield;

    /**
     * @param controlPeriod how long a decision holds; its setpoints expire after it
     * @param band          the comfort band the setpoints are derived from
     * @param shield        the safety shield every request passes
     * @throws IllegalArgumentException when the period is not positive
     */
    public RuleBasedGrowerController(Duration controlPeriod, ComfortBand band, GreenhouseSafetyShield shield) {
        this.controlPeriod = Objects.requireNonNull(controlPeriod, "controlPeriod");
        this.band = Objects.requireNonNull(band, "band");
        this.shield = Objects.requireNonNull(shield, "shield");
        if (controlPeriod.isNegative() || controlPeriod.isZero()) {
            throw new IllegalArgumentException("controlPeriod must be positive: " + controlPeriod);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    /** The comfort band the setpoints are derived from. */
    public ComfortBand band() {
        return band;
    }

    /** The heating setpoint by day or night: the middle of the band's temperature range. */
    public double heatingSetpoint(boolean daytime) {
        return (band.tempMin(daytime) + band.tempMax(daytime)) / 2;
    }

    /** The temperature above which the vents open for cooling. */
    public double ventSetpoint(boolean daytime) {
        return heatingSetpoint(daytime) + VENT_OFFSET_C;
    }

    @Override
    public Decision decide(Observation observation, Controls previous) {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(previous, "previous");
        List<String> stale = observation.staleOrMissing(INPUTS);
        Request request = stale.isEmpty() ? rules(observation, previous) : fallback(observation, stale);
        ShieldedControls shielded = shield.apply(request.controls(), previous, observation);
        Controls applied = shielded.applied();
        String summary = request.context() + ": " + describe(applied) + shieldClause(shielded.interventions()) + ".";
        Explanation explanation = new Explanation(observation.time(), observation.plant(), observation.unitId(),
                NAME, NAME + "/" + VERSION, GreenhouseSetpoints.byActuator(applied), request.factors(),
                request.uncertainty(), shielded.interventions(), summary, List.of());
        return new Decision(observation.plant(), observation.unitId(), observation.time(),
                GreenhouseSetpoints.setpoints(observation, applied, controlPeriod), explanation);
    }

    private Request rules(Observation observation, Controls previous) {
        double temperature = observation.fresh(GreenhouseSignals.AIR_TEMPERATURE).orElseThrow();
        double co2 = observation.fresh(GreenhouseSignals.CO2).orElseThrow();
        double rh = observation.fresh(GreenhouseSignals.RELATIVE_HUMIDITY).orElseThrow();
        double radiation = observation.fresh(GreenhouseSignals.RADIATION).orElseThrow();
        boolean day = radiation > 0;
        String dayOrNight = day ? "day" : "night";
        double heatingSetpoint = heatingSetpoint(day);
        double ventSetpoint = ventSetpoint(day);
        List<Scored> factors = new ArrayList<>();

        double heating = Math.min(Controls.HEATING_MAX, HEATING_GAIN * Math.max(0, heatingSetpoint - temperature));
        double ventForTemperature = Math.min(Controls.VENTILATION_MAX,
                VENT_TEMPERATURE_GAIN * Math.max(0, temperature - ventSetpoint));
        String t = "air temperature " + Words.num(temperature, 1) + " °C";
        if (heating > 0) {
            factors.add(new Scored(heating / Controls.HEATING_MAX, new Factor(GreenhouseSignals.AIR_TEMPERATURE,
                    temperature, t + " is " + Words.num(heatingSetpoint - temperature, 1) + " °C below the "
                            + dayOrNight + " heating setpoint " + Words.num(heatingSetpoint, 1) + " °C: heating "
                            + Actuator.HEATING.format(heating))));
        } else if (ventForTemperature > 0) {
            factors.add(new Scored(ventForTemperature / Controls.VENTILATION_MAX, new Factor(
                    GreenhouseSignals.AIR_TEMPERATURE, temperature, t + " is "
                            + Words.num(temperature - ventSetpoint, 1) + " °C above the " + dayOrNight
                            + " vent setpoint " + Words.num(ventSetpoint, 1) + " °C: no heating, ventilation "
                            + Actuator.VENTILATION.format(ventForTemperature))));
        } else {
            factors.add(new Scored(0, new Factor(GreenhouseSignals.AIR_TEMPERATURE, temperature, t
                    + " lies between the " + dayOrNight + " heating setpoint " + Words.num(heatingSetpoint, 1)
                    + " °C and vent setpoint " + Words.num(ventSetpoint, 1) + " °C: no heating, no cooling")));
        }

        double ventForHumidity = Math.min(Controls.VENTILATION_MAX,
                VENT_HUMIDITY_GAIN * Math.max(0, rh - RH_LIMIT_PCT));
        String h = "relative humidity " + Words.num(rh, 1) + " %";
        factors.add(ventForHumidity > 0
                ? new Scored(ventForHumidity / Controls.VENTILATION_MAX, new Factor(GreenhouseSignals.RELATIVE_HUMIDITY,
                        rh, h + " is " + Words.num(rh - RH_LIMIT_PCT, 1) + " % above the limit "
                                + Words.num(RH_LIMIT_PCT, 0) + " %: ventilation "
                                + Actuator.VENTILATION.format(ventForHumidity)))
                : new Scored(0, new Factor(GreenhouseSignals.RELATIVE_HUMIDITY, rh,
                        h + " is within the limit " + Words.num(RH_LIMIT_PCT, 0) + " %: no humidity ventilation")));
        double ventilation = Math.max(ventForTemperature, ventForHumidity);

        double ventPosition = Math.max(ventilation, previous.ventilation());
        double ventLimit = CO2_MAX_VENT_FRACTION * Controls.VENTILATION_MAX;
        String c = "CO₂ " + Words.num(co2, 0) + " ppm";
        double co2Supply = 0;
        String co2Effect;
        if (!day) {
            co2Effect = c + ": no dosing in darkness";
        } else if (!(ventPosition < ventLimit)) {
            co2Effect = c + ": no dosing while ventilation " + Actuator.VENTILATION.format(ventPosition)
                    + " is not below " + Actuator.VENTILATION.format(ventLimit);
        } else if (co2 >= CO2_TARGET_PPM) {
            co2Effect = c + " is at or above the target " + Words.num(CO2_TARGET_PPM, 0) + " ppm: no dosing";
        } else {
            co2Supply = Math.min(Controls.CO2_SUPPLY_MAX, CO2_GAIN * (CO2_TARGET_PPM - co2));
            co2Effect = c + " is " + Words.num(CO2_TARGET_PPM - co2, 0) + " ppm below the target "
                    + Words.num(CO2_TARGET_PPM, 0) + " ppm in light with vents at "
                    + Actuator.VENTILATION.format(ventPosition) + ": dosing " + Actuator.CO2_SUPPLY.format(co2Supply);
        }
        factors.add(new Scored(co2Supply / Controls.CO2_SUPPLY_MAX, new Factor(GreenhouseSignals.CO2, co2, co2Effect)));

        factors.add(new Scored(0, new Factor(GreenhouseSignals.RADIATION, radiation, "radiation "
                + Words.num(radiation, 0) + " W/m²: " + dayOrNight + ", heating setpoint "
                + Words.num(heatingSetpoint, 1) + " °C, vent setpoint " + Words.num(ventSetpoint, 1) + " °C")));

        factors.sort(Comparator.comparingDouble(Scored::score).reversed());
        String context = (day ? "Day" : "Night") + ", " + Words.num(temperature, 1) + " °C (heating setpoint "
                + Words.num(heatingSetpoint, 1) + " °C), RH " + Words.num(rh, 0) + " %, CO₂ " + Words.num(co2, 0)
                + " ppm";
        return new Request(new Controls(co2Supply, ventilation, heating),
                factors.stream().map(Scored::factor).toList(), 0, context);
    }

    private static Request fallback(Observation observation, List<String> stale) {
        List<Factor> factors = new ArrayList<>();
        for (String tag : stale) {
            TagValue v = observation.values().get(tag);
            factors.add(v == null
                    ? new Factor(tag, Double.NaN, "missing: not trusted, safe fallback")
                    : new Factor(tag, v.value(), "stale (age " + v.age().toSeconds() + " s): not trusted, safe fallback"));
        }
        for (String tag : INPUTS) {
            if (!stale.contains(tag)) {
                factors.add(new Factor(tag, observation.fresh(tag).orElseThrow(),
                        "fresh, but unused while the safe fallback is active"));
            }
        }
        return new Request(FALLBACK, factors, 1, "Safe fallback because " + String.join(", ", stale)
                + (stale.size() == 1 ? " is" : " are") + " stale or missing");
    }

    private static String describe(Controls applied) {
        return (applied.heating() > 0 ? "heating " + Actuator.HEATING.format(applied.heating()) : "no heating")
                + (applied.ventilation() > 0 ? ", ventilation " + Actuator.VENTILATION.format(applied.ventilation())
                        : ", vents closed")
                + (applied.co2Supply() > 0 ? ", CO₂ dosing " + Actuator.CO2_SUPPLY.format(applied.co2Supply())
                        : ", no CO₂ dosing");
    }

    private static String shieldClause(List<ShieldIntervention> interventions) {
        if (interventions.isEmpty()) {
            return "";
        }
        Map<String, Set<String>> rulesByActuator = new LinkedHashMap<>();
        for (ShieldIntervention i : interventions) {
            rulesByActuator.computeIfAbsent(i.actuator(), k -> new LinkedHashSet<>()).add(i.rule().replace('_', ' '));
        }
        List<String> parts = new ArrayList<>();
        rulesByActuator.forEach((actuator, rules) -> parts.add(actuator + " (" + String.join(", ", rules) + ")"));
        String last = parts.remove(parts.size() - 1);
        return "; the safety shield changed " + (parts.isEmpty() ? "" : String.join(", ", parts) + " and ") + last;
    }

    /** A factor with its share of the actuator range it moved, for ranking. */
    private record Scored(double score, Factor factor) {
    }

    /** What the rules or the fallback ask for, before the shield. */
    private record Request(Controls controls, List<Factor> factors, double uncertainty, String context) {
    }
}
