package dev.plantctl.jobs.launch;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/**
 * How a job runs, whichever plant it controls: parallelism, checkpoints and restarts. Read from the keys
 * <ul>
 *   <li>{@code parallelism}: the job's default parallelism; absent leaves the cluster's (or the REST request's)</li>
 *   <li>{@code checkpoint.interval} (default {@value #DEFAULT_CHECKPOINT_INTERVAL_TEXT}): how often the job
 *       checkpoints; a restarted job resumes from the latest checkpoint</li>
 *   <li>{@code checkpoint.dir}: where checkpoints go (a URI such as {@code file:///var/plantctl/checkpoints} or
 *       {@code s3://bucket/path}, reachable from the job manager and every task manager); absent leaves the
 *       cluster's {@code execution.checkpointing.dir}</li>
 *   <li>{@code restart.attempts} (default {@value #DEFAULT_RESTART_ATTEMPTS}) and {@code restart.delay} (default
 *       {@value #DEFAULT_RESTART_DELAY_TEXT}): a fixed-delay restart strategy</li>
 * </ul>
 *
 * @param parallelism        the default parallelism, or 0 to leave it to the cluster
 * @param checkpointInterval how often the job checkpoints
 * @param checkpointDir      where checkpoints go, or null for the cluster's setting
 * @param restartAttempts    how many restarts before the job fails
 * @param restartDelay       the wait before each restart
 */
public record JobRuntimeSettings(int parallelism, Duration checkpointInterval, String checkpointDir,
                                 int restartAttempts, Duration restartDelay) {

    /** The default checkpoint interval, as text. */
    public static final String DEFAULT_CHECKPOINT_INTERVAL_TEXT = "10s";
    /** The default checkpoint interval. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    /** The default number of restarts. */
    public static final int DEFAULT_RESTART_ATTEMPTS = 10;
    /** The default wait before a restart, as text. */
    public static final String DEFAULT_RESTART_DELAY_TEXT = "2s";
    /** The default wait before a restart. */
    public static final Duration DEFAULT_RESTART_DELAY = Duration.ofSeconds(2);

    /** Reads the runtime keys of a job configuration file. */
    public static JobRuntimeSettings read(JobConfigFile cfg) {
        return new JobRuntimeSettings(cfg.integer("parallelism", 0, 1),
                cfg.duration("checkpoint.interval", DEFAULT_CHECKPOINT_INTERVAL), cfg.optional("checkpoint.dir"),
                cfg.integer("restart.attempts", DEFAULT_RESTART_ATTEMPTS, 0),
                cfg.duration("restart.delay", DEFAULT_RESTART_DELAY));
    }

    /** Applies the settings to an environment, before the job's graph is added. */
    public void applyTo(StreamExecutionEnvironment env) {
        if (parallelism > 0) {
            env.setParallelism(parallelism);
        }
        Configuration conf = new Configuration();
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        }
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restartAttempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, restartDelay);
        env.configure(conf);
        env.enableCheckpointing(checkpointInterval.toMillis());
    }
}
