package dev.plantctl.connectors.mqtt;

import dev.plantctl.connectors.internal.RoundRobinSplitEnumerator;
import dev.plantctl.connectors.mqtt.internal.MqttSourceReader;
import dev.plantctl.connectors.mqtt.internal.MqttSourceSettings;
import dev.plantctl.connectors.mqtt.internal.MqttSplitSerializer;
import dev.plantctl.core.RawMessage;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A FLIP-27 source of MQTT messages: one {@link RawMessage} (broker URL, topic, payload bytes, time received) per
 * message, with the time received as the record's timestamp. The source does not decode payloads: ingestion's
 * payload decoders (JSON with field mapping, plain numbers, Moonraker-style status) turn messages into samples, so
 * decoding is pluggable there and the connector stays one.
 *
 * <p>The source runs {@code sessions} MQTT clients (default one), each a split with a stable client id
 * {@code <clientId>-<n>}, spread over the readers. With more than one session they subscribe through a shared
 * subscription {@code $share/<group>/<filter>}, so the broker spreads the messages over them.
 *
 * <p>Delivery guarantee: at-least-once, end to end, at QoS 1 with checkpointing on. Every session is persistent
 * (clean start off, session expiry {@link Builder#sessionExpiry}) and acknowledges manually: a message's PUBACK is
 * sent only after the checkpoint that covers it completed. A message the job emitted but did not checkpoint is
 * therefore still unacknowledged on the broker when a task fails; the restored reader connects with the same
 * client id and the broker delivers it again. Lost connections are re-established by the client with capped
 * exponential backoff (1 s doubling up to {@link Builder#maxReconnectDelay}), and the broker redelivers what was in
 * flight. Duplicates are possible (a replay after a failure), losses are not, within the session expiry and the
 * broker's own durability: Mosquitto, for one, drops QoS 1 messages beyond {@code max_queued_messages} per client
 * (1000 by default; raise it) and loses what it held in memory when it is killed rather than stopped. Without
 * checkpointing nothing is ever acknowledged and the broker stops sending once {@link Builder#receiveMaximum}
 * messages are unacknowledged. At QoS 0 it is at-most-once.
 *
 * <p>Backpressure: unacknowledged messages are bounded by the receive maximum per session, so the reader never
 * buffers more than that. Metrics: {@code messagesReceived}, {@code messagesAcknowledged}, {@code reconnects},
 * {@code unacknowledged} (gauge).
 */
public final class MqttSource implements Source<RawMessage, MqttSplit, List<MqttSplit>> {

    private static final long serialVersionUID = 1L;

    /** Default session expiry: the broker keeps a session this long after its client went away. */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(1);
    /** Default keep-alive. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    /** Default connection timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default cap of the reconnection backoff. */
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(16);
    /** Default receive maximum: the most MQTT 5 allows. */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

    private final List<MqttSplit> splits;
    private final MqttSourceSettings settings;

    private MqttSource(List<MqttSplit> splits, MqttSourceSettings settings) {
        this.splits = splits;
        this.settings = settings;
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RawMessage, MqttSplit> createReader(SourceReaderContext readerContext) {
        return new MqttSourceReader(settings, readerContext);
    }

    @Override
    public SplitEnumerator<MqttSplit, List<MqttSplit>> createEnumerator(SplitEnumeratorContext<MqttSplit> context) {
        return new RoundRobinSplitEnumerator<>(context, splits, false);
    }

    @Override
    public SplitEnumerator<MqttSplit, List<MqttSplit>> restoreEnumerator(SplitEnumeratorContext<MqttSplit> context,
                                                                         List<MqttSplit> checkpoint) {
        return new RoundRobinSplitEnumerator<>(context, checkpoint, false);
    }

    @Override
    public SimpleVersionedSerializer<MqttSplit> getSplitSerializer() {
        return new MqttSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<List<MqttSplit>> getEnumeratorCheckpointSerializer() {
        return new MqttSplitSerializer.PendingSplits();
    }

    /** Builds an {@link MqttSource}; {@link #build()} checks every option and names the bad one. */
    public static final class Builder {
        private static final String NAME = "MQTT source";

        private MqttBroker broker;
        private final List<String> topicFilters = new ArrayList<>();
        private String clientId;
        private int sessions = 1;
        private String sharedGroup;
        private int qos = 1;
        private Duration sessionExpiry = DEFAULT_SESSION_EXPIRY;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;
        private int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
        private MqttClientFactory clientFactory = MqttClientFactory.paho();

        private Builder() {
        }

        /** The broker (required). */
        public Builder broker(MqttBroker broker) {
            this.broker = Objects.requireNonNull(broker, "broker");
            return this;
        }

        /** Topic filters to subscribe to, with {@code +} and {@code #} wildcards (at least one). */
        public Builder topicFilters(List<String> filters) {
            this.topicFilters.addAll(filters);
            return this;
        }

        /** The client id stem (required): session {@code n} connects as {@code <clientId>-<n>}. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** How many MQTT sessions share the subscription (default 1); more than one makes it a shared one. */
        public Builder sessions(int sessions) {
            this.sessions = sessions;
            return this;
        }

        /** The shared subscription's group (default the client id stem); used when {@link #sessions} &gt; 1. */
        public Builder sharedGroup(String group) {
            this.sharedGroup = group;
            return this;
        }

        /** 1 (default, at-least-once) or 0 (at-most-once). */
        public Builder qos(int qos) {
            this.qos = qos;
            return this;
        }

        /** How long the broker keeps a session after its client went away; at least one second. */
        public Builder sessionExpiry(Duration expiry) {
            this.sessionExpiry = expiry;
            return this;
        }

        /** The keep-alive interval; at least one second. */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /** How long a connection attempt may take; at least one second. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** The cap of the reconnection backoff; at least one second. */
        public Builder maxReconnectDelay(Duration delay) {
            this.maxReconnectDelay = delay;
            return this;
        }

        /** Unacknowledged messages the broker may send each session, 1 … 65535. */
        public Builder receiveMaximum(int receiveMaximum) {
            this.receiveMaximum = receiveMaximum;
            return this;
        }

        /** The MQTT client library (default Paho's MQTT 5 client). */
        public Builder clientFactory(MqttClientFactory factory) {
            this.clientFactory = Objects.requireNonNull(factory, "clientFactory");
            return this;
        }

        /**
         * The source.
         *
         * @throws IllegalArgumentException naming the option that is missing, malformed or out of range
         */
        public MqttSource build() {
            if (broker == null) {
                throw new IllegalArgumentException(NAME + ": option 'broker' is required");
            }
            broker.check(NAME);
            if (topicFilters.isEmpty()) {
                throw new IllegalArgumentException(NAME + ": option 'topicFilters' needs at least one filter");
            }
            topicFilters.forEach(f -> MqttTopics.checkFilter(NAME, f));
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException(NAME + ": option 'clientId' is required (the broker finds a "
                        + "persistent session again by it)");
            }
            if (sessions < 1) {
                throw new IllegalArgumentException(NAME + ": option 'sessions' must be >= 1, got " + sessions);
            }
            String group = sharedGroup == null ? clientId : sharedGroup;
            if (group.isEmpty() || group.contains("/") || group.contains("+") || group.contains("#")) {
                throw new IllegalArgumentException(NAME + ": option 'sharedGroup' '" + group
                        + "' must be non-empty without '/', '+' or '#'");
            }
            if (qos != 0 && qos != 1) {
                throw new IllegalArgumentException(NAME + ": option 'qos' must be 0 or 1, got " + qos);
            }
            requireSeconds("sessionExpiry", sessionExpiry);
            requireSeconds("keepAlive", keepAlive);
            requireSeconds("connectTimeout", connectTimeout);
            requireSeconds("maxReconnectDelay", maxReconnectDelay);
            if (receiveMaximum < 1 || receiveMaximum > 65_535) {
                throw new IllegalArgumentException(NAME + ": option 'receiveMaximum' must be 1 … 65535, got "
                        + receiveMaximum);
            }
            List<String> filters = topicFilters.stream()
                    .map(f -> sessions > 1 ? "$share/" + group + "/" + f : f).toList();
            List<MqttSplit> splits = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                splits.add(new MqttSplit(Integer.toString(i), clientId + "-" + i));
            }
            MqttClientOptions template = new MqttClientOptions(clientId, true, sessionExpiry, keepAlive, connectTimeout,
                    maxReconnectDelay, receiveMaximum, qos > 0);
            return new MqttSource(List.copyOf(splits), new MqttSourceSettings(broker, filters, qos, template,
                    clientFactory));
        }

        private static void requireSeconds(String option, Duration d) {
            if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(NAME + ": option '" + option + "' must be at least 1 s, got " + d);
            }
        }
    }
}
