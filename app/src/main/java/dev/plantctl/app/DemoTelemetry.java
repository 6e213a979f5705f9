package dev.plantctl.app;

import dev.plantctl.connectors.influx.InfluxSinkReport;
import dev.plantctl.jobs.common.TelemetryTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The telemetry part of a demo run with {@code --influx}: the target with its dead-letter file and spill in the
 * plant's output directory, and afterwards what happened to the points, for summary.json and the terminal.
 */
final class DemoTelemetry {

    private DemoTelemetry() {
    }

    /**
     * The target of a demo: the dead-letter file ({@value TelemetryTarget#DEFAULT_DEAD_LETTER_FILE}) and the spill
     * ({@value TelemetryTarget#DEFAULT_SPILL_DIRECTORY}) in the plant's output directory.
     */
    static TelemetryTarget target(String url, String database, Path plantDir) {
        return TelemetryTarget.withoutCredentials(url, plantDir).withDatabase(database);
    }

    /**
     * Creates the database unless it exists and removes the dead-letter file of an earlier run, so that the file
     * holds this run's refusals only. A spill an earlier run left is kept: this run drains it first.
     *
     * @throws IllegalStateException when InfluxDB cannot be reached or refuses to create the database
     */
    static void prepare(TelemetryTarget target) throws IOException {
        target.createDatabase();
        Files.deleteIfExists(target.deadLetterPath());
    }

    /**
     * What happened to the telemetry of this run.
     *
     * @param json     the {@code telemetry} object of summary.json
     * @param problems one sentence per failure (refused points and why, outages, drops), empty when all landed
     */
    record Outcome(Map<String, Object> json, List<String> problems) { }

    /** Reads the reports the sink's writers left in the spill directory. */
    static Outcome outcome(TelemetryTarget target) throws IOException {
        InfluxSinkReport report = InfluxSinkReport.read(target.spillPath());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("influx", target.url());
        json.put("database", target.database());
        if (report == null) {
            String problem = "telemetry: the InfluxDB sink left no report in " + target.spillPath()
                    + "; what happened to the points is unknown";
            json.put("problems", List.of(problem));
            return new Outcome(json, List.of(problem));
        }
        json.put("points_written", report.pointsWritten());
        json.put("points_dead_lettered", report.pointsDeadLettered());
        json.put("dead_letter_file", target.deadLetterFile());
        json.put("refusals", report.refusals());
        json.put("points_spilled", report.pointsSpilled());
        json.put("points_drained", report.pointsDrained());
        json.put("points_left_in_spill", report.pointsInSpill());
        json.put("spill_directory", target.spillDirectory());
        json.put("points_dropped", report.pointsDropped());
        json.put("outages", report.outages());
        json.put("unreachable_seconds", Math.round(report.unreachableMillis() / 100.0) / 10.0);
        json.put("last_outage_cause", report.lastOutageCause());
        json.put("problems", report.problems());
        return new Outcome(json, report.problems());
    }
}
