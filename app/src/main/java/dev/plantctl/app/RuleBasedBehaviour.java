package dev.plantctl.app;

import dev.plantctl.controllers.greenhouse.GreenhouseController;
import dev.plantctl.controllers.greenhouse.GreenhouseSetpoints;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Quality;
import dev.plantctl.core.TagValue;
import dev.plantctl.ml.greenhouse.GreenhouseBehaviour;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.Weather;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A greenhouse controller as the behaviour policy of data collection: it sees what the compartment's sensors
 * would read of the true state (every tag fresh), and its decision's setpoints are the requested controls.
 */
final class RuleBasedBehaviour implements GreenhouseBehaviour {

    private final GreenhouseController controller;

    RuleBasedBehaviour(GreenhouseController controller) {
        this.controller = controller;
    }

    @Override
    public Controls act(Instant time, ClimateState state, Weather weather, Controls previous) {
        Map<String, TagValue> values = new HashMap<>();
        GreenhouseSignals.sensorValues(state, weather)
                .forEach((tag, v) -> values.put(tag, new TagValue(v, 0, false, Quality.GOOD)));
        Observation o = new Observation(GreenhouseSignals.PLANT, GreenhouseSignals.compartmentId(1), time, values);
        return GreenhouseSetpoints.controls(controller.decide(o, previous));
    }

    /** The controller's name and version, for the data's provenance. */
    String name() {
        return controller.name() + "/" + controller.version();
    }
}
