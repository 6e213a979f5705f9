package dev.plantctl.connectors.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An {@link MqttClientAdapter.Callback} that keeps the payloads that arrive, as text, and ignores the rest. */
public final class RecordingCallback implements MqttClientAdapter.Callback {

    private final Queue<String> payloads = new ConcurrentLinkedQueue<>();

    /** The payloads so far, in arrival order. */
    public Queue<String> payloads() {
        return payloads;
    }

    @Override
    public void messageArrived(String topic, byte[] payload, int messageId, int qos) {
        payloads.add(new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void connectionLost(Throwable cause) {
    }

    @Override
    public void reconnected() {
    }

    @Override
    public void failed(Throwable error) {
    }
}
