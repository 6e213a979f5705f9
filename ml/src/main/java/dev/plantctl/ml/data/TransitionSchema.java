package dev.plantctl.ml.data;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the vectors of a transition set mean: the plant, the step between a state and the next, and the names of
 * the state, action and exogenous components, each name carrying its unit (e.g. {@code air_temperature_c}).
 *
 * @param plant     the plant, e.g. {@code greenhouse}
 * @param step      the time between a state and the next
 * @param state     the state components
 * @param action    the action components
 * @param exogenous the exogenous components
 */
public record TransitionSchema(String plant, Duration step, List<String> state, List<String> action,
                               List<String> exogenous) {

    /** @throws IllegalArgumentException when the step is not positive or the state is empty */
    public TransitionSchema {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(step, "step");
        state = List.copyOf(state);
        action = List.copyOf(action);
        exogenous = List.copyOf(exogenous);
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("transition step must be positive: " + step);
        }
        if (state.isEmpty()) {
            throw new IllegalArgumentException("a transition schema needs at least one state component");
        }
    }

    /** The model's input names: state, then action, then exogenous. */
    public List<String> inputNames() {
        return java.util.stream.Stream.of(state, action, exogenous).flatMap(List::stream).toList();
    }

    /** The model's output names: the change of each state component, {@code d_<name>}. */
    public List<String> outputNames() {
        return state.stream().map(s -> "d_" + s).toList();
    }

    /**
     * Checks that a transition has the lengths of this schema.
     *
     * @throws IllegalArgumentException naming what differs
     */
    public void check(Transition t) {
        if (t.state().length != state.size() || t.action().length != action.size()
                || t.exogenous().length != exogenous.size()) {
            throw new IllegalArgumentException("transition of " + t.unit() + " at " + t.time() + " has "
                    + t.state().length + "/" + t.action().length + "/" + t.exogenous().length
                    + " state/action/exogenous values; the schema has " + state.size() + "/" + action.size() + "/"
                    + exogenous.size());
        }
    }
}
