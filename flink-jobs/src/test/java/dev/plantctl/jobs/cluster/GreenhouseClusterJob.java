package dev.plantctl.jobs.cluster;

import dev.plantctl.jobs.launch.PlantctlJob;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import dev.plantctl.testing.Await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The greenhouse job as a user submits it to a {@link FlinkProcessCluster}: a configuration file, the job jar that
 * Maven packaged (system property {@value #JAR_PROPERTY}), {@code POST /jars/upload} and {@code /jars/:id/run}.
 */
final class GreenhouseClusterJob {

    /** The system property that names the job jar; failsafe sets it. */
    static final String JAR_PROPERTY = "plantctl.job.jar";

    private GreenhouseClusterJob() {
    }

    /**
     * Writes the job's configuration file into the directory.
     *
     * @param influxUrl InfluxDB for the telemetry, or null for none
     */
    static Path writeConfig(Path dir, GreenhouseOpcUaServer plant, int compartments, Instant end, String influxUrl,
                            String database, Duration checkpointInterval, Duration restartDelay) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "opcua.endpoint=" + plant.endpointUrl(),
                "opcua.security=none",
                "compartments=" + compartments,
                "end.time=" + end,
                "explanations.file=" + dir.resolve("explanations.jsonl"),
                "dead.letters.file=" + dir.resolve("dead-letters.jsonl"),
                "checkpoint.interval=" + checkpointInterval.toMillis() + "ms",
                "restart.delay=" + restartDelay.toMillis() + "ms",
                "restart.attempts=5"));
        if (influxUrl != null) {
            lines.add("influx.url=" + influxUrl);
            lines.add("influx.database=" + database);
        }
        return Files.write(dir.resolve("greenhouse.properties"), lines);
    }

    /** Uploads the job jar and runs the greenhouse job with the configuration; returns the job id. */
    static String submit(FlinkProcessCluster cluster, Path config, int parallelism) throws IOException {
        String property = System.getProperty(JAR_PROPERTY);
        if (property == null || !Files.isRegularFile(Path.of(property))) {
            throw new IllegalStateException("the job jar is missing: system property " + JAR_PROPERTY + " = "
                    + property + " (mvn -pl flink-jobs package builds it)");
        }
        String jarId = cluster.rest().upload(Path.of(property));
        return cluster.rest().run(jarId, PlantctlJob.class.getName(),
                List.of("greenhouse", "--config", config.toString()), parallelism);
    }

    /**
     * Waits until the job finished.
     *
     * @throws AssertionError when it failed or was cancelled, with its latest failure and the processes' logs
     */
    static void awaitFinished(FlinkProcessCluster cluster, String job, GreenhouseOpcUaServer plant,
                              Duration timeout) {
        Await.until("job " + job + " finished", timeout, () -> {
            String state = cluster.rest().jobState(job);
            if (state.equals("FAILED") || state.equals("CANCELED")) {
                throw new AssertionError("job " + state + ": " + cluster.rest().latestFailure(job) + "\n"
                        + cluster.logTails());
            }
            return state.equals("FINISHED");
        }, () -> describe(cluster, job, plant));
    }

    /** The job's state, restarts and checkpoints, the plant's time and the processes' logs, for failure messages. */
    static String describe(FlinkProcessCluster cluster, String job, GreenhouseOpcUaServer plant) {
        return "job " + cluster.rest().jobState(job) + ", restarts " + cluster.rest().restarts(job)
                + ", checkpoints " + cluster.rest().completedCheckpoints(job) + ", plant at " + plant.simulatedTime()
                + " after " + plant.clock().timeoutSteps() + " steps without every setpoint, writes accepted "
                + plant.writesAccepted() + ", refused " + plant.writesRejected() + "\n" + cluster.logTails();
    }
}
