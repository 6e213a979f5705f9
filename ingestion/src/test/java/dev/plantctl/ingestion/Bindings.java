package dev.plantctl.ingestion;

import java.time.Duration;

/** Tag bindings for tests, with the defaults of a 15-minute plant. */
final class Bindings {

    static final Duration PERIOD = Duration.ofMinutes(15);

    private Bindings() {
    }

    /** An OPC UA binding in the plant {@code greenhouse}, no conversion, lateness one period, no bound on lead. */
    static TagBinding opcUa(String nodeId, String unitId, String tag, String unit, double min, double max,
                            Duration staleness) {
        return new TagBinding(new TagSource.OpcUaNode(nodeId), "greenhouse", unitId, tag, unit,
                UnitConversion.identity(unit), min, max, PERIOD, staleness, PERIOD, null);
    }
}
