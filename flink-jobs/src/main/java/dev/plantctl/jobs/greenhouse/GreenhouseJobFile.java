package dev.plantctl.jobs.greenhouse;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.jobs.common.TelemetryTarget;
import dev.plantctl.jobs.launch.JobConfigFile;
import dev.plantctl.jobs.launch.JobRuntimeSettings;
import dev.plantctl.jobs.launch.ModelTrustKeys;
import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.jobs.launch.OpcUaEndpointKeys;
import dev.plantctl.jobs.launch.WritePolicyKeys;
import dev.plantctl.jobs.launch.TelemetryKeys;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/**
 * The greenhouse job as configured by a {@link JobConfigFile}: the same file runs it on a cluster (through
 * {@link dev.plantctl.jobs.launch.PlantctlJob}) and on a local MiniCluster ({@code plantctl job greenhouse}).
 *
 * <p>Keys (durations as {@code PT15M}, {@code 500ms}, {@code 10s}, {@code 15min} or {@code 2h}; relative paths are
 * resolved against the file's directory, and every path must be readable or writable on every task manager):
 * <ul>
 *   <li>{@code opcua.endpoint}, {@code opcua.security} (both required) and the other {@code opcua.*} keys of
 *       {@link OpcUaEndpointKeys}: the greenhouse's OPC UA server, secure unless the file says
 *       {@code opcua.security=none}</li>
 *   <li>{@code compartments} (required): compartments c1..cN</li>
 *   <li>{@code tagmap}: the tag map file; absent for the embedded one</li>
 *   <li>{@code opcua.setpoint.validity}: the node, {@code {unit}} standing for the compartment, that takes each
 *       decision's expiry in the same Write request as its setpoints, so that the plant refuses them once its time
 *       passed it, or {@code none}; default: the simulator's {@code {unit}/setpoint_valid_until} with the embedded
 *       tag map, none with another</li>
 *   <li>{@code opcua.plant.clock}: the node the setpoint writer reads the plant's time from before each write,
 *       dropping setpoints the plant has moved past and timing the write policy's rates of change (a DateTime
 *       variable, or any variable whose source timestamp is the plant's time; {@code i=2258}, the server's
 *       CurrentTime, for a plant on wall-clock time), or {@code none}; default: the simulator's {@code greenhouse/clock}
 *       with the embedded tag map, none with another (rates are then timed by the watermark plus two control
 *       periods)</li>
 *   <li>{@code control.period} (default {@code PT15M}), {@code end.time} (ISO instant; absent runs forever),
 *       {@code max.out.of.orderness} (default 10 s), {@code idleness} (default 30 s)</li>
 *   <li>{@code explanations.file} and {@code dead.letters.file} (required): JSON lines</li>
 *   <li>{@code influx.url}, {@code influx.database}: when set, the job writes its telemetry (readings, decisions,
 *       health: {@code dashboards/README.md}) to this InfluxDB without credentials; {@code influx.health.interval},
 *       {@code influx.dead.letters.file}, {@code influx.spill.dir}, {@code influx.spill.max.mib}: see
 *       {@link TelemetryKeys}</li>
 *   <li>{@code dynamics.registry}: serve the learned dynamics ensemble from this model registry;
 *       {@code dynamics.check.interval} (default 30 s), {@code dynamics.threads} (default 1); every version must be
 *       signed by a key that {@code models.trusted.keys} and {@code models.allow.unsigned}
 *       ({@link ModelTrustKeys}) trust</li>
 *   <li>{@code write.policy}, {@code write.policy.identity} ({@link WritePolicyKeys}): what the job may write;
 *       the shipped policy's {@code greenhouse-control} by default</li>
 *   <li>the runtime keys of {@link JobRuntimeSettings}: parallelism, checkpoints, restarts</li>
 * </ul>
 *
 * @param job      the job's configuration
 * @param runtime  parallelism, checkpointing and restarts
 * @param dynamics where the dynamics ensemble is served from, or null for none
 * @param telemetry where the job writes its telemetry, or null for none
 */
public record GreenhouseJobFile(GreenhouseJobConfig job, JobRuntimeSettings runtime, DynamicsServing dynamics,
                                TelemetryTarget telemetry) {

    /**
     * Reads the greenhouse job's configuration.
     *
     * @throws IllegalArgumentException naming the file and the key that is missing, malformed or unknown
     */
    public static GreenhouseJobFile read(Path file) {
        JobConfigFile cfg = JobConfigFile.read(file);
        OpcUaEndpoint endpoint = OpcUaEndpointKeys.read(cfg);
        cfg.required("compartments");
        GreenhouseJobConfig job;
        try {
            job = new GreenhouseJobConfig(endpoint, cfg.integer("compartments", 1, 1),
                    cfg.duration("control.period", GreenhouseJobConfig.DEFAULT_CONTROL_PERIOD), cfg.instant("end.time"),
                    requiredPath(cfg, "explanations.file"), requiredPath(cfg, "dead.letters.file"), cfg.path("tagmap"),
                    cfg.duration("max.out.of.orderness", GreenhouseJobConfig.DEFAULT_MAX_OUT_OF_ORDERNESS),
                    cfg.duration("idleness", GreenhouseJobConfig.DEFAULT_IDLENESS),
                    embeddedDefault(cfg, "opcua.plant.clock", GreenhouseTagMap.EMBEDDED_PLANT_CLOCK),
                    embeddedDefault(cfg, "opcua.setpoint.validity", GreenhouseTagMap.EMBEDDED_SETPOINT_VALIDITY),
                    WritePolicyKeys.read(cfg, GreenhouseJobConfig.DEFAULT_IDENTITY));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job configuration " + cfg.file() + ": " + e.getMessage(), e);
        }
        JobRuntimeSettings runtime = JobRuntimeSettings.read(cfg);
        ModelTrust trust = ModelTrustKeys.read(cfg);
        DynamicsServing dynamics = null;
        Path registry = cfg.path("dynamics.registry");
        if (registry != null) {
            dynamics = new DynamicsServing(registry.toString(),
                    cfg.duration("dynamics.check.interval", DynamicsServing.DEFAULT_CHECK_INTERVAL),
                    cfg.integer("dynamics.threads", 1, 1), trust);
        }
        TelemetryTarget telemetry = TelemetryKeys.read(cfg);
        cfg.requireOnlyKnownKeys();
        return new GreenhouseJobFile(job, runtime, dynamics, telemetry);
    }

    /** Configures the environment and adds the job's graph with the rule-based controller. */
    public void addTo(StreamExecutionEnvironment env) {
        runtime.applyTo(env);
        GreenhouseControlJob.build(env, job, GreenhouseControlJob.ruleBasedController(job.controlPeriod()), dynamics,
                telemetry);
    }

    /** A node key's value: {@code none} for null, and when absent the embedded address space's node if in use. */
    private static String embeddedDefault(JobConfigFile cfg, String key, String embedded) {
        String value = cfg.optional(key);
        if (value == null) {
            return cfg.path("tagmap") == null ? embedded : null;
        }
        return value.equals("none") ? null : value;
    }

    private static Path requiredPath(JobConfigFile cfg, String key) {
        cfg.required(key);
        return cfg.path(key);
    }
}
