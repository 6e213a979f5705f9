package dev.plantctl.connectors.mqtt.internal;

import dev.plantctl.connectors.mqtt.MqttClientAdapter;
import dev.plantctl.connectors.mqtt.MqttClientOptions;
import dev.plantctl.connectors.mqtt.MqttRecord;
import dev.plantctl.connectors.mqtt.MqttSink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Publishes records and keeps each one until the broker acknowledged it; a record whose publication failed (lost
 * connection) is published again once the client reconnected. {@link #flush} returns only when nothing awaits an
 * acknowledgement, so a checkpoint covers only acknowledged messages.
 */
public final class MqttSinkWriter implements SinkWriter<MqttRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSinkWriter.class);
    private static final long RETRY_PAUSE_MILLIS = 10;

    private final MqttSink.Settings settings;
    private final MqttClientAdapter client;
    private final Object lock = new Object();
    private final Queue<MqttRecord> toRepublish = new ArrayDeque<>();
    private final Counter published;
    private final Counter republished;
    private int outstanding;
    private long lastProgressNanos = System.nanoTime();
    private Throwable failure;

    public MqttSinkWriter(MqttSink.Settings settings, MqttClientOptions options, MetricGroup metrics)
            throws IOException {
        this.settings = settings;
        this.published = metrics.counter("messagesPublished");
        this.republished = metrics.counter("messagesRepublished");
        metrics.gauge("inFlight", this::outstanding);
        this.client = settings.clientFactory().create(settings.broker(), options);
        client.connect(new MqttClientAdapter.Callback() {
            @Override
            public void messageArrived(String topic, byte[] payload, int messageId, int qos) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void reconnected() {
                wake();
            }

            @Override
            public void failed(Throwable error) {
                synchronized (lock) {
                    failure = failure == null ? error : failure;
                    lock.notifyAll();
                }
            }
        });
    }

    private int outstanding() {
        synchronized (lock) {
            return outstanding;
        }
    }

    @Override
    public void write(MqttRecord record, Context context) throws IOException, InterruptedException {
        awaitUntil(() -> outstanding < settings.maxInFlight(), "room for another message");
        synchronized (lock) {
            outstanding++;
        }
        if (!send(record)) {
            synchronized (lock) {
                toRepublish.add(record);
            }
        }
    }

    /** Hands the record to the client; false when it cannot take it now. */
    private boolean send(MqttRecord record) {
        if (!client.isConnected()) {
            return false;
        }
        CompletableFuture<Void> ack;
        try {
            ack = client.publish(record.topic(), record.payload(), settings.qos(), settings.retain());
        } catch (IOException e) {
            return false;
        }
        ack.whenComplete((ok, error) -> {
            synchronized (lock) {
                if (error == null) {
                    outstanding--;
                    lastProgressNanos = System.nanoTime();
                    published.inc();
                } else if (error instanceof IOException refused) {
                    failure = failure == null ? refused : failure;
                } else {
                    toRepublish.add(record);
                }
                lock.notifyAll();
            }
        });
        return true;
    }

    private void republishWhenConnected() {
        while (client.isConnected()) {
            MqttRecord r;
            synchronized (lock) {
                r = toRepublish.poll();
            }
            if (r == null) {
                return;
            }
            if (!send(r)) {
                synchronized (lock) {
                    toRepublish.add(r);
                }
                return;
            }
            republished.inc();
        }
    }

    private void awaitUntil(BooleanSupplier condition, String what) throws IOException, InterruptedException {
        while (true) {
            republishWhenConnected();
            synchronized (lock) {
                if (failure != null) {
                    throw new IOException("MQTT sink on " + settings.broker().url() + " failed: "
                            + failure.getMessage(), failure);
                }
                if (condition.getAsBoolean()) {
                    return;
                }
                long idleNanos = System.nanoTime() - lastProgressNanos;
                if (idleNanos > settings.deliveryTimeout().toNanos()) {
                    throw new IOException("MQTT sink: broker " + settings.broker().url() + " acknowledged none of "
                            + outstanding + " messages within deliveryTimeout " + settings.deliveryTimeout()
                            + " (waiting for " + what + ", connected: " + client.isConnected() + ")");
                }
                lock.wait(toRepublish.isEmpty() ? 1_000 : RETRY_PAUSE_MILLIS);
            }
        }
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Waits until the broker acknowledged every message written so far (the checkpoint waits for this). */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        synchronized (lock) {
            lastProgressNanos = System.nanoTime();
        }
        awaitUntil(() -> outstanding == 0, "the acknowledgement of every message");
    }

    @Override
    public void close() {
        int left = outstanding();
        if (left > 0) {
            LOG.warn("MQTT sink closes with {} messages unacknowledged; the job's replay publishes them again", left);
        }
        client.close();
    }
}
