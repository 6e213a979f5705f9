package dev.plantctl.jobs.greenhouse;

import dev.plantctl.policy.IdentityPolicy;
import dev.plantctl.policy.WritePolicy;
import java.io.Serializable;
import dev.plantctl.connectors.opcua.OpcUaEndpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link GreenhouseControlJob} needs to know.
 *
 * @param endpoint          the greenhouse's OPC UA server
 * @param compartments      how many compartments it has (ids c1..cN)
 * @param controlPeriod     one decision per compartment per period, in event time
 * @param endTime           when set, the job ends once the plant's clock reaches it; null runs forever
 * @param explanationsFile  where to write one explanation per decision, as JSON lines
 * @param deadLettersFile   where to write refused samples, as JSON lines
 * @param tagMap            the tag map file (format: ingestion/README.md); null for the embedded
 *                          {@value GreenhouseTagMap#RESOURCE}
 * @param maxOutOfOrderness how far behind the latest source time a sample may arrive before event-time timers
 *                          move on without it
 * @param idleness          after how long (wall clock) without samples a source split stops holding the
 *                          watermark back
 * @param plantClock        the node the setpoint writer reads the plant's time from before each write, dropping
 *                          setpoints the plant has moved past (see {@code OpcUaSetpointSink#withPlantClock}); null:
 *                          expiry is judged by the watermark alone
 * @param setpointValidity  the node template ({@code {unit}} for the compartment) the setpoint writer writes each
 *                          decision's expiry to, in the same request as its setpoints, so that the plant refuses them
 *                          once its time passed it (see {@code OpcUaSetpointSink#withSetpointValidity}); null: none
 * @param writePolicy       what the job may write: the decision operator and the setpoint sink judge every setpoint
 *                          by it ({@code policy/README.md}); {@link #shippedWritePolicy()} by default
 */
public record GreenhouseJobConfig(OpcUaEndpoint endpoint, int compartments, Duration controlPeriod, Instant endTime,
                                  Path explanationsFile, Path deadLettersFile, Path tagMap,
                                  Duration maxOutOfOrderness, Duration idleness, String plantClock,
                                  String setpointValidity, IdentityPolicy writePolicy) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The job's identity in the write policy unless its configuration names another. */
    public static final String DEFAULT_IDENTITY = "greenhouse-control";

    /** The control period of the greenhouse benchmark: 15 minutes. */
    public static final Duration DEFAULT_CONTROL_PERIOD = Duration.ofMinutes(15);
    /** Default bound on the out-of-orderness of source times: 10 seconds. */
    public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(10);
    /** Default idleness timeout of a source split: 30 seconds of wall-clock time. */
    public static final Duration DEFAULT_IDLENESS = Duration.ofSeconds(30);

    public GreenhouseJobConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(controlPeriod, "controlPeriod");
        Objects.requireNonNull(explanationsFile, "explanationsFile");
        Objects.requireNonNull(deadLettersFile, "deadLettersFile");
        Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
        Objects.requireNonNull(idleness, "idleness");
        Objects.requireNonNull(writePolicy, "greenhouse job: option 'writePolicy' is required");
        if (compartments < 1) {
            throw new IllegalArgumentException("greenhouse job: option 'compartments' must be >= 1, got " + compartments);
        }
        if (controlPeriod.isNegative() || controlPeriod.isZero()) {
            throw new IllegalArgumentException("greenhouse job: option 'controlPeriod' must be positive, got "
                    + controlPeriod);
        }
        if (maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("greenhouse job: option 'maxOutOfOrderness' must not be negative, got "
                    + maxOutOfOrderness);
        }
        if (idleness.isNegative() || idleness.isZero()) {
            throw new IllegalArgumentException("greenhouse job: option 'idleness' must be positive, got " + idleness);
        }
    }

    /**
     * A configuration with the embedded tag map, its plant clock and setpoint validity, the shipped write policy and
     * the default event-time settings.
     */
    public GreenhouseJobConfig(OpcUaEndpoint endpoint, int compartments, Duration controlPeriod, Instant endTime,
                               Path explanationsFile, Path deadLettersFile) {
        this(endpoint, compartments, controlPeriod, endTime, explanationsFile, deadLettersFile, null,
                DEFAULT_MAX_OUT_OF_ORDERNESS, DEFAULT_IDLENESS, GreenhouseTagMap.EMBEDDED_PLANT_CLOCK,
                GreenhouseTagMap.EMBEDDED_SETPOINT_VALIDITY, shippedWritePolicy());
    }

    /** The shipped write policy's rules for {@value #DEFAULT_IDENTITY}. */
    public static IdentityPolicy shippedWritePolicy() {
        return WritePolicy.shipped().identity(DEFAULT_IDENTITY);
    }
}
