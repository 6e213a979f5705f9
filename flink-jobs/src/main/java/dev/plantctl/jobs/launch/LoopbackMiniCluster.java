package dev.plantctl.jobs.launch;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * An in-process Flink MiniCluster that listens on loopback only. Flink's defaults bind the BlobServer
 * ({@code jobmanager.bind-host}) and the REST endpoint and web UI ({@code rest.bind-address}) to every interface, so
 * that anyone on the network could fetch the job's jars and classes or cancel it; this configuration binds the job
 * manager, the task manager and the REST endpoint to {@value #LOOPBACK}. The demo and {@code plantctl job} run on
 * it; a cluster that serves other hosts is configured by its own {@code config.yaml}, not here.
 */
public final class LoopbackMiniCluster {

    /** The address every listener of the local cluster binds to. */
    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackMiniCluster() {
    }

    /** A configuration whose job manager, task manager and REST endpoint bind to {@value #LOOPBACK} only. */
    public static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        return conf;
    }

    /** A local execution environment of the given parallelism on a loopback-only MiniCluster. */
    public static StreamExecutionEnvironment environment(int parallelism) {
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, configuration());
    }
}
