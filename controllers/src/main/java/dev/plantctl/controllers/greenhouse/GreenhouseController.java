package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Observation;
import dev.plantctl.models.greenhouse.Controls;

/**
 * A decision maker for one greenhouse compartment, called once per control period.
 *
 * <p>Implementations are plain Java: a Flink operator, a benchmark or a test calls them alike. They keep no
 * hidden state between calls; whatever they need of the past comes in as {@code previous}, so that a caller
 * restoring from a checkpoint gets the same decision again. A returned decision holds one setpoint for each
 * actuator of {@link dev.plantctl.models.greenhouse.GreenhouseSignals} (heating, ventilation, CO₂ supply),
 * already through a {@link GreenhouseSafetyShield}, and the explanation of why.
 */
public interface GreenhouseController {

    /**
     * Decides the setpoints for the next control period.
     *
     * @param observation what the compartment's sensors say at the control instant; stale or missing tags are
     *                    possible and must be handled, never trusted
     * @param previous    the controls applied during the last period ({@link Controls#OFF} at start)
     * @return the setpoints with their explanation; never null
     */
    Decision decide(Observation observation, Controls previous);

    /** The controller's name as it appears in explanations, e.g. {@code rule-based-grower}. */
    String name();

    /** The version of its rules or model. */
    String version();
}
