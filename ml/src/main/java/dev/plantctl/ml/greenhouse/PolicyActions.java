package dev.plantctl.ml.greenhouse;

import dev.plantctl.ml.nn.Normalizer;
import dev.plantctl.models.greenhouse.Controls;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a greenhouse policy's output becomes controls, and what the policy sees. Shared by training, the ONNX
 * controller and the benchmarks, so that they cannot disagree.
 *
 * <p><b>Actions.</b> The policy outputs a ∈ (−1, 1)³ (tanh-squashed), in the order of
 * {@link GreenhouseDynamics#ACTION} (CO₂ supply, ventilation, heating). Component i moves actuator i by
 * {@code a_i · rate · max_i} from the previous control, and the result is clamped to {@code [0, max_i]}. A policy
 * can therefore never leave the actuator bounds nor change an actuator by more than {@code rate} of its range per
 * step, whatever its weights.
 *
 * <p><b>Residual actions.</b> A residual policy ({@link #residual}) corrects a prior controller's request instead:
 * component i adds {@code a_i · residual · max_i} to the prior's value of actuator i, and the sum passes the same
 * bounds and rate limit. An action of 0 is then the prior's request itself (rate-limited), so a residual policy
 * starts at its prior and learns only what improves on it.
 *
 * <p><b>Observation.</b> The ten inputs of the dynamics model ({@link GreenhouseDynamics#input}) with the previous
 * controls in the action's place, then the time of day as {@code sin} and {@code cos} of its angle (UTC hours of
 * the control instant, the clock the plant's weather and comfort band run on): without it a policy cannot see the
 * night band's end coming and can only react to the day band once it has started, as the rule-based grower does.
 * Standardised by {@link #FEATURES}: fixed scales from the physics of the benchmark season rather than fitted
 * ones, so that states the training data never reached (a grown crop) keep sensible inputs.
 */
public final class PolicyActions {

    /** The benchmark's rate limit: 10 % of an actuator's range per control step. */
    public static final double RATE = 0.10;
    /** The largest correction of a residual policy: 25 % of an actuator's range. */
    public static final double RESIDUAL = 0.25;
    /** The actuators' upper bounds in action order. */
    private static final double[] MAX = {Controls.CO2_SUPPLY_MAX, Controls.VENTILATION_MAX, Controls.HEATING_MAX};

    /** How many inputs a policy has: the ten of the dynamics model and the two of the time of day. */
    public static final int INPUTS = 12;
    /** Index of the time of day's sine among the policy inputs; its cosine follows. */
    public static final int TIME_OF_DAY = 10;
    /** The names of the policy inputs, in order, as a bundle's metadata records them. */
    public static final List<String> INPUT_NAMES = Stream.concat(GreenhouseDynamics.SCHEMA.inputNames().stream(),
            Stream.of("time_of_day_sin", "time_of_day_cos")).toList();
    /** Standardisation of the policy inputs (state, previous controls, weather, time of day). */
    public static final Normalizer FEATURES = new Normalizer(
            new double[] {0.05, 1.2e-3, 15, 0.009, 0.6, 3.75, 75, 100, 5, 0.006, 0, 0},
            new double[] {0.05, 5e-4, 5, 0.003, 0.6, 3.75, 75, 150, 5, 0.002, 0.7071, 0.7071});

    private PolicyActions() {
    }

    /**
     * The controls of an action.
     *
     * @param action   a ∈ [−1, 1]³ in action order; larger magnitudes are treated as ±1, NaN as 0
     * @param previous the controls applied during the last step
     */
    public static Controls controls(double[] action, Controls previous) {
        return moved(action, previous, previous, RATE);
    }

    /**
     * The controls of a residual action: the prior's request corrected by the action, bounded and rate-limited.
     *
     * @param action   a ∈ [−1, 1]³ in action order; larger magnitudes are treated as ±1, NaN as 0
     * @param prior    what the prior controller requests (a non-finite value counts as the previous control)
     * @param previous the controls applied during the last step
     */
    public static Controls residual(double[] action, Controls prior, Controls previous) {
        return moved(action, prior, previous, RESIDUAL);
    }

    /**
     * The action that, applied as it is, gives the controls that were applied: the inverse of {@link #controls}
     * ({@code residual = false}) or {@link #residual} ({@code residual = true}), each component clamped to
     * [−1, 1]. Where a bound or the rate limit makes many actions give the same control, the one closest to 0
     * (for a residual policy: the smallest correction of the prior). Training learns on this action, so that a
     * request the shield or the limits cut short is remembered as what it did.
     *
     * @param applied  the controls applied
     * @param prior    the prior's request (residual) — ignored otherwise
     * @param previous the controls applied during the last step
     */
    public static double[] appliedAction(Controls applied, Controls prior, Controls previous, boolean residual) {
        double[] u = GreenhouseDynamics.action(applied);
        double[] prev = GreenhouseDynamics.action(previous);
        double[] from = residual ? GreenhouseDynamics.action(prior) : prev;
        double scale = residual ? RESIDUAL : RATE;
        double[] a = new double[MAX.length];
        for (int i = 0; i < a.length; i++) {
            double p = bounded(prev[i], 0, i);
            double base = bounded(from[i], p, i);
            double lo = Math.max(0, p - RATE * MAX[i]);
            double hi = Math.min(MAX[i], p + RATE * MAX[i]);
            double exact = (u[i] - base) / (scale * MAX[i]);
            double tolerance = 1e-9 * MAX[i];
            if (Math.abs(u[i] - hi) <= tolerance) {
                exact = Math.max(0, exact); // every a from exact up gives hi: the one closest to 0
            } else if (Math.abs(u[i] - lo) <= tolerance) {
                exact = Math.min(0, exact); // every a from exact down gives lo
            }
            a[i] = Math.max(-1, Math.min(1, exact));
        }
        return a;
    }

    /** {@code base + a · scale · max}, bounded, at most {@link #RATE} of the range away from {@code previous}. */
    private static Controls moved(double[] action, Controls base, Controls previous, double scale) {
        if (action.length != MAX.length) {
            throw new IllegalArgumentException("a greenhouse action has " + MAX.length + " components, got "
                    + action.length);
        }
        double[] prev = GreenhouseDynamics.action(previous);
        double[] from = GreenhouseDynamics.action(base);
        double[] u = new double[MAX.length];
        for (int i = 0; i < u.length; i++) {
            double a = Double.isNaN(action[i]) ? 0 : Math.max(-1, Math.min(1, action[i]));
            double p = bounded(prev[i], 0, i);
            double target = bounded(from[i], p, i) + a * scale * MAX[i];
            double lo = Math.max(0, p - RATE * MAX[i]);
            double hi = Math.min(MAX[i], p + RATE * MAX[i]);
            u[i] = Math.max(lo, Math.min(hi, target));
        }
        return new Controls(u[0], u[1], u[2]);
    }

    /** The value clamped to actuator i's bounds, or {@code otherwise} when it is not finite. */
    private static double bounded(double value, double otherwise, int i) {
        return Double.isFinite(value) ? Math.max(0, Math.min(MAX[i], value)) : otherwise;
    }

    /**
     * The raw policy observation: state, previous controls and weather, in the order and units of
     * {@link GreenhouseDynamics#SCHEMA}'s inputs, then the time of day ({@link #timeOfDay}).
     */
    public static double[] observation(double[] state, Controls previous, double[] exogenous, Instant time) {
        double[] x = new double[INPUTS];
        System.arraycopy(state, 0, x, 0, 4);
        System.arraycopy(GreenhouseDynamics.action(previous), 0, x, 4, 3);
        System.arraycopy(exogenous, 0, x, 7, 3);
        return withTimeOfDay(x, time);
    }

    /**
     * The raw policy observation from the dynamics model's ten inputs ({@link GreenhouseDynamics#input}, the
     * previous controls in the action's place) and the control instant.
     */
    public static double[] observation(double[] dynamicsInput, Instant time) {
        if (dynamicsInput.length != TIME_OF_DAY) {
            throw new IllegalArgumentException("the dynamics model has " + TIME_OF_DAY + " inputs, got "
                    + dynamicsInput.length);
        }
        return withTimeOfDay(Arrays.copyOf(dynamicsInput, INPUTS), time);
    }

    /** The first ten inputs of a raw policy observation: the dynamics model's, with the previous controls. */
    public static double[] dynamicsPart(double[] observation) {
        return Arrays.copyOf(observation, TIME_OF_DAY);
    }

    /** The hour of the day in UTC, in [0, 24), of an instant. */
    public static double timeOfDay(Instant time) {
        return Math.floorMod(time.getEpochSecond(), 86_400L) / 3600.0;
    }

    private static double[] withTimeOfDay(double[] x, Instant time) {
        double angle = 2 * Math.PI * timeOfDay(time) / 24;
        x[TIME_OF_DAY] = Math.sin(angle);
        x[TIME_OF_DAY + 1] = Math.cos(angle);
        return x;
    }

    /** The previous controls held in a raw policy observation. */
    public static Controls previous(double[] observation) {
        return new Controls(observation[4], observation[5], observation[6]);
    }
}
