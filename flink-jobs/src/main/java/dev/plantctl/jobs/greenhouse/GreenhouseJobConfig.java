package dev.plantctl.jobs.greenhouse;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link GreenhouseControlJob} needs to know.
 *
 * @param endpoint         the greenhouse's OPC UA server
 * @param compartments     how many compartments it has (ids c1..cN)
 * @param controlPeriod    one decision per compartment per period, in event time
 * @param endTime          when set, the job ends once the plant's clock reaches it; null runs forever
 * @param explanationsFile where to write one explanation per decision, as JSON lines
 * @param deadLettersFile  where to write refused samples, as JSON lines
 */
public record GreenhouseJobConfig(OpcUaEndpoint endpoint, int compartments, Duration controlPeriod, Instant endTime,
                                  Path explanationsFile, Path deadLettersFile) {

    /** The control period of the greenhouse benchmark: 15 minutes. */
    public static final Duration DEFAULT_CONTROL_PERIOD = Duration.ofMinutes(15);

    public GreenhouseJobConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(controlPeriod, "controlPeriod");
        Objects.requireNonNull(explanationsFile, "explanationsFile");
        Objects.requireNonNull(deadLettersFile, "deadLettersFile");
        if (compartments < 1) {
            throw new IllegalArgumentException("greenhouse job: option 'compartments' must be >= 1, got " + compartments);
        }
        if (controlPeriod.isNegative() || controlPeriod.isZero()) {
            throw new IllegalArgumentException("greenhouse job: option 'controlPeriod' must be positive, got "
                    + controlPeriod);
        }
    }
}
