package dev.plantctl.jobs.launch;

import dev.plantctl.connectors.influx.InfluxSink;
import dev.plantctl.jobs.common.TelemetryTarget;

import java.nio.file.Path;

/**
 * The telemetry target of a job configuration file. Keys (relative paths resolved against the file's directory):
 * <ul>
 *   <li>{@code influx.url}, {@code influx.database}: when set, the job writes its telemetry ({@code
 *       dashboards/README.md}) to this InfluxDB without credentials</li>
 *   <li>{@code influx.health.interval}: wall time between two samples of the job's health (default 1 s)</li>
 *   <li>{@code influx.dead.letters.file}: where points InfluxDB refuses go, JSON lines (default
 *       {@value TelemetryTarget#DEFAULT_DEAD_LETTER_FILE} beside {@code dead.letters.file})</li>
 *   <li>{@code influx.spill.dir}: where points wait while InfluxDB is unreachable, a directory on a disk that
 *       outlives a task restart (default {@value TelemetryTarget#DEFAULT_SPILL_DIRECTORY} beside
 *       {@code dead.letters.file})</li>
 *   <li>{@code influx.spill.max.mib}: bound of each subtask's spill in MiB (default 256); when it is full the newest
 *       points are dropped and counted</li>
 * </ul>
 */
public final class TelemetryKeys {

    private TelemetryKeys() {
    }

    /**
     * The telemetry target, or null when the file names no {@code influx.url}.
     *
     * @throws IllegalArgumentException naming the file and the key that is missing or wrong
     */
    public static TelemetryTarget read(JobConfigFile cfg) {
        String url = cfg.optional("influx.url");
        if (url == null) {
            return null;
        }
        String database = cfg.required("influx.database");
        Path beside = cfg.path("dead.letters.file").toAbsolutePath().getParent();
        Path deadLetters = cfg.path("influx.dead.letters.file");
        Path spill = cfg.path("influx.spill.dir");
        long spillMaxBytes = (long) cfg.integer("influx.spill.max.mib",
                (int) (InfluxSink.DEFAULT_SPILL_MAX_BYTES >> 20), 1) << 20;
        TelemetryTarget target = new TelemetryTarget(url, database, null, null,
                cfg.duration("influx.health.interval", TelemetryTarget.DEFAULT_HEALTH_INTERVAL),
                (deadLetters != null ? deadLetters : beside.resolve(TelemetryTarget.DEFAULT_DEAD_LETTER_FILE))
                        .toString(),
                (spill != null ? spill : beside.resolve(TelemetryTarget.DEFAULT_SPILL_DIRECTORY)).toString(),
                spillMaxBytes);
        try {
            target.sink();
        } catch (IllegalArgumentException e) {
            throw cfg.bad("influx.url", e.getMessage());
        }
        return target;
    }
}
