package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaSplit;
import dev.plantctl.core.RawSample;
import dev.plantctl.connectors.internal.HandoffQueue;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Reads the splits assigned to it through one Milo subscription per split. Milo delivers notifications on its
 * own threads; they are queued and emitted on the task thread in {@link #pollNext}, and a failure raised on a
 * Milo thread is stored and rethrown there, so nothing is swallowed.
 *
 * <p>Per node the reader keeps the source time of the last value it emitted ({@link EmittedProgress}), checkpoints
 * it in the split and drops any value that is not newer. With history backfill on (the default), a split restored
 * from a checkpoint and a split whose data flows again after an outage first read each node's history since its last
 * emitted time ({@link HistoryBackfill}) on the reader's recovery thread, while the live values that arrive in the
 * meantime are held back; then it queues the history (in source-time order), then the held live values, so each
 * historized value is emitted exactly once and in order. A value with the Overflow bit (the server's queue of the
 * item was full and dropped older values) starts a backfill as an outage does (cause Bad_DataLost). A node whose
 * history does not reach back to its last emitted value (the server keeps no history, or not enough, or restarted)
 * gets a gap sample, as below, followed by
 * whatever history there was; its progress is forgotten, so the values after the gap are taken whatever their time.
 * A node that has not emitted a value yet reads from the split's earliest last emitted time, and needs a value
 * stamped exactly then to count as complete (the plants publish all their nodes at each step).
 *
 * <p>In bounded mode a split ends once every one of its nodes has delivered a value stamped at or after the
 * end time; such values are not emitted.
 *
 * <p>Outages: Milo's client reconnects by itself with capped exponential backoff and tries to transfer the
 * subscription to the new session. When the transfer fails (a restarted server knows no subscription) the reader
 * creates the subscription and its monitored items again, retrying with backoff (1, 2, 4, 8, 16 s) until it
 * succeeds. Each outage is reported as a gap once data flows again: one sample per node of the split, before the
 * first new value, with {@link #GAP_VALUE_TYPE} as value type, NaN as value, the cause as (Bad) status code
 * (Bad_ConnectionClosed when the connection dropped and the subscription survived, the transfer's status when it
 * did not, Bad_NoCommunication when the server lost notifications), the last source timestamp seen before the
 * outage as source time and the wall-clock time data resumed as server time. With backfill on, only the nodes whose
 * history does not reach back get one, stamped with their own last emitted time; after a restore such a node's gap
 * sample carries the history's Bad status, or Bad_DataLost when the history starts too late.
 */
public final class OpcUaSourceReader implements SourceReader<RawSample, OpcUaSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaSourceReader.class);
    /** The value type of a gap sample. */
    public static final String GAP_VALUE_TYPE = "Gap";
    private static final long MAX_RESUBSCRIBE_DELAY_SECONDS = 16;

    private final OpcUaSourceSettings settings;
    private final HandoffQueue<Notification> queue = new HandoffQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<String, ActiveSplit> active = new LinkedHashMap<>();
    private final Counter badStatusCounter;
    private final Counter backfilledCounter;
    private final Counter duplicateCounter;
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong lastGapMillis = new AtomicLong();
    /** Creates subscriptions again and reads history, off Milo's threads and the task thread. */
    private final ScheduledExecutorService recovery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plantctl-opcua-recovery");
        t.setDaemon(true);
        return t;
    });
    private boolean noMoreSplits;

    public OpcUaSourceReader(OpcUaSourceSettings settings, SourceReaderContext context) {
        this.settings = settings;
        this.badStatusCounter = context.metricGroup().counter("samplesWithBadStatus");
        this.backfilledCounter = context.metricGroup().counter("samplesBackfilled");
        this.duplicateCounter = context.metricGroup().counter("samplesAlreadyEmitted");
        context.metricGroup().gauge("gaps", gaps::get);
        context.metricGroup().gauge("lastGapMillis", lastGapMillis::get);
    }

    private record Notification(String splitId, RawSample sample) { }

    /** An outage not yet reported: since when, the last source time before it, and why (a Bad status). */
    private record Outage(Instant lostAt, Instant lastSourceTime, long cause) {
        Outage withCause(long newCause) {
            return new Outage(lostAt, lastSourceTime, newCause);
        }
    }

    private final class ActiveSplit implements SessionActivityListener, OpcUaSubscription.SubscriptionListener {
        final OpcUaSplit split;
        final OpcUaClient client;
        /** Replaced by a fresh one each time it is created again (see {@link #renewSubscription}). */
        volatile OpcUaSubscription subscription;
        /** Per address, the node. */
        final Map<String, NodeId> nodes = new LinkedHashMap<>();
        final Set<String> nodesPastEnd = new HashSet<>();
        final AtomicReference<Outage> outage = new AtomicReference<>();
        final EmittedProgress progress;
        /** Guards the order in which this split's samples enter the queue, {@link #backfills} and {@link #held}. */
        final Object queueing = new Object();
        /** Backfills scheduled and not yet queued; while there are, live values are held back. */
        int backfills;
        final List<RawSample> held = new ArrayList<>();
        volatile Instant lastSourceTime;
        volatile boolean closed;

        ActiveSplit(OpcUaSplit split, OpcUaClient client) {
            this.split = split;
            this.client = client;
            // without backfill a restored split starts afresh, as before there was any: its checkpointed times are
            // not used to drop values (a server whose clock started again would otherwise go silent)
            this.progress = new EmittedProgress(settings.backfill() ? split.lastEmitted() : Map.of());
            client.addSessionActivityListener(this);
        }

        /**
         * A fresh subscription object with a monitored item per node, not yet created on the server. A Milo
         * subscription the server no longer holds cannot always be created again: after a session reactivated in
         * place it still believes it exists, and refuses with Bad_InvalidState.
         */
        void renewSubscription() {
            OpcUaSubscription fresh = new OpcUaSubscription(client, settings.publishingIntervalMillis());
            fresh.setSubscriptionListener(this);
            List<OpcUaMonitoredItem> items = new ArrayList<>();
            nodes.forEach((address, node) -> items.add(monitoredItem(this, address, node)));
            fresh.addMonitoredItems(items);
            subscription = fresh;
        }

        @Override
        public void onSessionInactive(UaSession session) {
            if (outage.compareAndSet(null, new Outage(Instant.now(), lastSourceTime,
                    StatusCodes.Bad_ConnectionClosed))) {
                LOG.warn("OPC UA split {} lost its session with {}; the client reconnects", split.splitId(),
                        split.endpoint().url());
            }
        }

        @Override
        public void onSessionActive(UaSession session) {
            LOG.info("OPC UA split {} has a session with {} again", split.splitId(), split.endpoint().url());
            if (outage.get() != null) {
                resubscribe(this, 1);
            }
        }

        @Override
        public void onTransferFailed(OpcUaSubscription s, StatusCode status) {
            LOG.warn("OPC UA split {}: the subscription on {} could not be transferred ({}); creating it again",
                    split.splitId(), split.endpoint().url(), status);
            outage.updateAndGet(o -> o == null ? new Outage(Instant.now(), lastSourceTime, status.getValue())
                    : o.withCause(status.getValue()));
            resubscribe(this, 1);
        }

        @Override
        public void onNotificationDataLost(OpcUaSubscription s) {
            outage.compareAndSet(null, new Outage(Instant.now(), lastSourceTime, StatusCodes.Bad_NoCommunication));
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
                queue.signal();
            }
        }
    }

    private ActiveSplit subscribe(OpcUaSplit split) throws IOException {
        OpcUaClient client = MiloClients.connect(split.endpoint(), "plantctl-source");
        try {
            ActiveSplit active = new ActiveSplit(split, client);
            boolean restored = settings.backfill() && !split.lastEmitted().isEmpty();
            if (restored) {
                active.backfills = 1; // hold the live values back from the start, until the history is queued
            }
            for (String nodeText : split.nodeIds()) {
                active.nodes.putAll(MiloClients.resolveAll(client, nodeText));
            }
            active.renewSubscription();
            createSubscription(active);
            LOG.info("Subscribed to {} nodes of {} (split {})", active.nodes.size(), split.endpoint().url(),
                    split.splitId());
            if (restored) {
                recovery.execute(() -> backfill(active, null));
            }
            return active;
        } catch (UaException | IOException e) {
            MiloClients.disconnectQuietly(client);
            throw e instanceof IOException io ? io
                    : new IOException("cannot subscribe on " + split.endpoint().url() + ": " + e.getMessage(), e);
        }
    }

    /** A monitored item of a node's Value with the source's settings, whose values the reader enqueues. */
    private OpcUaMonitoredItem monitoredItem(ActiveSplit active, String address, NodeId node) {
        OpcUaMonitoredItem item = new OpcUaMonitoredItem(new ReadValueId(node, AttributeId.Value.uid(), null,
                QualifiedName.NULL_VALUE), MonitoringMode.Reporting);
        item.setSamplingInterval(settings.samplingIntervalMillis());
        item.setQueueSize(uint(settings.queueSize()));
        item.setDiscardOldest(true);
        item.setFilter(settings.deadband().filter(settings.deadbandValue()));
        item.setDataValueListener((i, value) -> enqueue(active, address, value));
        return item;
    }

    /** Creates the subscription on the server and its monitored items, every item's result checked. */
    private static void createSubscription(ActiveSplit active) throws UaException, IOException {
        active.subscription.create();
        active.subscription.createMonitoredItems();
        for (OpcUaMonitoredItem item : active.subscription.getMonitoredItems()) {
            StatusCode result = item.getCreateResult().orElse(StatusCode.BAD);
            if (!result.isGood()) {
                throw new IOException("cannot monitor node " + item.getReadValueId().getNodeId() + " on "
                        + active.split.endpoint().url() + ": status " + result);
            }
        }
    }

    /**
     * The server's status of the split's subscription: Good while it holds it. After a reconnection in the same
     * session (the network failed, the server did not) the server may have deleted it, its lifetime having run out
     * while no publish request could reach it, and then nothing would ever flow again.
     */
    private static StatusCode subscriptionStatus(ActiveSplit active) {
        UInteger id = active.subscription.getSubscriptionId().orElse(null);
        if (id == null) {
            return new StatusCode(StatusCodes.Bad_SubscriptionIdInvalid);
        }
        try {
            return active.client.setPublishingMode(true, List.of(id)).getResults()[0];
        } catch (UaException e) {
            return e.getStatusCode();
        }
    }

    /**
     * Creates the subscription again unless the server still holds it, off Milo's threads, retrying with capped
     * exponential backoff.
     */
    private void resubscribe(ActiveSplit active, long delaySeconds) {
        recovery.schedule(() -> {
            if (active.closed) {
                return;
            }
            if (delaySeconds == 1) {
                // A transfer failure and a reactivated session both ask for the first attempt: the first to run
                // creates the subscription, the second finds it held. (A retry follows a failed creation: it creates.)
                StatusCode held = subscriptionStatus(active);
                if (held.isGood()) {
                    return;
                }
                LOG.warn("OPC UA split {}: the server on {} does not hold the subscription ({}); creating it again",
                        active.split.splitId(), active.split.endpoint().url(), held);
                active.outage.updateAndGet(o -> o == null ? new Outage(Instant.now(), active.lastSourceTime,
                        held.getValue()) : o.withCause(held.getValue()));
            }
            try {
                active.renewSubscription();
                createSubscription(active);
                LOG.info("OPC UA split {}: subscription on {} created again", active.split.splitId(),
                        active.split.endpoint().url());
            } catch (UaException | IOException | RuntimeException e) {
                long next = Math.min(MAX_RESUBSCRIBE_DELAY_SECONDS, delaySeconds * 2);
                LOG.warn("OPC UA split {}: creating the subscription on {} again failed ({}); retrying in {} s",
                        active.split.splitId(), active.split.endpoint().url(), e.getMessage(), next);
                resubscribe(active, next);
            }
        }, delaySeconds == 1 ? 0 : delaySeconds, TimeUnit.SECONDS);
    }

    /** Milo's thread: queues a live value, or holds it back while a backfill is pending (see the class comment). */
    private void enqueue(ActiveSplit active, String address, DataValue value) {
        try {
            RawSample sample = toSample(active.split.endpoint().url(), address, value);
            if (settings.backfill() && value.getStatusCode() != null && value.getStatusCode().isOverflowSet()) {
                // the server's queue of this item overflowed: it dropped values before this one
                active.outage.compareAndSet(null, new Outage(Instant.now(), active.lastSourceTime,
                        StatusCodes.Bad_DataLost));
            }
            synchronized (active.queueing) {
                Outage outage = active.outage.getAndSet(null);
                if (outage != null && settings.backfill()) {
                    active.backfills++;
                    recovery.execute(() -> backfill(active, outage));
                } else if (outage != null) {
                    queueGaps(active, outage, List.copyOf(active.nodes.keySet()), Map.of(), Map.of());
                }
                active.lastSourceTime = sample.sourceTime();
                if (active.backfills > 0) {
                    active.held.add(sample);
                } else {
                    queue.add(new Notification(active.split.splitId(), sample));
                }
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
        queue.signal();
    }

    /**
     * The recovery thread: reads each node's history since its last emitted value and queues it, gap samples for the
     * nodes it does not cover first, then the live values held back meanwhile.
     *
     * @param outage the outage data resumed after, or null after a restore
     */
    private void backfill(ActiveSplit active, Outage outage) {
        try {
            // A node that emitted nothing yet (its first value came after the checkpoint) starts where the split's
            // earliest known node does; when the split knows no time at all, its nodes get a gap after an outage.
            Instant earliest = active.nodes.keySet().stream().map(active.progress::lastTime)
                    .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
            Map<String, Instant> from = new LinkedHashMap<>();
            List<String> unknown = new ArrayList<>();
            for (String address : active.nodes.keySet()) {
                Instant last = active.progress.lastTime(address);
                if (last != null || earliest != null) {
                    from.put(address, last != null ? last : earliest);
                } else {
                    unknown.add(address);
                }
            }
            Map<String, HistoryBackfill.NodeHistory> histories;
            try {
                histories = HistoryBackfill.read(active.client, active.nodes, from, () -> active.closed);
            } catch (UaException e) {
                LOG.warn("OPC UA split {}: reading the history of {} failed ({})", active.split.splitId(),
                        active.split.endpoint().url(), e.getMessage());
                histories = new LinkedHashMap<>();
                for (String address : from.keySet()) {
                    histories.put(address, new HistoryBackfill.NodeHistory(e.getStatusCode(), List.of(), false));
                }
            }
            List<String> gapNodes = new ArrayList<>(outage == null ? List.of() : unknown);
            Map<String, Long> causes = new LinkedHashMap<>();
            List<RawSample> backfilled = new ArrayList<>();
            for (Map.Entry<String, HistoryBackfill.NodeHistory> e : histories.entrySet()) {
                HistoryBackfill.NodeHistory history = e.getValue();
                if (!history.reachesBack()) {
                    gapNodes.add(e.getKey());
                    causes.put(e.getKey(), history.status().isBad() ? history.status().getValue()
                            : StatusCodes.Bad_DataLost);
                }
                for (DataValue v : history.values()) {
                    backfilled.add(toSample(active.split.endpoint().url(), e.getKey(), v));
                }
            }
            backfilled.sort(Comparator.comparing(RawSample::sourceTime));
            synchronized (active.queueing) {
                if (!gapNodes.isEmpty()) {
                    queueGaps(active, outage, gapNodes, from, outage == null ? causes : Map.of());
                }
                for (RawSample s : backfilled) {
                    queue.add(new Notification(active.split.splitId(), s));
                }
                backfilledCounter.inc(backfilled.size());
                if (--active.backfills == 0) {
                    for (RawSample s : active.held) {
                        queue.add(new Notification(active.split.splitId(), s));
                    }
                    active.held.clear();
                }
            }
            LOG.info("OPC UA split {}: {} value(s) read back from the history of {}; {} node(s) without enough history",
                    active.split.splitId(), backfilled.size(), active.split.endpoint().url(), gapNodes.size());
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
        queue.signal();
    }

    /**
     * Queues a gap sample for each of the nodes (the caller holds the split's queueing lock), stamped with the time
     * its history was read from (else the node's last emitted time, else the last source time before the outage,
     * else when it began).
     *
     * @param outage the outage, or null after a restore
     * @param from   per node, the time its history was read from
     * @param causes per node, the cause when there was no outage
     */
    private void queueGaps(ActiveSplit active, Outage outage, List<String> nodes, Map<String, Instant> from,
                           Map<String, Long> causes) {
        Instant resumed = Instant.now();
        gaps.incrementAndGet();
        if (outage != null) {
            lastGapMillis.set(resumed.toEpochMilli() - outage.lostAt().toEpochMilli());
            LOG.warn("OPC UA split {} on {}: gap on {} node(s) from {} to {} ({} ms), cause {}",
                    active.split.splitId(), active.split.endpoint().url(), nodes.size(), outage.lostAt(), resumed,
                    resumed.toEpochMilli() - outage.lostAt().toEpochMilli(), new StatusCode(outage.cause()));
        } else {
            LOG.warn("OPC UA split {} on {}: gap on {} node(s) since the checkpoint the job restored, causes {}",
                    active.split.splitId(), active.split.endpoint().url(), nodes.size(), causes);
        }
        for (String node : nodes) {
            Instant last = from.containsKey(node) ? from.get(node) : active.progress.lastTime(node);
            Instant since = last != null ? last
                    : outage != null && outage.lastSourceTime() != null ? outage.lastSourceTime()
                    : outage != null ? outage.lostAt() : resumed;
            long cause = outage != null ? outage.cause() : causes.get(node);
            queue.add(new Notification(active.split.splitId(), gapSample(active.split.endpoint().url(), node, since,
                    resumed, cause)));
        }
    }

    /** The sample that reports a gap for one node (see the class comment). */
    static RawSample gapSample(String source, String address, Instant lastSourceTime, Instant resumedAt, long cause) {
        return new RawSample(source, address, Double.NaN, GAP_VALUE_TYPE, lastSourceTime, resumedAt, cause);
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
        return queue.moreArrivedOrRearm() ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    private void emitOrFinish(Notification n, ReaderOutput<RawSample> output) {
        ActiveSplit split = active.get(n.splitId());
        if (split == null) {
            return; // the split already ended: its late values lie past the end time
        }
        RawSample s = n.sample();
        if (OpcUaSourceReader.isGap(s)) {
            split.progress.forget(s.address());
        } else if (!split.progress.isNew(s)) {
            duplicateCounter.inc();
            return;
        }
        Instant end = settings.endTime();
        if (end != null && !s.sourceTime().isBefore(end)) {
            split.nodesPastEnd.add(s.address());
            if (split.nodesPastEnd.size() == split.nodes.size()) {
                LOG.info("Split {} reached the end time {}", n.splitId(), end);
                active.remove(n.splitId());
                split.closed = true;
                MiloClients.disconnectQuietly(split.client);
            }
            return;
        }
        if (!s.isGood()) {
            badStatusCounter.inc();
        }
        if (!OpcUaSourceReader.isGap(s)) {
            split.progress.emitted(s);
        }
        output.collect(s, s.sourceTime().toEpochMilli());
    }

    /** Whether a sample is a gap report (see the class comment). */
    public static boolean isGap(RawSample sample) {
        return GAP_VALUE_TYPE.equals(sample.valueType()) && !sample.isGood();
    }

    @Override
    public List<OpcUaSplit> snapshotState(long checkpointId) {
        return active.values().stream().map(a -> a.split.withLastEmitted(a.progress.snapshot())).toList();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return queue.available();
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        queue.signal();
    }

    @Override
    public void close() {
        recovery.shutdownNow();
        for (ActiveSplit a : active.values()) {
            a.closed = true;
            MiloClients.disconnectQuietly(a.client);
        }
        active.clear();
    }
}
