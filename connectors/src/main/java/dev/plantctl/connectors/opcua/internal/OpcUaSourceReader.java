package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaSplit;
import dev.plantctl.core.RawSample;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Reads the splits assigned to it through one Milo subscription per split. Milo delivers notifications on its
 * own threads; they are queued and emitted on the task thread in {@link #pollNext}, and a failure raised on a
 * Milo thread is stored and rethrown there, so nothing is swallowed.
 *
 * <p>In bounded mode a split ends once every one of its nodes has delivered a value stamped at or after the
 * end time; such values are not emitted.
 */
public final class OpcUaSourceReader implements SourceReader<RawSample, OpcUaSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaSourceReader.class);

    private final OpcUaSourceSettings settings;
    private final Queue<Notification> queue = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<String, ActiveSplit> active = new LinkedHashMap<>();
    private final Object availabilityLock = new Object();
    private final Counter badStatusCounter;
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;

    public OpcUaSourceReader(OpcUaSourceSettings settings, SourceReaderContext context) {
        this.settings = settings;
        this.badStatusCounter = context.metricGroup().counter("samplesWithBadStatus");
    }

    private record Notification(String splitId, RawSample sample) { }

    private static final class ActiveSplit {
        final OpcUaSplit split;
        final OpcUaClient client;
        final Set<String> nodesPastEnd = new HashSet<>();

        ActiveSplit(OpcUaSplit split, OpcUaClient client) {
            this.split = split;
            this.client = client;
        }
    }

    @Override
    public void start() {
    }

    @Override
    public void addSplits(List<OpcUaSplit> splits) {
        for (OpcUaSplit split : splits) {
            try {
                active.put(split.splitId(), subscribe(split));
            } catch (IOException e) {
                failure.compareAndSet(null, e);
                signalAvailable();
            }
        }
    }

    private ActiveSplit subscribe(OpcUaSplit split) throws IOException {
        OpcUaClient client = MiloClients.connect(split.endpoint(), "plantctl-source");
        try {
            OpcUaSubscription subscription = new OpcUaSubscription(client, settings.publishingIntervalMillis());
            subscription.create();
            List<OpcUaMonitoredItem> items = new ArrayList<>();
            for (String nodeText : split.nodeIds()) {
                NodeId nodeId = MiloClients.resolve(client, nodeText);
                OpcUaMonitoredItem item = new OpcUaMonitoredItem(new ReadValueId(nodeId, AttributeId.Value.uid(),
                        null, QualifiedName.NULL_VALUE), MonitoringMode.Reporting);
                item.setSamplingInterval(settings.samplingIntervalMillis());
                item.setQueueSize(uint(settings.queueSize()));
                item.setDiscardOldest(true);
                // Every new source timestamp is a new sample, even when the value repeats.
                item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp,
                        uint(DeadbandType.None.getValue()), 0.0));
                item.setDataValueListener((i, value) -> enqueue(split, split.endpoint().url(), nodeText, value));
                items.add(item);
            }
            subscription.addMonitoredItems(items);
            subscription.createMonitoredItems();
            for (OpcUaMonitoredItem item : items) {
                StatusCode result = item.getCreateResult().orElse(StatusCode.BAD);
                if (!result.isGood()) {
                    throw new IOException("cannot monitor node " + item.getReadValueId().getNodeId() + " on "
                            + split.endpoint().url() + ": status " + result);
                }
            }
            LOG.info("Subscribed to {} nodes of {} (split {})", items.size(), split.endpoint().url(), split.splitId());
            return new ActiveSplit(split, client);
        } catch (UaException | IOException e) {
            MiloClients.disconnectQuietly(client);
            throw e instanceof IOException io ? io
                    : new IOException("cannot subscribe on " + split.endpoint().url() + ": " + e.getMessage(), e);
        }
    }

    private void enqueue(OpcUaSplit split, String source, String address, DataValue value) {
        try {
            queue.add(new Notification(split.splitId(), toSample(source, address, value)));
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
        signalAvailable();
    }

    static RawSample toSample(String source, String address, DataValue value) {
        Object v = value.getValue() == null ? null : value.getValue().getValue();
        double number;
        String type;
        if (v instanceof Number n) {
            number = n.doubleValue();
            type = v.getClass().getSimpleName();
        } else if (v instanceof Boolean b) {
            number = b ? 1 : 0;
            type = "Boolean";
        } else {
            number = Double.NaN;
            type = v == null ? "Null" : v.getClass().getSimpleName();
        }
        Instant serverTime = instantOf(value.getServerTime());
        Instant sourceTime = instantOf(value.getSourceTime());
        if (sourceTime == null) {
            sourceTime = serverTime != null ? serverTime : Instant.now();
        }
        long status = value.getStatusCode() == null ? 0 : value.getStatusCode().getValue();
        return new RawSample(source, address, number, type, sourceTime, serverTime, status);
    }

    private static Instant instantOf(DateTime time) {
        return time == null || time.isNull() ? null : time.getJavaInstant();
    }

    private void signalAvailable() {
        synchronized (availabilityLock) {
            available.complete(null);
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RawSample> output) throws Exception {
        Throwable t = failure.get();
        if (t != null) {
            throw new IOException("OPC UA source failed: " + t.getMessage(), t);
        }
        Notification n = queue.poll();
        if (n != null) {
            emitOrFinish(n, output);
            return InputStatus.MORE_AVAILABLE;
        }
        if (noMoreSplits && active.isEmpty()) {
            return InputStatus.END_OF_INPUT;
        }
        synchronized (availabilityLock) {
            if (!queue.isEmpty()) {
                return InputStatus.MORE_AVAILABLE;
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    private void emitOrFinish(Notification n, ReaderOutput<RawSample> output) {
        ActiveSplit split = active.get(n.splitId());
        if (split == null) {
            return; // the split already ended: its late values lie past the end time
        }
        RawSample s = n.sample();
        Instant end = settings.endTime();
        if (end != null && !s.sourceTime().isBefore(end)) {
            split.nodesPastEnd.add(s.address());
            if (split.nodesPastEnd.size() == split.split.nodeIds().size()) {
                LOG.info("Split {} reached the end time {}", n.splitId(), end);
                active.remove(n.splitId());
                MiloClients.disconnectQuietly(split.client);
            }
            return;
        }
        if (!s.isGood()) {
            badStatusCounter.inc();
        }
        output.collect(s, s.sourceTime().toEpochMilli());
    }

    @Override
    public List<OpcUaSplit> snapshotState(long checkpointId) {
        return active.values().stream().map(a -> a.split).toList();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        synchronized (availabilityLock) {
            return available;
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        signalAvailable();
    }

    @Override
    public void close() {
        for (ActiveSplit a : active.values()) {
            MiloClients.disconnectQuietly(a.client);
        }
        active.clear();
    }
}
