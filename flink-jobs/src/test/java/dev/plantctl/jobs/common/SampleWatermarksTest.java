package dev.plantctl.jobs.common;

import dev.plantctl.core.RawSample;
import dev.plantctl.ingestion.ArrivalHistory;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples' watermark policy, driven with a manual input-activity clock: the watermark trails the latest
 * source time by the bound, and a split that stays silent for the idleness timeout is marked idle (so it stops
 * holding back the watermark of the others) until its next sample.
 */
class SampleWatermarksTest {

    private static final Instant T = Instant.parse("2026-02-01T00:00:00Z");

    /** Records what the generator emits. */
    private static final class Output implements WatermarkOutput {
        long watermark = Long.MIN_VALUE;
        boolean idle;

        @Override
        public void emitWatermark(Watermark w) {
            watermark = w.getTimestamp();
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    private static RawSample sample(Instant time) {
        return new RawSample("opc.tcp://x", "ns=2;s=c1/co2", 400, "Double", time, null, 0);
    }

    @Test
    void theWatermarkTrailsTheLatestSourceTimeAndASilentSplitTurnsIdle() {
        ManualClock clock = new ManualClock();
        WatermarkStrategy<RawSample> strategy = SampleWatermarks.strategy(Duration.ofSeconds(10), Duration.ofSeconds(30));
        WatermarkGenerator<RawSample> generator = strategy.createWatermarkGenerator(
                new WatermarkGeneratorSupplier.Context() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup();
                    }

                    @Override
                    public RelativeClock getInputActivityClock() {
                        return clock;
                    }
                });
        long ts = strategy.createTimestampAssigner(null).extractTimestamp(sample(T), Long.MIN_VALUE);
        assertThat(ts).isEqualTo(T.toEpochMilli());

        Output out = new Output();
        generator.onEvent(sample(T), ts, out);
        generator.onPeriodicEmit(out);
        assertThat(out.watermark).isEqualTo(T.toEpochMilli() - 10_000 - 1);
        assertThat(out.idle).isFalse();

        clock.advanceTime(200, TimeUnit.MILLISECONDS);
        generator.onPeriodicEmit(out);
        assertThat(out.idle).as("the first periodic check without samples starts the inactivity clock").isFalse();
        clock.advanceTime(29, TimeUnit.SECONDS);
        generator.onPeriodicEmit(out);
        assertThat(out.idle).as("silent for less than the idleness timeout").isFalse();
        clock.advanceTime(2, TimeUnit.SECONDS);
        generator.onPeriodicEmit(out);
        assertThat(out.idle).as("silent for longer than the idleness timeout").isTrue();

        Instant next = T.plus(Duration.ofMinutes(15));
        generator.onEvent(sample(next), next.toEpochMilli(), out);
        generator.onPeriodicEmit(out);
        assertThat(out.idle).isFalse();
        assertThat(out.watermark).isEqualTo(next.toEpochMilli() - 10_000 - 1);
    }

    @Test
    void arrivalHistoriesAreFlinkPojosSoKeyedStateNeedsNoGenericSerializer() {
        assertThat(TypeInformation.of(ArrivalHistory.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
