package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.opcua.internal.OpcUaSourceReader;
import dev.plantctl.connectors.opcua.internal.OpcUaSourceSettings;
import dev.plantctl.connectors.internal.RoundRobinSplitEnumerator;
import dev.plantctl.connectors.opcua.internal.OpcUaSplitSerializer;
import dev.plantctl.core.RawSample;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A FLIP-27 source of OPC UA data changes: one subscription per split, one {@link RawSample} per
 * notification, stamped with the server's source timestamp as the record's event time.
 *
 * <p>Nodes are cut into as few splits of at most {@code nodesPerSplit} nodes as possible, of equal size within one
 * node, spread over the readers, so a source with parallelism greater than one shares the load. Every notification is emitted, including Bad and
 * Uncertain ones (their status travels with the sample, for ingestion to judge).
 *
 * <p>Delivery guarantee: exactly-once per historized value, across restores and outages, with every loss reported.
 * Each split checkpoints, per node, the source time of the last value it emitted. A reader restored from a checkpoint,
 * and a reader whose connection comes back after an outage, first reads each node's values since that time from the
 * server's history (OPC UA HistoryRead of raw values, continuation points followed) and emits them in source-time
 * order, then the live values, which it held back meanwhile; any value not newer than a node's last emitted one is
 * dropped ({@link Builder#historyBackfill}, on by default). What a server does not historize, or no longer keeps, is
 * lost and reported as a <em>gap</em>: one sample per node concerned with value type {@value #GAP_VALUE_TYPE}, a Bad
 * status code as cause (the outage's: Bad_ConnectionClosed when the connection dropped and the subscription survived,
 * the transfer's status when it did not, Bad_NoCommunication when the server lost notifications; after a restore the
 * history's refusal, e.g. Bad_HistoryOperationUnsupported, or Bad_DataLost when the history starts after the last
 * emitted value), the node's last emitted source time as source time and the time data resumed as server time
 * ({@link #isGap}), so downstream marks the readings in between stale (ingestion turns a Bad status into a dead
 * letter, and the observation assembler flags the tag stale); the history the server still has follows the gap. With
 * backfill off the source is at-most-once: after a restart it subscribes again and the servers send each node's
 * current value (nothing reported), and each outage is reported as a gap on every node. While the job runs, a lost
 * connection is not a failure: the client reconnects with capped exponential backoff and transfers the
 * subscription, or, when the transfer fails (the server restarted), creates the subscription again. The first
 * connection failing fails the task, with a message that names the endpoint. Metrics: {@code samplesWithBadStatus},
 * {@code gaps}, {@code lastGapMillis}, {@code samplesBackfilled}, {@code samplesAlreadyEmitted}.
 *
 * <p>Bounded mode ({@link Builder#endTime}) ends the source once every node has delivered a value stamped at
 * or after the end time: a run against a simulator ends by itself.
 */
public final class OpcUaSource implements Source<RawSample, OpcUaSplit, List<OpcUaSplit>> {

    private static final long serialVersionUID = 1L;

    /** Default sampling interval of the monitored items. */
    public static final Duration DEFAULT_SAMPLING_INTERVAL = Duration.ofMillis(20);
    /** Default publishing interval of the subscription. */
    public static final Duration DEFAULT_PUBLISHING_INTERVAL = Duration.ofMillis(20);
    /** Default queue size per monitored item on the server. */
    public static final int DEFAULT_QUEUE_SIZE = 10;
    /** Default number of nodes per split. */
    public static final int DEFAULT_NODES_PER_SPLIT = 500;

    /** The value type of the samples that report a gap. */
    public static final String GAP_VALUE_TYPE = OpcUaSourceReader.GAP_VALUE_TYPE;

    private final List<OpcUaSplit> splits;
    private final OpcUaSourceSettings settings;

    private OpcUaSource(List<OpcUaSplit> splits, OpcUaSourceSettings settings) {
        this.splits = splits;
        this.settings = settings;
    }

    /** True when the sample reports a gap (an outage of its node's subscription) rather than a value. */
    public static boolean isGap(RawSample sample) {
        return OpcUaSourceReader.isGap(sample);
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Boundedness getBoundedness() {
        return settings.endTime() == null ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawSample, OpcUaSplit> createReader(SourceReaderContext readerContext) {
        return new OpcUaSourceReader(settings, readerContext);
    }

    @Override
    public SplitEnumerator<OpcUaSplit, List<OpcUaSplit>> createEnumerator(SplitEnumeratorContext<OpcUaSplit> context) {
        return new RoundRobinSplitEnumerator<>(context, splits, settings.endTime() != null);
    }

    @Override
    public SplitEnumerator<OpcUaSplit, List<OpcUaSplit>> restoreEnumerator(SplitEnumeratorContext<OpcUaSplit> context,
                                                                           List<OpcUaSplit> checkpoint) {
        return new RoundRobinSplitEnumerator<>(context, checkpoint, settings.endTime() != null);
    }

    @Override
    public SimpleVersionedSerializer<OpcUaSplit> getSplitSerializer() {
        return new OpcUaSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<List<OpcUaSplit>> getEnumeratorCheckpointSerializer() {
        return new OpcUaSplitSerializer.PendingSplits();
    }

    /** Builds an {@link OpcUaSource}; {@link #build()} checks every option and names the bad one. */
    public static final class Builder {
        private OpcUaEndpoint endpoint;
        private final List<String> nodeIds = new ArrayList<>();
        private Duration samplingInterval = DEFAULT_SAMPLING_INTERVAL;
        private Duration publishingInterval = DEFAULT_PUBLISHING_INTERVAL;
        private int queueSize = DEFAULT_QUEUE_SIZE;
        private int nodesPerSplit = DEFAULT_NODES_PER_SPLIT;
        private Instant endTime;
        private OpcUaSourceSettings.Deadband deadband = OpcUaSourceSettings.Deadband.NONE;
        private double deadbandValue;
        private boolean historyBackfill = true;

        private Builder() {
        }

        /** The server to read from (required). */
        public Builder endpoint(OpcUaEndpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Nodes to monitor (at least one), as node id text, {@code ns=2;s=...} or {@code nsu=urn:...;s=...}, or as a
         * browse path from the Objects folder, {@code nsu=urn:...;path=/folder/node}, resolved when the reader
         * subscribes. A path segment {@code *} makes a pattern that binds every matching node
         * ({@code nsu=urn:...;path=/greenhouse/{@literal *}/co2}), browsed when the reader subscribes. Samples carry
         * the address as given here, a pattern's with its {@code *} replaced by the node's browse name.
         */
        public Builder nodeIds(List<String> nodeIds) {
            this.nodeIds.addAll(nodeIds);
            return this;
        }

        /** How often the server samples each node; positive. */
        public Builder samplingInterval(Duration interval) {
            this.samplingInterval = interval;
            return this;
        }

        /** How often the server publishes notifications; positive. */
        public Builder publishingInterval(Duration interval) {
            this.publishingInterval = interval;
            return this;
        }

        /** The server-side queue per node (oldest dropped first); at least 1. */
        public Builder queueSize(int queueSize) {
            this.queueSize = queueSize;
            return this;
        }

        /** At most this many nodes per split; at least 1. */
        public Builder nodesPerSplit(int nodesPerSplit) {
            this.nodesPerSplit = nodesPerSplit;
            return this;
        }

        /**
         * Reports a node only when its value moved by more than {@code delta} (in the node's unit) since the last
         * report, or its status changed. Without a deadband (the default) every new source timestamp is reported,
         * even when the value repeats.
         */
        public Builder absoluteDeadband(double delta) {
            this.deadband = OpcUaSourceSettings.Deadband.ABSOLUTE;
            this.deadbandValue = delta;
            return this;
        }

        /**
         * Reports a node only when its value moved by more than {@code percent} of its engineering range (the
         * server's {@code EURange} of an analog item; the server refuses the filter for other nodes, which fails the
         * subscription with the node's name), or its status changed.
         */
        public Builder percentDeadband(double percent) {
            this.deadband = OpcUaSourceSettings.Deadband.PERCENT;
            this.deadbandValue = percent;
            return this;
        }

        /**
         * Whether a reader restored from a checkpoint, or reconnected after an outage, first reads what it missed
         * from the server's history (default true). A server that keeps no history answers with a Bad status and
         * the reader reports a gap, so the default costs nothing there; turn it off to skip the HistoryRead requests
         * (the source then is at-most-once, see the class comment).
         */
        public Builder historyBackfill(boolean backfill) {
            this.historyBackfill = backfill;
            return this;
        }

        /** Makes the source bounded: it ends once every node has reported a value stamped at or after this time. */
        public Builder endTime(Instant endTime) {
            this.endTime = endTime;
            return this;
        }

        /**
         * The source.
         *
         * @throws IllegalArgumentException naming the option that is missing or out of range
         */
        public OpcUaSource build() {
            if (endpoint == null) {
                throw new IllegalArgumentException("OPC UA source: option 'endpoint' is required");
            }
            endpoint.check("OPC UA source");
            if (nodeIds.isEmpty()) {
                throw new IllegalArgumentException("OPC UA source: option 'nodeIds' needs at least one node");
            }
            for (String node : nodeIds) {
                if (node == null || !node.matches("(ns=\\d+|nsu=[^;]+);([isgb]=.+|path=(/[^/]+)+)")) {
                    throw new IllegalArgumentException("OPC UA source: node '" + node
                            + "' is not of the form ns=<index>;s=<id> or nsu=<uri>;s=<id> (i=, g=, b= also), nor a"
                            + " browse path from the Objects folder, nsu=<uri>;path=/<name>/<name>...");
                }
            }
            if (nodeIds.stream().distinct().count() != nodeIds.size()) {
                throw new IllegalArgumentException("OPC UA source: option 'nodeIds' names a node twice");
            }
            requirePositive("samplingInterval", samplingInterval);
            requirePositive("publishingInterval", publishingInterval);
            if (queueSize < 1) {
                throw new IllegalArgumentException("OPC UA source: option 'queueSize' must be >= 1, got " + queueSize);
            }
            if (nodesPerSplit < 1) {
                throw new IllegalArgumentException("OPC UA source: option 'nodesPerSplit' must be >= 1, got "
                        + nodesPerSplit);
            }
            if (!(deadbandValue >= 0) || !Double.isFinite(deadbandValue)
                    || deadband == OpcUaSourceSettings.Deadband.PERCENT && deadbandValue > 100) {
                throw new IllegalArgumentException("OPC UA source: option 'deadband' must be a finite value >= 0 "
                        + "(at most 100 for a percent deadband), got " + deadbandValue);
            }
            // as few splits as the limit allows, of sizes differing by at most one: a reader's subscription and
            // history read take about as long as the others' (700 nodes at 500: 350 + 350, not 500 + 200)
            int count = (nodeIds.size() + nodesPerSplit - 1) / nodesPerSplit;
            List<OpcUaSplit> splits = new ArrayList<>(count);
            for (int i = 0, from = 0; i < count; i++) {
                int to = from + nodeIds.size() / count + (i < nodeIds.size() % count ? 1 : 0);
                splits.add(new OpcUaSplit(Integer.toString(i), endpoint, nodeIds.subList(from, to)));
                from = to;
            }
            return new OpcUaSource(List.copyOf(splits), new OpcUaSourceSettings(samplingInterval.toMillis(),
                    publishingInterval.toMillis(), queueSize, endTime, deadband, deadbandValue, historyBackfill));
        }

        private static void requirePositive(String option, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("OPC UA source: option '" + option + "' must be positive, got " + d);
            }
        }
    }
}
