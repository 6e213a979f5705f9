package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.FailOnceAfterCheckpoint;
import dev.plantctl.connectors.RestartingEnvironment;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Setpoint;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.AppliedSetpoint;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import dev.plantctl.testing.Await;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job that writes setpoints to the greenhouse simulator through {@link OpcUaSetpointSink} fails once after a
 * checkpoint and is restored from it: every fresh setpoint still reaches the plant, and no setpoint that had expired
 * when it reached the sink is ever applied, before the failure, during the replay or after.
 */
@Timeout(180)
class OpcUaSetpointSinkRestartIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    /** Fresh decision {@code i} sets heating to {@code i} W/m²; a stale one to {@code i + 0.5}. */
    private static final int DECISIONS = 120;

    @Test
    void afterAFailureAndRestoreEveryFreshSetpointIsAppliedAndNoExpiredOne() throws Exception {
        FailOnceAfterCheckpoint.FAILED.set(false);
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(1)
                .clockMode(ClockMode.ACCELERATED).accelerationFactor(60).stepSeconds(60).recordAppliedSetpoints()
                .start()) {
            StreamExecutionEnvironment env = environment();
            env.fromSource(new DataGeneratorSource<>(i -> i, DECISIONS, RateLimiterStrategy.perSecond(40),
                            Types.LONG), WatermarkStrategy.noWatermarks(), "indices")
                    .flatMap(new ToDecisions())
                    .assignTimestampsAndWatermarks(WatermarkStrategy.<Decision>forGenerator(c -> new EachDecision())
                            .withTimestampAssigner((d, t) -> d.time().toEpochMilli()))
                    .map(new FailOnceAfterCheckpoint<>())
                    .sinkTo(new OpcUaSetpointSink(OpcUaEndpoint.insecure(server.endpointUrl()),
                            s -> "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
                                    + GreenhouseSignals.nodeIdentifier(s.unitId(), s.actuator()),
                            TestPolicies.permissive()));
            env.execute("setpoints-across-a-restart");

            Await.until("the plant applied the last setpoint", Duration.ofSeconds(30),
                    () -> heating(server).contains((double) DECISIONS - 1));
            Set<Double> applied = heating(server);
            assertThat(FailOnceAfterCheckpoint.FAILED).as("the job failed once after a checkpoint").isTrue();
            assertThat(applied).as("no expired setpoint applied").noneMatch(v -> v % 1 != 0);
            for (int i = 0; i < DECISIONS; i++) {
                assertThat(applied).as("fresh setpoint " + i).contains((double) i);
            }
        }
    }

    private static Set<Double> heating(GreenhouseOpcUaServer server) {
        Set<Double> values = new TreeSet<>();
        for (AppliedSetpoint s : server.appliedSetpoints()) {
            if (s.actuator().equals(GreenhouseSignals.HEATING)) {
                values.add(s.value());
            }
        }
        return values;
    }

    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = RestartingEnvironment.checkpointingEvery(Duration.ofMillis(200));
        env.setParallelism(1);
        return env;
    }

    /**
     * Decision {@code i} at {@code T0 + i} minutes, valid 90 s; every fourth is followed by a stale copy, a setpoint
     * that expired an hour before {@code T0}, as a late retransmission would be.
     */
    static final class ToDecisions implements FlatMapFunction<Long, Decision> {
        @Override
        public void flatMap(Long i, Collector<Decision> out) {
            Instant time = T0.plusSeconds(60 * i);
            out.collect(decision("fresh-" + i, time, i, time.plusSeconds(90)));
            if (i % 4 == 3) {
                out.collect(decision("stale-" + i, time, i + 0.5, T0.minusSeconds(3600)));
            }
        }

        private static Decision decision(String id, Instant time, double heating, Instant expiry) {
            Setpoint s = new Setpoint(id, "greenhouse", "c1", GreenhouseSignals.HEATING, heating, "W/m2",
                    T0.minusSeconds(86_400), expiry);
            return new Decision("greenhouse", "c1", time, List.of(s), new Explanation(time, "greenhouse", "c1",
                    "test", "test/1", Map.of(), List.of(), 0, List.of(), "restart test", List.of()));
        }
    }

    /** A watermark at each decision's time, right after it: the sink always knows how late it is. */
    static final class EachDecision implements WatermarkGenerator<Decision> {
        @Override
        public void onEvent(Decision decision, long timestamp, WatermarkOutput output) {
            output.emitWatermark(new Watermark(timestamp));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }
}
