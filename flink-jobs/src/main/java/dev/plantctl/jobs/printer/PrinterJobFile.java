package dev.plantctl.jobs.printer;

import dev.plantctl.controllers.printer.ControlLimits;
import dev.plantctl.jobs.common.TelemetryTarget;
import dev.plantctl.jobs.launch.JobConfigFile;
import dev.plantctl.jobs.launch.JobRuntimeSettings;
import dev.plantctl.jobs.launch.TelemetryKeys;
import dev.plantctl.models.printer.PrintContext;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.nio.file.Path;

/**
 * The printer job as configured by a {@link JobConfigFile}, for {@link dev.plantctl.jobs.launch.PlantctlJob} on a
 * cluster and {@code plantctl job printer} on a local MiniCluster. Keys:
 * <ul>
 *   <li>{@code mqtt.broker} (required): the broker the printers publish on, e.g. {@code tcp://broker:1883};
 *       {@code mqtt.client.id} (default {@value #DEFAULT_CLIENT_ID})</li>
 *   <li>{@code material} (required), {@code hotend.temperature} (°C), {@code line.width} and {@code layer.height}
 *       (mm), all required: what every printer prints</li>
 *   <li>{@code expert.registry}: a model registry holding {@code printer-expert}; absent for the shipped expert</li>
 *   <li>{@code explanations.file} and {@code dead.letters.file} (required), {@code influx.url},
 *       {@code influx.database} and the other telemetry keys of {@link TelemetryKeys}, as for the greenhouse
 *       job</li>
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
        String broker = cfg.required("mqtt.broker");
        String clientId = cfg.optional("mqtt.client.id");
        PrintContext context;
        try {
            context = new PrintContext(cfg.required("material"), number(cfg, "hotend.temperature"),
                    number(cfg, "line.width"), number(cfg, "layer.height"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job configuration " + cfg.file() + ": " + e.getMessage(), e);
        }
        Path registry = cfg.path("expert.registry");
        cfg.required("explanations.file");
        cfg.required("dead.letters.file");
        TelemetryTarget telemetry = TelemetryKeys.read(cfg);
        JobRuntimeSettings runtime = JobRuntimeSettings.read(cfg);
        cfg.requireOnlyKnownKeys();
        PrinterJobConfig job;
        try {
            job = new PrinterJobConfig(broker, clientId == null ? DEFAULT_CLIENT_ID : clientId, context,
                    ControlLimits.DEFAULTS, registry == null ? null : registry.toString(),
                    cfg.path("explanations.file").toString(), cfg.path("dead.letters.file").toString(),
                    runtime.checkpointInterval(), telemetry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job configuration " + cfg.file() + ": " + e.getMessage(), e);
        }
        return new PrinterJobFile(job, runtime);
    }

    /**
     * Creates the job's persistent MQTT session on the broker (so that no status published from now on is lost),
     * configures the environment and adds the job's graph.
     *
     * @throws IllegalArgumentException naming the broker when it refuses or cannot be reached
     */
    public void addTo(StreamExecutionEnvironment env) {
        try {
            PrinterMqttSession.create(job);
        } catch (MqttException e) {
            throw new IllegalArgumentException("printer job: MQTT broker " + job.brokerUrl() + ": " + e.getMessage(),
                    e);
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
