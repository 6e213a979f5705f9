package dev.plantctl.connectors.mqtt.internal;

import dev.plantctl.connectors.mqtt.MqttClientAdapter;
import dev.plantctl.connectors.mqtt.MqttSplit;
import dev.plantctl.core.RawMessage;
import dev.plantctl.connectors.internal.HandoffQueue;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the MQTT sessions (splits) assigned to it. Messages arrive on the client library's threads, are queued and
 * emitted on the task thread in {@link #pollNext}; a failure raised on a library thread is stored and rethrown
 * there, so nothing is swallowed.
 *
 * <p>Acknowledgement after the checkpoint: the QoS 1 messages emitted between two checkpoints are remembered under
 * the checkpoint that follows them and acknowledged (PUBACK, in the order received) when that checkpoint completes.
 * A message that arrived on an earlier connection of its session is not acknowledged on the new one (its packet id
 * may be reused there): the broker delivers it again on the resumed session and that delivery is acknowledged.
 */
public final class MqttSourceReader implements SourceReader<RawMessage, MqttSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSourceReader.class);

    private final MqttSourceSettings settings;
    private final HandoffQueue<Delivery> queue = new HandoffQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final NavigableMap<Long, List<Delivery>> awaitingCheckpoint = new TreeMap<>();
    private final Counter received;
    private final Counter acknowledged;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private List<Delivery> emittedSinceCheckpoint = new ArrayList<>();

    public MqttSourceReader(MqttSourceSettings settings, SourceReaderContext context) {
        this.settings = settings;
        this.received = context.metricGroup().counter("messagesReceived");
        this.acknowledged = context.metricGroup().counter("messagesAcknowledged");
        context.metricGroup().gauge("reconnects", reconnects::get);
        context.metricGroup().gauge("unacknowledged", unacknowledged::get);
    }

    private record Delivery(Session session, long connection, String topic, byte[] payload, int messageId, int qos,
                            Instant receivedAt) {
    }

    /** One split's client and the number of the connection it is on. */
    private final class Session implements MqttClientAdapter.Callback {
        final MqttSplit split;
        final MqttClientAdapter client;
        final AtomicLong connection = new AtomicLong();

        Session(MqttSplit split) {
            this.split = split;
            this.client = settings.clientFactory().create(settings.broker(), settings.optionsFor(split.clientId()));
        }

        @Override
        public void messageArrived(String topic, byte[] payload, int messageId, int qos) {
            queue.add(new Delivery(this, connection.get(), topic, payload, messageId, qos, Instant.now()));
            if (qos > 0) {
                unacknowledged.incrementAndGet();
            }
            queue.signal();
        }

        @Override
        public void connectionLost(Throwable cause) {
            connection.incrementAndGet();
        }

        @Override
        public void reconnected() {
            connection.incrementAndGet();
            reconnects.incrementAndGet();
        }

        @Override
        public void failed(Throwable error) {
            failure.compareAndSet(null, error);
            queue.signal();
        }
    }

    @Override
    public void start() {
    }

    @Override
    public void addSplits(List<MqttSplit> splits) {
        for (MqttSplit split : splits) {
            Session session = new Session(split);
            try {
                session.client.connect(session);
                session.client.subscribe(settings.topicFilters(), settings.qos());
                sessions.put(split.splitId(), session);
                LOG.info("MQTT session {} subscribed to {} on {}", split.clientId(), settings.topicFilters(),
                        settings.broker().url());
            } catch (IOException | RuntimeException e) {
                session.client.close();
                failure.compareAndSet(null, e);
                queue.signal();
            }
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RawMessage> output) throws Exception {
        Throwable t = failure.get();
        if (t != null) {
            throw new IOException("MQTT source failed on " + settings.broker().url() + ": " + t.getMessage(), t);
        }
        Delivery d = queue.poll();
        if (d != null) {
            received.inc();
            output.collect(new RawMessage(settings.broker().url(), d.topic(), d.payload(), d.receivedAt()),
                    d.receivedAt().toEpochMilli());
            if (d.qos() > 0) {
                emittedSinceCheckpoint.add(d);
            }
            if (LOG.isTraceEnabled()) {
                LOG.trace("MQTT message {} of {} (connection {}) on {} emitted", d.messageId(),
                        d.session().split.clientId(), d.connection(), d.topic());
            }
            return InputStatus.MORE_AVAILABLE;
        }
        return queue.moreArrivedOrRearm() ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<MqttSplit> snapshotState(long checkpointId) {
        if (!emittedSinceCheckpoint.isEmpty()) {
            awaitingCheckpoint.put(checkpointId, emittedSinceCheckpoint);
            emittedSinceCheckpoint = new ArrayList<>();
        }
        return sessions.values().stream().map(s -> s.split).toList();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        NavigableMap<Long, List<Delivery>> covered = awaitingCheckpoint.headMap(checkpointId, true);
        for (List<Delivery> deliveries : covered.values()) {
            for (Delivery d : deliveries) {
                unacknowledged.decrementAndGet();
                if (d.connection() == d.session().connection.get() && d.session().client.isConnected()) {
                    try {
                        d.session().client.acknowledge(d.messageId(), d.qos());
                        acknowledged.inc();
                        if (LOG.isTraceEnabled()) {
                            LOG.trace("MQTT message {} of {} acknowledged after checkpoint {}", d.messageId(),
                                    d.session().split.clientId(), checkpointId);
                        }
                    } catch (IOException e) {
                        LOG.info("MQTT message {} of {} stays unacknowledged (the broker delivers it again): {}",
                                d.messageId(), d.session().split.clientId(), e.getMessage());
                    }
                }
            }
        }
        covered.clear();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return queue.available();
    }

    /** An unbounded source gets no end of splits; nothing to do. */
    @Override
    public void notifyNoMoreSplits() {
    }

    /** Closes the clients without acknowledging anything: what was not checkpointed stays on the broker. */
    @Override
    public void close() {
        for (Session s : sessions.values()) {
            s.client.close();
        }
        sessions.clear();
    }
}
