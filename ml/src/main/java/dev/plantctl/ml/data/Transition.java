package dev.plantctl.ml.data;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One step of a plant unit: the state at {@code time}, the action applied over the step, the exogenous inputs
 * (weather) held over it, and the state one step later. Vectors are in the units named by the
 * {@link TransitionSchema} of the set the transition belongs to.
 *
 * @param unit      the plant unit, e.g. {@code c1}
 * @param time      the start of the step
 * @param state     the state at the start
 * @param action    the controls applied during the step
 * @param exogenous the exogenous inputs during the step
 * @param next      the state at the end
 */
public record Transition(String unit, Instant time, double[] state, double[] action, double[] exogenous,
                         double[] next) {

    /** @throws IllegalArgumentException when a value is not finite, or state and next differ in length */
    public Transition {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(time, "time");
        state = finite("state", state);
        action = finite("action", action);
        exogenous = finite("exogenous", exogenous);
        next = finite("next", next);
        if (state.length != next.length) {
            throw new IllegalArgumentException("transition state has " + state.length + " values but next has "
                    + next.length);
        }
    }

    /** The model input: state, then action, then exogenous inputs. */
    public double[] input() {
        double[] in = new double[state.length + action.length + exogenous.length];
        System.arraycopy(state, 0, in, 0, state.length);
        System.arraycopy(action, 0, in, state.length, action.length);
        System.arraycopy(exogenous, 0, in, state.length + action.length, exogenous.length);
        return in;
    }

    /** The model target: {@code next − state}. */
    public double[] change() {
        double[] d = new double[state.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = next[i] - state[i];
        }
        return d;
    }

    @Override
    public double[] state() {
        return state.clone();
    }

    @Override
    public double[] action() {
        return action.clone();
    }

    @Override
    public double[] exogenous() {
        return exogenous.clone();
    }

    @Override
    public double[] next() {
        return next.clone();
    }

    /** The i-th state component, without copying. */
    public double state(int i) {
        return state[i];
    }

    /** The i-th component of the next state, without copying. */
    public double next(int i) {
        return next[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transition t && unit.equals(t.unit) && time.equals(t.time)
                && Arrays.equals(state, t.state) && Arrays.equals(action, t.action)
                && Arrays.equals(exogenous, t.exogenous) && Arrays.equals(next, t.next);
    }

    @Override
    public int hashCode() {
        return Objects.hash(unit, time, Arrays.hashCode(state), Arrays.hashCode(action), Arrays.hashCode(exogenous),
                Arrays.hashCode(next));
    }

    @Override
    public String toString() {
        return "Transition[" + unit + " " + time + " state=" + Arrays.toString(state) + " action="
                + Arrays.toString(action) + " exogenous=" + Arrays.toString(exogenous) + " next="
                + Arrays.toString(next) + "]";
    }

    private static double[] finite(String name, double[] values) {
        Objects.requireNonNull(values, name);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("transition " + name + "[" + i + "] is not finite: " + values[i]);
            }
        }
        return values.clone();
    }
}
