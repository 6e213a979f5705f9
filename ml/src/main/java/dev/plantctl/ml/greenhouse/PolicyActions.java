package dev.plantctl.ml.greenhouse;

import dev.plantctl.ml.nn.Normalizer;
import dev.plantctl.models.greenhouse.Controls;

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
 * <p><b>Observation.</b> The ten inputs of the dynamics model ({@link GreenhouseDynamics#input}) with the previous
 * controls in the action's place, standardised by {@link #FEATURES}: fixed scales from the physics of the
 * benchmark season rather than fitted ones, so that states the training data never reached (a grown crop)
 * keep sensible inputs.
 */
public final class PolicyActions {

    /** The benchmark's rate limit: 10 % of an actuator's range per control step. */
    public static final double RATE = 0.10;
    /** The actuators' upper bounds in action order. */
    private static final double[] MAX = {Controls.CO2_SUPPLY_MAX, Controls.VENTILATION_MAX, Controls.HEATING_MAX};

    /** Standardisation of the ten policy inputs (state, previous controls, weather). */
    public static final Normalizer FEATURES = new Normalizer(
            new double[] {0.05, 1.2e-3, 15, 0.009, 0.6, 3.75, 75, 100, 5, 0.006},
            new double[] {0.05, 5e-4, 5, 0.003, 0.6, 3.75, 75, 150, 5, 0.002});

    private PolicyActions() {
    }

    /**
     * The controls of an action.
     *
     * @param action   a ∈ [−1, 1]³ in action order; larger magnitudes are treated as ±1, NaN as 0
     * @param previous the controls applied during the last step
     */
    public static Controls controls(double[] action, Controls previous) {
        if (action.length != MAX.length) {
            throw new IllegalArgumentException("a greenhouse action has " + MAX.length + " components, got "
                    + action.length);
        }
        double[] prev = GreenhouseDynamics.action(previous);
        double[] u = new double[MAX.length];
        for (int i = 0; i < u.length; i++) {
            double a = Double.isNaN(action[i]) ? 0 : Math.max(-1, Math.min(1, action[i]));
            double p = Double.isFinite(prev[i]) ? Math.max(0, Math.min(MAX[i], prev[i])) : 0;
            u[i] = Math.max(0, Math.min(MAX[i], p + a * RATE * MAX[i]));
        }
        return new Controls(u[0], u[1], u[2]);
    }

    /**
     * The raw policy observation: state, previous controls and weather, in the order and units of
     * {@link GreenhouseDynamics#SCHEMA}'s inputs.
     */
    public static double[] observation(double[] state, Controls previous, double[] exogenous) {
        double[] x = new double[10];
        System.arraycopy(state, 0, x, 0, 4);
        System.arraycopy(GreenhouseDynamics.action(previous), 0, x, 4, 3);
        System.arraycopy(exogenous, 0, x, 7, 3);
        return x;
    }

    /** The previous controls held in a raw policy observation. */
    public static Controls previous(double[] observation) {
        return new Controls(observation[4], observation[5], observation[6]);
    }
}
