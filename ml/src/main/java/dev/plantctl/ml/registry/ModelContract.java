package dev.plantctl.ml.registry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a consumer needs of a model: its name, the names and order of its input features and outputs, and the
 * step it predicts over. A model whose metadata says otherwise is refused, whatever its graph would compute.
 *
 * @param name    the model's name, e.g. {@code greenhouse-dynamics}
 * @param inputs  input feature names, in order
 * @param outputs output names, in order
 * @param step    the time step of one prediction
 */
public record ModelContract(String name, List<String> inputs, List<String> outputs, Duration step) {

    /** Copies the lists. */
    public ModelContract {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(step, "step");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
