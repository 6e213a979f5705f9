package dev.plantctl.jobs.printer;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.controllers.printer.ControlLimits;
import dev.plantctl.jobs.common.TelemetryTarget;
import dev.plantctl.jobs.launch.JobConfigFile;
import dev.plantctl.jobs.launch.JobRuntimeSettings;
import dev.plantctl.jobs.launch.ModelTrustKeys;
import dev.plantctl.jobs.launch.WritePolicyKeys;
import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.jobs.launch.MqttBrokerKeys;
import dev.plantctl.jobs.launch.TelemetryKeys;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.policy.IdentityPolicy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The printer job as configured by a {@link JobConfigFile}, for {@link dev.plantctl.jobs.launch.PlantctlJob} on a
 * cluster and {@code plantctl job printer} on a local MiniCluster. Keys:
 * <ul>
 *   <li>the broker the printers publish on, TLS and credentials required unless {@code mqtt.security=insecure}:
 *       the keys of {@link MqttBrokerKeys} ({@code mqtt.broker}, {@code mqtt.user}, {@code mqtt.password.file} …);
 *       {@code mqtt.client.id} (default {@value #DEFAULT_CLIENT_ID})</li>
 *   <li>{@code material} (required), {@code hotend.temperature} (°C), {@code line.width} and {@code layer.height}
 *       (mm), all required: what every printer prints</li>
 *   <li>{@code expert.registry}: a model registry holding {@code printer-expert}; absent for the shipped expert.
 *       Its versions must be signed by a key that {@code models.trusted.keys} and {@code models.allow.unsigned}
 *       ({@link ModelTrustKeys}) trust</li>
 *   <li>{@code explanations.file} and {@code dead.letters.file} (required), {@code influx.url},
 *       {@code influx.database} and the other telemetry keys of {@link TelemetryKeys}, as for the greenhouse
 *       job</li>
 *   <li>{@code write.policy}, {@code write.policy.identity} ({@link WritePolicyKeys}): what the job may send;
 *       the shipped policy's {@code printer-control} by default</li>
 *   <li>the runtime keys of {@link JobRuntimeSettings}; the checkpoint interval also paces the MQTT source's
 *       acknowledgements</li>
 * </ul>
 * The controller's envelope is {@link ControlLimits#DEFAULTS}.
 *
 * @param job     the job's configuration
 * @param runtime parallelism, checkpointing and restarts
 */
public record PrinterJobFile(PrinterJobConfig job, JobRuntimeSettings runtime) {

    /** The default MQTT client id stem. */
    public static final String DEFAULT_CLIENT_ID = "plantctl-printer";

    /**
     * Reads the printer job's configuration.
     *
     * @throws IllegalArgumentException naming the file and the key that is missing, malformed or unknown
     */
    public static PrinterJobFile read(Path file) {
        JobConfigFile cfg = JobConfigFile.read(file);
        MqttBroker broker = MqttBrokerKeys.read(cfg);
        String clientId = cfg.optional("mqtt.client.id");
        PrintContext context;
        try {
            context = new PrintContext(cfg.required("material"), number(cfg, "hotend.temperature"),
                    number(cfg, "line.width"), number(cfg, "layer.height"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job configuration " + cfg.file() + ": " + e.getMessage(), e);
        }
        Path registry = cfg.path("expert.registry");
        ModelTrust trust = ModelTrustKeys.read(cfg);
        cfg.required("explanations.file");
        cfg.required("dead.letters.file");
        TelemetryTarget telemetry = TelemetryKeys.read(cfg);
        JobRuntimeSettings runtime = JobRuntimeSettings.read(cfg);
        IdentityPolicy policy = WritePolicyKeys.read(cfg, PrinterJobConfig.DEFAULT_IDENTITY);
        cfg.requireOnlyKnownKeys();
        PrinterJobConfig job;
        try {
            job = new PrinterJobConfig(broker, clientId == null ? DEFAULT_CLIENT_ID : clientId, context,
                    ControlLimits.DEFAULTS, registry == null ? null : registry.toString(), trust,
                    cfg.path("explanations.file").toString(), cfg.path("dead.letters.file").toString(),
                    runtime.checkpointInterval(), telemetry, policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job configuration " + cfg.file() + ": " + e.getMessage(), e);
        }
        return new PrinterJobFile(job, runtime);
    }

    /**
     * Creates the job's persistent MQTT session on the broker (so that no status published from now on is lost) and
     * its G-code ledger unless an earlier job left one, configures the environment and adds the job's graph.
     *
     * @throws IllegalArgumentException naming the broker when it refuses or cannot be reached, or naming the ledger's
     *                                  topic and entry when the ledger an earlier job left fails its check
     */
    public void addTo(StreamExecutionEnvironment env) {
        try {
            PrinterMqttSession.create(job);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        runtime.applyTo(env);
        PrinterControlJob.build(env, job);
    }

    private static double number(JobConfigFile cfg, String key) {
        String value = cfg.required(key);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw cfg.bad(key, "must be a number, got '" + value + "'");
        }
    }
}
