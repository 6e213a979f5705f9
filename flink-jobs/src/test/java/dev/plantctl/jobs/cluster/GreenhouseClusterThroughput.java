package dev.plantctl.jobs.cluster;

import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.AppliedSetpoint;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Compartments controlled per wall second by the greenhouse job jar on a {@link FlinkProcessCluster} (a job manager
 * and two task managers of two slots each, spread evenly), at parallelism 1 and 2 on the same cluster in the same run, against a
 * lockstep simulator over OPC UA (the plant steps as soon as every compartment's setpoints arrived, so its pace is
 * the loop's). The figure is compartment-steps over the wall time from the first to the last applied setpoint, which
 * leaves job start-up out. Method and results: {@code BENCHMARKS.md}.
 *
 * <p>Run (after {@code mvn -pl flink-jobs -am install -DskipTests}), from {@code flink-jobs/}, with the
 * {@code --add-open} options of the parent pom's {@code flink.jvm.opens}:
 * <pre>
 * mvn -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java ${flink.jvm.opens} -Dplantctl.job.jar=target/plantctl-flink-jobs-0.1.0-SNAPSHOT-job.jar \
 *   -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *   dev.plantctl.jobs.cluster.GreenhouseClusterThroughput 100 12
 * </pre>
 * Arguments: compartments (default 100) and simulated hours (default 12) per run.
 */
public final class GreenhouseClusterThroughput {

    private static final Duration PERIOD = Duration.ofMinutes(15);
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private GreenhouseClusterThroughput() {
    }

    /** Runs the benchmark and prints one line per parallelism. */
    public static void main(String[] args) throws Exception {
        int compartments = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Path dir = Files.createTempDirectory("plantctl-cluster-bench");
        try (FlinkProcessCluster cluster = FlinkProcessCluster.start(dir.resolve("flink"), 2)) {
            double baseline = 0;
            for (int parallelism : new int[]{1, 2}) {
                double rate = run(cluster, dir.resolve("p" + parallelism), compartments, hours, parallelism);
                baseline = parallelism == 1 ? rate : baseline;
                System.out.printf("parallelism %d: %d compartments x %d steps, %.1f compartments controlled per wall"
                                + " second (%.2f x parallelism 1)%n", parallelism, compartments,
                        Duration.ofHours(hours).dividedBy(PERIOD), rate, rate / baseline);
            }
        }
    }

    private static double run(FlinkProcessCluster cluster, Path dir, int compartments, int hours, int parallelism)
            throws Exception {
        Files.createDirectories(dir);
        Instant start = SyntheticWeather.SEASON_START;
        Instant end = start.plus(Duration.ofHours(hours));
        try (GreenhouseOpcUaServer plant = GreenhouseOpcUaServer.builder().compartments(compartments)
                .clockMode(ClockMode.LOCKSTEP).stepSeconds(PERIOD.toSeconds()).lockstepTimeout(Duration.ofMinutes(3))
                .startTime(start).endTime(end).recordAppliedSetpoints().start()) {
            Path config = GreenhouseClusterJob.writeConfig(dir, plant, compartments, end, null, null,
                    Duration.ofSeconds(10), Duration.ofSeconds(1));
            String job = GreenhouseClusterJob.submit(cluster, config, parallelism);
            GreenhouseClusterJob.awaitFinished(cluster, job, plant, TIMEOUT);
            if (plant.clock().timeoutSteps() > 0) {
                throw new IllegalStateException("the plant stepped " + plant.clock().timeoutSteps()
                        + " times without every setpoint: the figure would not be the loop's pace");
            }
            List<AppliedSetpoint> applied = plant.appliedSetpoints();
            Duration wall = Duration.between(applied.get(0).wallTime(), applied.get(applied.size() - 1).wallTime());
            long steps = Duration.ofHours(hours).dividedBy(PERIOD);
            return compartments * (steps - 1) / (wall.toNanos() / 1e9);
        }
    }
}
