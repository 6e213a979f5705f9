package dev.plantctl.ml.greenhouse;

import java.util.Objects;

/**
 * The controller a residual policy corrects ({@link PolicyActions#residual}): the policy's action 0 is this
 * controller's request, and the policy learns a bounded correction to it (residual RL). At serving time the
 * controller named here must be the one whose request is corrected, so its name is recorded in the bundle.
 *
 * @param name      the prior's name and version, e.g. {@code rule-based-grower/1.0}
 * @param behaviour the prior as a function of the true state (its sensors all fresh)
 */
public record ResidualPrior(String name, GreenhouseBehaviour behaviour) {

    /** @throws IllegalArgumentException when the name is blank */
    public ResidualPrior {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(behaviour, "behaviour");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a residual prior needs a name");
        }
    }
}
