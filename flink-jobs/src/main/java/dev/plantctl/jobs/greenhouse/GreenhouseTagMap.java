package dev.plantctl.jobs.greenhouse;

import dev.plantctl.ingestion.TagBinding;
import dev.plantctl.ingestion.TagMap;
import dev.plantctl.models.greenhouse.GreenhouseSignals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tag map of a greenhouse whose climate computer exposes the plantctl greenhouse address space
 * ({@link GreenhouseSignals#NAMESPACE_URI}): one binding per compartment and sensor, with the sensor's
 * physical range and a staleness limit of two control periods.
 */
public final class GreenhouseTagMap {

    private GreenhouseTagMap() {
    }

    private record Sensor(String tag, String unit, double min, double max) { }

    private static final List<Sensor> SENSORS = List.of(
            new Sensor(GreenhouseSignals.AIR_TEMPERATURE, "degC", -30, 60),
            new Sensor(GreenhouseSignals.CO2, "ppm", 0, 10_000),
            new Sensor(GreenhouseSignals.RELATIVE_HUMIDITY, "%", 0, 100),
            new Sensor(GreenhouseSignals.RADIATION, "W/m2", 0, 1_500),
            new Sensor(GreenhouseSignals.OUTSIDE_TEMPERATURE, "degC", -50, 50),
            new Sensor(GreenhouseSignals.OUTSIDE_RELATIVE_HUMIDITY, "%", 0, 100),
            new Sensor(GreenhouseSignals.CROP_DRY_WEIGHT, "kg/m2", 0, 5));

    /** The node id text of a signal of a compartment: {@code nsu=<namespace>;s=<compartment>/<signal>}. */
    public static String nodeId(String compartment, String signal) {
        return "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s=" + GreenhouseSignals.nodeIdentifier(compartment, signal);
    }

    /** The tag map of compartments 1..n. */
    public static TagMap forCompartments(int compartments, Duration controlPeriod) {
        List<TagBinding> bindings = new ArrayList<>();
        for (int n = 1; n <= compartments; n++) {
            String c = GreenhouseSignals.compartmentId(n);
            for (Sensor s : SENSORS) {
                bindings.add(new TagBinding(nodeId(c, s.tag()), GreenhouseSignals.PLANT, c, s.tag(), s.unit(),
                        s.min(), s.max(), controlPeriod.multipliedBy(2)));
            }
        }
        return TagMap.of(bindings);
    }
}
