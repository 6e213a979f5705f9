package dev.plantctl.connectors;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/** The tests' job environment: checkpoints every {@code interval}, and a few quick restarts after a failure. */
public final class RestartingEnvironment {

    private RestartingEnvironment() {
    }

    /** An environment that checkpoints every {@code interval} and restarts up to 5 times, 200 ms apart. */
    public static StreamExecutionEnvironment checkpointingEvery(Duration interval) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(interval.toMillis());
        return env;
    }
}
