package dev.plantctl.jobs.launch;

import dev.plantctl.jobs.greenhouse.GreenhouseJobFile;
import dev.plantctl.jobs.printer.PrinterJobFile;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.List;

/**
 * The entry point of the job jar: {@code <job> --config <file>}, where {@code job} is one of {@link #JOBS}. The same
 * main runs on a cluster ({@code flink run}, the REST API's {@code /jars/:id/run}, a Kubernetes
 * {@code FlinkDeployment}); {@code plantctl job} runs the same graph on a local MiniCluster that listens on loopback
 * only ({@link #runLocally}).
 */
public final class PlantctlJob {

    /** The jobs this main runs. */
    public static final List<String> JOBS = List.of("greenhouse", "printer");

    private PlantctlJob() {
    }

    /**
     * Builds the named job from its configuration file and executes it.
     *
     * @throws IllegalArgumentException when the arguments or the configuration file are wrong, naming what
     */
    public static void main(String[] args) throws Exception {
        run(jobName(args), configFile(args));
    }

    /**
     * Builds the named job from its configuration file and executes it in Flink's environment: the cluster's when
     * submitted, a local MiniCluster with Flink's default listeners otherwise ({@link #runLocally} binds them to
     * loopback). Returns when the job ends (a bounded one) or, on a cluster in detached mode, once it is submitted.
     *
     * @throws IllegalArgumentException when the job is unknown or the configuration file is wrong, naming what
     */
    public static void run(String job, Path config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        addJob(env, job, config);
        env.execute("plantctl " + job);
    }

    /**
     * Builds the named job from its configuration file and executes it on an in-process MiniCluster whose listeners
     * (BlobServer, REST endpoint, RPC) are bound to loopback ({@link LoopbackMiniCluster}). Returns when the job ends.
     *
     * @throws IllegalArgumentException when the job is unknown or the configuration file is wrong, naming what
     */
    public static void runLocally(String job, Path config) throws Exception {
        // Flink's local default: one slot per core, unless the file's parallelism key says otherwise.
        StreamExecutionEnvironment env = LoopbackMiniCluster.environment(Runtime.getRuntime().availableProcessors());
        addJob(env, job, config);
        env.execute("plantctl " + job);
    }

    /**
     * Adds the named job's graph, configured by the file, to the environment.
     *
     * @throws IllegalArgumentException when the job is unknown or the file is wrong, naming what
     */
    public static void addJob(StreamExecutionEnvironment env, String job, Path config) {
        switch (job) {
            case "greenhouse" -> GreenhouseJobFile.read(config).addTo(env);
            case "printer" -> PrinterJobFile.read(config).addTo(env);
            default -> throw new IllegalArgumentException("plantctl job: unknown job '" + job + "'; jobs: " + JOBS);
        }
    }

    private static String jobName(String[] args) {
        if (args.length != 3 || !args[1].equals("--config")) {
            throw new IllegalArgumentException("usage: PlantctlJob <" + String.join("|", JOBS)
                    + "> --config <file>; got " + List.of(args));
        }
        return args[0];
    }

    private static Path configFile(String[] args) {
        return Path.of(args[2]);
    }
}
