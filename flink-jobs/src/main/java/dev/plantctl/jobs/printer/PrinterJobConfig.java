package dev.plantctl.jobs.printer;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.policy.IdentityPolicy;
import dev.plantctl.policy.WritePolicy;
import dev.plantctl.controllers.printer.ControlLimits;
import dev.plantctl.jobs.common.TelemetryTarget;
import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.models.printer.PrintContext;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link PrinterControlJob} needs.
 *
 * @param broker            the MQTT broker the printers (Moonraker) publish on, with its TLS and credentials; every
 *                          MQTT client of the job (status source, G-code sink, session and ledger) connects so
 * @param clientId          the MQTT client id stem of the job's status session (it connects as {@code <id>-0}), of
 *                          its request publisher ({@code <id>-requests}) and ledger check ({@code <id>-ledger}), and
 *                          the name in its G-code ledger's topic ({@link GcodeLedger#topic})
 * @param job               what every printer prints (material, planned temperature, nominal line)
 * @param limits            the controller's envelope
 * @param expertRegistry    a model registry holding {@code printer-expert} (its latest version is served), or null
 *                          for the shipped expert
 * @param modelTrust        the keys whose signature the registry's expert must carry
 * @param explanationsFile  where explanations go, one JSON line each
 * @param deadLettersFile   where refused status messages go, one JSON line each
 * @param checkpointInterval how often the job checkpoints (the MQTT source acknowledges on checkpoints)
 * @param telemetry         the InfluxDB to write explanations, estimates and actions to, or null for none
 * @param writePolicy       what the job may send: the G-code gate of the decision operator and of the G-code sink
 *                          judges every script by it ({@code policy/README.md}); {@link #shippedWritePolicy()} by
 *                          default
 */
public record PrinterJobConfig(MqttBroker broker, String clientId, PrintContext job, ControlLimits limits,
                               String expertRegistry, ModelTrust modelTrust, String explanationsFile,
                               String deadLettersFile, Duration checkpointInterval, TelemetryTarget telemetry,
                               IdentityPolicy writePolicy) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The job's identity in the write policy unless its configuration names another. */
    public static final String DEFAULT_IDENTITY = "printer-control";

    /** The status topics the job subscribes to. */
    public static final String STATUS_FILTER = "+/klipper/state/#";

    /** @throws IllegalArgumentException naming the option that is missing or wrong */
    public PrinterJobConfig {
        Objects.requireNonNull(broker, "printer job: option 'broker' is required");
        require(clientId, "clientId");
        Objects.requireNonNull(job, "printer job: option 'job' is required");
        Objects.requireNonNull(limits, "printer job: option 'limits' is required");
        Objects.requireNonNull(modelTrust, "printer job: option 'modelTrust' is required");
        Objects.requireNonNull(writePolicy, "printer job: option 'writePolicy' is required");
        require(explanationsFile, "explanationsFile");
        require(deadLettersFile, "deadLettersFile");
        if (checkpointInterval == null || checkpointInterval.toMillis() < 100) {
            throw new IllegalArgumentException("printer job: option 'checkpointInterval' must be >= 100 ms, got "
                    + checkpointInterval);
        }
    }

    /** The shipped write policy's rules for {@value #DEFAULT_IDENTITY}. */
    public static IdentityPolicy shippedWritePolicy() {
        return WritePolicy.shipped().identity(DEFAULT_IDENTITY);
    }

    private static void require(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("printer job: option '" + option + "' is required");
        }
    }
}
