package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Observation;
import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The last line between a greenhouse controller and the actuators: whatever a controller requests, what comes
 * out is inside the actuator envelope.
 *
 * <p>Three rules act on each actuator, in this order:
 * <ol>
 *   <li>{@value #RULE_BOUNDS}: a non-finite request (NaN, ±∞) holds the previous value; a finite request is
 *       clamped to {@code [0, max]} of its actuator ({@link Controls#HEATING_MAX}, {@link Controls#VENTILATION_MAX},
 *       {@link Controls#CO2_SUPPLY_MAX}).</li>
 *   <li>{@value #RULE_COMFORT_GUARD}: no heating while the air temperature is above the band's upper limit (the
 *       day or night limit by radiation; the higher of the two when radiation is stale or missing; no guard when
 *       the air temperature itself is stale or missing, so that frost protection is never switched off on a bad
 *       sensor); no CO₂ dosing in darkness (radiation ≤ 0), above the band's CO₂ upper limit, or while CO₂ or
 *       radiation is stale or missing; while the relative humidity is above the band's limit, ventilation of at
 *       least {@value #HUMIDITY_VENTILATION_GAIN} mm/s per % RH above it (the rule-based grower's humidity gain),
 *       so that no controller keeps a humid greenhouse shut (no guard when the humidity is stale or
 *       missing).</li>
 *   <li>{@value #RULE_RATE_LIMIT}: the change against the previous applied value is at most
 *       {@code maxChangeFractionPerStep} of the actuator's range. A comfort guard asking for zero, or for a
 *       ventilation floor, is therefore reached over several steps.</li>
 * </ol>
 *
 * <p><b>Guarantee.</b> For any request, finite or not, and any previous controls, every applied value is finite,
 * lies in {@code [0, max]} of its actuator, and differs from the previous value by at most
 * {@code maxChangeFractionPerStep · max} (up to floating-point rounding of one ulp). A previous value that is not
 * finite counts as 0 and one outside the bounds is clamped first, so the guarantee refers to that sanitised
 * previous value. Every change to a request is reported as one {@link ShieldIntervention} naming its rule and
 * reason; a request the rules leave alone produces none.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class GreenhouseSafetyShield {

    /** The benchmark's rate limit: 10 % of an actuator's range per control step. */
    public static final double DEFAULT_MAX_CHANGE_FRACTION = 0.10;
    /** Rule name of the actuator bounds. */
    public static final String RULE_BOUNDS = "bounds";
    /** Rule name of the comfort guards. */
    public static final String RULE_COMFORT_GUARD = "comfort_guard";
    /** Rule name of the rate limit. */
    public static final String RULE_RATE_LIMIT = "rate_limit";

    /**
     * The humidity guard's ventilation per % of relative humidity above the band's limit, mm/s; the rule-based
     * grower vents with the same gain from 5 % below the limit, so its requests never meet the guard.
     */
    public static final double HUMIDITY_VENTILATION_GAIN = 0.25;

    private final ComfortBand band;
    private final double maxChangeFraction;

    /**
     * @param band                     the comfort band the guards protect
     * @param maxChangeFractionPerStep the largest change per step as a fraction of each actuator's range, in (0, 1]
     * @throws IllegalArgumentException when the fraction is outside (0, 1]
     */
    public GreenhouseSafetyShield(ComfortBand band, double maxChangeFractionPerStep) {
        this.band = Objects.requireNonNull(band, "band");
        if (!(maxChangeFractionPerStep > 0 && maxChangeFractionPerStep <= 1)) {
            throw new IllegalArgumentException("maxChangeFractionPerStep must lie in (0, 1]: " + maxChangeFractionPerStep);
        }
        this.maxChangeFraction = maxChangeFractionPerStep;
    }

    /** A shield with the default rate limit of {@value #DEFAULT_MAX_CHANGE_FRACTION} of the range per step. */
    public GreenhouseSafetyShield(ComfortBand band) {
        this(band, DEFAULT_MAX_CHANGE_FRACTION);
    }

    /** The comfort band the guards protect. */
    public ComfortBand band() {
        return band;
    }

    /** The largest change per step as a fraction of each actuator's range. */
    public double maxChangeFractionPerStep() {
        return maxChangeFraction;
    }

    /**
     * Applies the rules to a request.
     *
     * @param requested   what the controller asks for; any values, also NaN or infinite
     * @param previous    what was applied during the last period
     * @param observation the current observation, read by the comfort guards
     * @return the controls to apply and every change made
     */
    public ShieldedControls apply(Controls requested, Controls previous, Observation observation) {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(observation, "observation");
        List<ShieldIntervention> interventions = new ArrayList<>();
        double[] applied = new double[Actuator.values().length];
        for (Actuator a : Actuator.values()) {
            double prev = sanitisedPrevious(a, a.of(previous));
            double value = bounds(a, a.of(requested), prev, interventions);
            value = comfortGuard(a, value, observation, interventions);
            applied[a.ordinal()] = rateLimit(a, value, prev, interventions);
        }
        return new ShieldedControls(Actuator.controls(applied), interventions);
    }

    private static double sanitisedPrevious(Actuator a, double previous) {
        return Double.isFinite(previous) ? clamp(previous, 0, a.max) : 0;
    }

    private static double bounds(Actuator a, double value, double previous, List<ShieldIntervention> out) {
        if (!Double.isFinite(value)) {
            out.add(new ShieldIntervention(a.tag, value, previous, RULE_BOUNDS,
                    "request " + value + " is not a finite number: holding the previous " + a.format(previous)));
            return previous;
        }
        if (value < 0) {
            out.add(new ShieldIntervention(a.tag, value, 0, RULE_BOUNDS,
                    "request " + a.format(value) + " is below the minimum " + a.format(0)));
            return 0;
        }
        if (value > a.max) {
            out.add(new ShieldIntervention(a.tag, value, a.max, RULE_BOUNDS,
                    "request " + a.format(value) + " is above the maximum " + a.format(a.max)));
            return a.max;
        }
        return value;
    }

    private double comfortGuard(Actuator a, double value, Observation observation, List<ShieldIntervention> out) {
        if (a == Actuator.VENTILATION) {
            return humidityGuard(value, observation, out);
        }
        if (value <= 0) {
            return value;
        }
        Optional<String> reason = a == Actuator.HEATING ? heatingGuard(observation) : co2Guard(observation);
        if (reason.isEmpty()) {
            return value;
        }
        out.add(new ShieldIntervention(a.tag, value, 0, RULE_COMFORT_GUARD, reason.get()));
        return 0;
    }

    private double humidityGuard(double value, Observation observation, List<ShieldIntervention> out) {
        Optional<Double> rh = observation.fresh(GreenhouseSignals.RELATIVE_HUMIDITY);
        if (rh.isEmpty() || !(rh.get() > band.rhMax())) {
            return value;
        }
        Actuator vents = Actuator.VENTILATION;
        double floor = Math.min(vents.max, HUMIDITY_VENTILATION_GAIN * (rh.get() - band.rhMax()));
        if (value >= floor) {
            return value;
        }
        out.add(new ShieldIntervention(vents.tag, value, floor, RULE_COMFORT_GUARD, "relative humidity "
                + Words.num(rh.get(), 1) + " % is " + Words.num(rh.get() - band.rhMax(), 2) + " % above the limit "
                + Words.num(band.rhMax(), 0) + " %: ventilation at least " + vents.format(floor)));
        return floor;
    }

    private Optional<String> heatingGuard(Observation observation) {
        Optional<Double> temperature = observation.fresh(GreenhouseSignals.AIR_TEMPERATURE);
        if (temperature.isEmpty()) {
            return Optional.empty();
        }
        Optional<Double> radiation = observation.fresh(GreenhouseSignals.RADIATION);
        double limit = radiation.map(r -> band.tempMax(r > 0))
                .orElse(Math.max(band.tempMax(true), band.tempMax(false)));
        String which = radiation.map(r -> r > 0 ? "day " : "night ").orElse("");
        double t = temperature.get();
        return t > limit
                ? Optional.of("air temperature " + Words.num(t, 1) + " °C is above the " + which + "upper limit "
                        + Words.num(limit, 1) + " °C: no heating")
                : Optional.empty();
    }

    private Optional<String> co2Guard(Observation observation) {
        List<String> missing = observation.staleOrMissing(List.of(GreenhouseSignals.CO2, GreenhouseSignals.RADIATION));
        if (!missing.isEmpty()) {
            return Optional.of(String.join(" and ", missing) + " stale or missing: no dosing");
        }
        double radiation = observation.fresh(GreenhouseSignals.RADIATION).orElseThrow();
        if (radiation <= 0) {
            return Optional.of("darkness (radiation " + Words.num(radiation, 0) + " W/m²): no dosing");
        }
        double co2 = observation.fresh(GreenhouseSignals.CO2).orElseThrow();
        return co2 > band.co2MaxPpm()
                ? Optional.of("CO₂ " + Words.num(co2, 0) + " ppm is above the upper limit "
                        + Words.num(band.co2MaxPpm(), 0) + " ppm: no dosing")
                : Optional.empty();
    }

    private double rateLimit(Actuator a, double value, double previous, List<ShieldIntervention> out) {
        double maxStep = maxChangeFraction * a.max;
        double limited = clamp(value, Math.max(0, previous - maxStep), Math.min(a.max, previous + maxStep));
        if (limited != value) {
            out.add(new ShieldIntervention(a.tag, value, limited, RULE_RATE_LIMIT,
                    "change from " + a.format(previous) + " to " + a.format(value) + " exceeds "
                            + a.format(maxStep) + " per step (" + Words.num(100 * maxChangeFraction, 0)
                            + " % of the range): moving to " + a.format(limited)));
        }
        return limited;
    }

    private static double clamp(double value, double lo, double hi) {
        return Math.max(lo, Math.min(hi, value));
    }
}
