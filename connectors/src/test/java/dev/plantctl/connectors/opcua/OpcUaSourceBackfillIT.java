package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.CollectingSink;
import dev.plantctl.connectors.ExactlyOnceSampleSink;
import dev.plantctl.connectors.FailOnceAfterCheckpoint;
import dev.plantctl.connectors.RestartingEnvironment;
import dev.plantctl.core.RawSample;
import dev.plantctl.testing.Await;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job reads a {@link CounterPlant} (every value moves on every step, the plant steps on whatever the job does) and
 * fails once after a completed checkpoint: the restored source reads what it missed from the server's history, so
 * every node's every value from its first one on reaches the (transactional) sink exactly once and in order. Against
 * a server without history, or with too short a history, the loss is reported as a gap sample per node instead.
 * Each run lasts until the sink committed {@value #STEPS_AFTER_FAILURE} steps past the one the plant was at when the
 * job failed, then the job is cancelled.
 */
@Timeout(180)
class OpcUaSourceBackfillIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int NODES = 3;
    private static final long STEPS_AFTER_FAILURE = 100;
    private static final long LAST_STEP = 1_000_000;
    private static final Duration STEP_INTERVAL = Duration.ofMillis(50);
    private static final String SINK = "opcua-backfill";

    /** The plant's step when the job failed, in the last run. */
    private static volatile long stepAtFailure;

    @Test
    void aRestoredSourceEmitsEveryValueOnceFromTheServersHistory() throws Exception {
        Map<String, List<RawSample>> byNode = runFailingOnce(PushedValuesNamespaceDepth.DEFAULT, true);

        for (int i = 1; i <= NODES; i++) {
            List<RawSample> samples = byNode.get(CounterPlant.nodeId(i));
            assertThat(samples).as("gap samples of n%d", i).noneMatch(OpcUaSource::isGap);
            List<Double> values = samples.stream().map(RawSample::value).toList();
            List<Double> everyStep = new ArrayList<>();
            for (long k = values.get(0).longValue(); k <= values.get(values.size() - 1).longValue(); k++) {
                everyStep.add((double) k);
            }
            assertThat(values).as("values of n%d: each step from the first one on, once, in order", i)
                    .containsExactlyElementsOf(everyStep);
            assertThat(values.get(0)).as("n%d: the committed values begin before the failure", i)
                    .isLessThan(stepAtFailure);
        }
    }

    @Test
    void aServerWithoutHistoryOrWithTooShortAHistoryGetsTheGapReported() throws Exception {
        assertGapReported(PushedValuesNamespaceDepth.NONE, StatusCodes.Bad_HistoryOperationUnsupported);
        assertGapReported(PushedValuesNamespaceDepth.SHORT, StatusCodes.Bad_DataLost);
    }

    @Test
    void withBackfillOffARestoredSourceIsAtMostOnce() throws Exception {
        Map<String, List<RawSample>> byNode = runFailingOnce(PushedValuesNamespaceDepth.DEFAULT, false);

        int spanningTheFailure = 0;
        for (int i = 1; i <= NODES; i++) {
            List<RawSample> samples = byNode.get(CounterPlant.nodeId(i));
            assertThat(samples).as("gap samples of n%d", i).noneMatch(OpcUaSource::isGap);
            List<Double> values = samples.stream().map(RawSample::value).toList();
            if (values.get(0) < stepAtFailure) { // the node had committed values before the failure
                spanningTheFailure++;
                double spanned = values.get(values.size() - 1) - values.get(0) + 1;
                assertThat((double) values.size()).as("n%d: the steps while the job restarted are missing", i)
                        .isLessThan(spanned);
            }
        }
        assertThat(spanningTheFailure).as("nodes with values committed before the failure").isPositive();
    }

    private static void assertGapReported(PushedValuesNamespaceDepth depth, long cause) throws Exception {
        Map<String, List<RawSample>> byNode = runFailingOnce(depth, true);

        for (int i = 1; i <= NODES; i++) {
            List<RawSample> samples = byNode.get(CounterPlant.nodeId(i));
            List<RawSample> gaps = samples.stream().filter(OpcUaSource::isGap).toList();
            assertThat(gaps).as("gap samples of n%d with history depth %d", i, depth.values).hasSize(1);
            RawSample gap = gaps.get(0);
            assertThat(gap.statusCode()).isEqualTo(cause);
            int at = samples.indexOf(gap);
            assertThat(at).as("n%d: values after the gap: %s", i, samples).isLessThan(samples.size() - 1);
            long gapStep = Duration.between(CounterPlant.START, gap.sourceTime()).toSeconds();
            // a node whose first value came after the checkpoint has none before its gap, which starts where the
            // split's earliest node's last value was
            if (at > 0) {
                assertThat(samples.get(at - 1).value()).as("n%d: the gap starts at the last value emitted", i)
                        .isEqualTo((double) gapStep);
            }
            assertThat(samples.get(at + 1).value() - gapStep)
                    .as("steps the gap of n%d spans: readings were lost, and said so", i).isGreaterThan(1);
        }
    }

    /** Values kept per node by the plant's server. */
    private enum PushedValuesNamespaceDepth {
        DEFAULT(1000), NONE(0), SHORT(3);

        final int values;

        PushedValuesNamespaceDepth(int values) {
            this.values = values;
        }
    }

    /**
     * Runs the job with one failure after a checkpoint until the sink committed every node's value of
     * {@value #STEPS_AFTER_FAILURE} steps after the plant's step at the failure; the committed samples per node.
     */
    private static Map<String, List<RawSample>> runFailingOnce(PushedValuesNamespaceDepth depth, boolean backfill)
            throws Exception {
        FailOnceAfterCheckpoint.FAILED.set(false);
        try (CounterPlant plant = CounterPlant.start(NODES, depth.values, LAST_STEP, STEP_INTERVAL)) {
            StreamExecutionEnvironment env = RestartingEnvironment.checkpointingEvery(Duration.ofMillis(300));
            env.setParallelism(1);
            OpcUaSource source = OpcUaSource.builder().endpoint(OpcUaEndpoint.insecure(plant.endpointUrl()))
                    .nodeIds(nodes()).historyBackfill(backfill).build();
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "opcua")
                    .map(FailOnceAfterCheckpoint.<RawSample>afterACheckpointWithData())
                    .returns(TypeInformation.of(RawSample.class))
                    .sinkTo(ExactlyOnceSampleSink.into(SINK));
            JobClient job = env.executeAsync("opcua-backfill");
            try {
                Await.until("the job failed once after a checkpoint", Duration.ofSeconds(120),
                        FailOnceAfterCheckpoint.FAILED::get);
                stepAtFailure = plant.step();
                double target = stepAtFailure + STEPS_AFTER_FAILURE;
                Await.until("every node's value of step " + target + " committed", Duration.ofSeconds(120),
                        () -> nodes().stream().allMatch(n -> CollectingSink.<RawSample>collected(SINK).stream()
                                .anyMatch(s -> s.address().equals(n) && s.value() >= target)));
            } finally {
                job.cancel().get();
            }
        }
        Map<String, List<RawSample>> byNode = new LinkedHashMap<>();
        for (RawSample s : CollectingSink.<RawSample>collected(SINK)) {
            byNode.computeIfAbsent(s.address(), a -> new ArrayList<>()).add(s);
        }
        assertThat(byNode).containsOnlyKeys(nodes());
        return byNode;
    }

    private static List<String> nodes() {
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            nodes.add(CounterPlant.nodeId(i));
        }
        return nodes;
    }
}
