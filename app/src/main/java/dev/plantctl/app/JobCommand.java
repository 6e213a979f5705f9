package dev.plantctl.app;

import dev.plantctl.jobs.launch.PlantctlJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;

/**
 * {@code plantctl job greenhouse --config FILE}: the job jar's main ({@link PlantctlJob}) with the same
 * configuration file, on a local Flink MiniCluster in this process that listens on loopback only, so that what runs
 * here is what a cluster runs.
 */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = {"Runs a control job on a local Flink MiniCluster, exactly as the job jar runs it on a cluster",
                "(same main class, same configuration file; its keys in deploy/README.md)."})
final class JobCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job: ${COMPLETION-CANDIDATES}.",
            completionCandidates = Jobs.class)
    private String job;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The job's configuration file (Java properties).")
    private Path config;

    @Override
    public Integer call() throws Exception {
        PlantctlJob.runLocally(job, config);
        return 0;
    }

    /** The job names, for the help text. */
    static final class Jobs implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PlantctlJob.JOBS.iterator();
        }
    }
}
