package dev.plantctl.connectors.mqtt;

import dev.plantctl.connectors.mqtt.internal.MqttSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * A Sink V2 that publishes {@link MqttRecord}s to an MQTT broker.
 *
 * <p>Delivery guarantee: at-least-once at QoS 1. A checkpoint does not complete before the broker acknowledged
 * (PUBACK) every message written before it ({@code flush}), so after a failure Flink replays from a checkpoint whose
 * messages all reached the broker. When the connection drops, the client reconnects with capped exponential backoff
 * and every message whose acknowledgement did not come is published again (duplicates possible, losses not); a
 * message not acknowledged within {@link Builder#deliveryTimeout} fails the task with a message naming the broker.
 * At QoS 0 it is at-most-once.
 *
 * <p>Backpressure: at most {@link Builder#maxInFlight} messages wait for their acknowledgement; {@code write} waits
 * for room. Each writer subtask connects as {@code <clientId>-<subtask>} with a clean session: what awaits an
 * acknowledgement is kept by the writer, not the broker. Metrics:
 * {@code messagesPublished}, {@code messagesRepublished}, {@code inFlight} (gauge).
 */
public final class MqttSink implements Sink<MqttRecord> {

    private static final long serialVersionUID = 1L;

    /** Default number of messages awaiting acknowledgement. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_000;
    /** Default time a message may wait for its acknowledgement, reconnections included. */
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    private final Settings settings;

    private MqttSink(Settings settings) {
        this.settings = settings;
    }

    /** A builder with the defaults above and those of {@link MqttSource} for the session. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SinkWriter<MqttRecord> createWriter(WriterInitContext context) throws IOException {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        return new MqttSinkWriter(settings, settings.clientOptions(settings.clientId() + "-" + subtask),
                context.metricGroup());
    }

    /**
     * The writer's settings, validated by the builder.
     *
     * @param broker          the broker
     * @param clientId        the client id stem
     * @param qos             0 or 1
     * @param retain          whether the broker retains each message
     * @param maxInFlight     how many messages may await their acknowledgement
     * @param deliveryTimeout how long a message may wait for it
     * @param connectTimeout  how long a connection attempt may take
     * @param maxReconnectDelay the cap of the reconnection backoff
     * @param clientFactory   the client library
     */
    public record Settings(MqttBroker broker, String clientId, int qos, boolean retain, int maxInFlight,
                           Duration deliveryTimeout, Duration connectTimeout,
                           Duration maxReconnectDelay, MqttClientFactory clientFactory) implements java.io.Serializable {

        MqttClientOptions clientOptions(String id) {
            return new MqttClientOptions(id, false, Duration.ZERO, MqttSource.DEFAULT_KEEP_ALIVE, connectTimeout,
                    maxReconnectDelay, MqttSource.DEFAULT_RECEIVE_MAXIMUM, false);
        }
    }

    /** Builds an {@link MqttSink}; {@link #build()} checks every option and names the bad one. */
    public static final class Builder {
        private static final String NAME = "MQTT sink";

        private MqttBroker broker;
        private String clientId;
        private int qos = 1;
        private boolean retain;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
        private Duration connectTimeout = MqttSource.DEFAULT_CONNECT_TIMEOUT;
        private Duration maxReconnectDelay = MqttSource.DEFAULT_MAX_RECONNECT_DELAY;
        private MqttClientFactory clientFactory = MqttClientFactory.paho();

        private Builder() {
        }

        /** The broker (required). */
        public Builder broker(MqttBroker broker) {
            this.broker = Objects.requireNonNull(broker, "broker");
            return this;
        }

        /** The client id stem (required): subtask {@code n} connects as {@code <clientId>-<n>}. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** 1 (default, at-least-once) or 0 (at-most-once). */
        public Builder qos(int qos) {
            this.qos = qos;
            return this;
        }

        /** Whether the broker keeps the last message of each topic for new subscribers (default false). */
        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        /** How many messages may await their acknowledgement; at least 1. */
        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** How long a message may wait for its acknowledgement, reconnections included; at least 1 s. */
        public Builder deliveryTimeout(Duration timeout) {
            this.deliveryTimeout = timeout;
            return this;
        }

        /** How long a connection attempt may take; at least 1 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** The cap of the reconnection backoff; at least 1 s. */
        public Builder maxReconnectDelay(Duration delay) {
            this.maxReconnectDelay = delay;
            return this;
        }

        /** The MQTT client library (default Paho's MQTT 5 client). */
        public Builder clientFactory(MqttClientFactory factory) {
            this.clientFactory = Objects.requireNonNull(factory, "clientFactory");
            return this;
        }

        /**
         * The sink.
         *
         * @throws IllegalArgumentException naming the option that is missing or out of range
         */
        public MqttSink build() {
            if (broker == null) {
                throw new IllegalArgumentException(NAME + ": option 'broker' is required");
            }
            broker.check(NAME);
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException(NAME + ": option 'clientId' is required");
            }
            if (qos != 0 && qos != 1) {
                throw new IllegalArgumentException(NAME + ": option 'qos' must be 0 or 1, got " + qos);
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException(NAME + ": option 'maxInFlight' must be >= 1, got " + maxInFlight);
            }
            requireSeconds("deliveryTimeout", deliveryTimeout);
            requireSeconds("connectTimeout", connectTimeout);
            requireSeconds("maxReconnectDelay", maxReconnectDelay);
            return new MqttSink(new Settings(broker, clientId, qos, retain, maxInFlight, deliveryTimeout,
                    connectTimeout, maxReconnectDelay, clientFactory));
        }

        private static void requireSeconds(String option, Duration d) {
            if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(NAME + ": option '" + option + "' must be at least 1 s, got " + d);
            }
        }
    }
}
