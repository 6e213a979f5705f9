package dev.plantctl.jobs.greenhouse;

import dev.plantctl.ingestion.TagBinding;
import dev.plantctl.ingestion.TagMap;
import dev.plantctl.ingestion.TagMapException;
import dev.plantctl.ingestion.TagMapFile;
import dev.plantctl.models.greenhouse.GreenhouseSignals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Loads the greenhouse's tag map: a tag map file, or the embedded {@value #RESOURCE} (the plantctl greenhouse
 * address space of {@link GreenhouseSignals#NAMESPACE_URI}), bound to compartments c1..cN. Checks that the map
 * gives the controller what it needs: every sensor of {@link GreenhouseSignals#SENSOR_UNITS} and every actuator
 * of {@link GreenhouseSignals#ACTUATOR_UNITS}, in those units, for every compartment.
 */
public final class GreenhouseTagMap {

    /** The embedded tag map, on the class path. */
    public static final String RESOURCE = "tagmaps/greenhouse.yaml";
    /** The plant clock of the address space the embedded tag map describes: {@code greenhouse/clock}. */
    public static final String EMBEDDED_PLANT_CLOCK = "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
            + GreenhouseSignals.clockNodeIdentifier();
    /** The setpoint validity node of each compartment in that address space, {@code {unit}} standing for it. */
    public static final String EMBEDDED_SETPOINT_VALIDITY = "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
            + GreenhouseSignals.nodeIdentifier("{unit}", GreenhouseSignals.SETPOINT_VALID_UNTIL);

    private GreenhouseTagMap() {
    }

    /**
     * The tag map of compartments 1..n.
     *
     * @param file the tag map file, or null for the embedded one
     * @throws IOException     when the file cannot be read
     * @throws TagMapException when it is not a valid tag map, or not one the greenhouse controller can use
     */
    public static TagMap load(Path file, int compartments) throws IOException {
        TagMapFile tagMapFile = file == null
                ? TagMapFile.loadResource(RESOURCE, GreenhouseTagMap.class.getClassLoader())
                : TagMapFile.load(file);
        if (!tagMapFile.plant().equals(GreenhouseSignals.PLANT)) {
            throw new TagMapException(tagMapFile.name(), 0, "plant", "is '" + tagMapFile.plant()
                    + "', but the greenhouse job needs '" + GreenhouseSignals.PLANT + "'");
        }
        List<String> ids = IntStream.rangeClosed(1, compartments).mapToObj(GreenhouseSignals::compartmentId).toList();
        TagMap tagMap = tagMapFile.tagMap(ids);
        List<String> problems = new ArrayList<>();
        for (String c : ids) {
            Map<String, String> units = new HashMap<>();
            for (TagBinding b : tagMap.bindingsOf(c)) {
                units.put(b.tag(), b.unit());
            }
            GreenhouseSignals.SENSOR_UNITS.forEach((tag, unit) -> {
                if (!unit.equals(units.get(tag))) {
                    problems.add(units.containsKey(tag) ? "tags." + tag + " is in " + units.get(tag) + ", not " + unit
                            : "tags." + tag + " is missing for " + c);
                }
            });
            GreenhouseSignals.ACTUATOR_UNITS.keySet().forEach(actuator -> {
                if (tagMap.actuatorAddress(c, actuator).isEmpty()) {
                    problems.add("actuators." + actuator + " is missing for " + c);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new TagMapException(tagMapFile.name(), 0, "tags",
                    "the greenhouse controller needs: " + String.join("; ", problems.stream().distinct().toList()));
        }
        return tagMap;
    }
}
