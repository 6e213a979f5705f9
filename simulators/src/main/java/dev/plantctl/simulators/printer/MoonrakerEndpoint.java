package dev.plantctl.simulators.printer;

import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.PrinterStatus;
import dev.plantctl.simulators.mqtt.MqttLink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One printer's MQTT face, as a Moonraker instance shows it: its status fields as they change (at the QoS of
 * Moonraker's {@code [mqtt] qos} option, 0 by default), its JSON-RPC API on the request topic with the responses on the response topic (QoS 1),
 * and its availability ({@code {"server": "online"}}, retained, with {@code "offline"} as will and on close).
 */
final class MoonrakerEndpoint implements AutoCloseable {

    /** Availability payload while running. */
    static final String ONLINE = "{\"server\":\"online\"}";
    /** Availability payload after a stop (and the will after a lost connection). */
    static final String OFFLINE = "{\"server\":\"offline\"}";

    private final String instance;
    private final MqttLink link;
    private final MoonrakerApi api;
    private final MoonrakerStatus status;
    private final String responseTopic;
    private final int statusQos;
    private final AtomicLong statusMessages = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    MoonrakerEndpoint(String instance, MqttLink link, MoonrakerApi api, int statusQos) {
        this.instance = instance;
        this.statusQos = statusQos;
        this.link = link;
        this.api = api;
        this.status = new MoonrakerStatus(instance);
        this.responseTopic = PrinterSignals.responseTopic(instance);
    }

    /** Announces the printer online and starts answering requests. */
    void start() {
        link.publish(PrinterSignals.availabilityTopic(instance), ONLINE.getBytes(StandardCharsets.UTF_8), 1, true);
        link.subscribe(PrinterSignals.requestTopic(instance), 1, (topic, payload) -> onRequest(payload));
    }

    /** Publishes the status fields that changed; called on the clock's thread. */
    void publishStatus(PrinterStatus s, Instant time) {
        for (MoonrakerStatus.Message m : status.changes(s, time)) {
            if (link.publish(m.topic(), m.payload(), statusQos, false)) {
                statusMessages.incrementAndGet();
            }
        }
    }

    private void onRequest(byte[] payload) {
        requests.incrementAndGet();
        api.handle(payload).ifPresent(response ->
                link.publish(responseTopic, response.getBytes(StandardCharsets.UTF_8), 1, false));
    }

    /** Status messages handed to the client. */
    long statusMessages() {
        return statusMessages.get();
    }

    /** Requests received. */
    long requests() {
        return requests.get();
    }

    /** The MQTT link (for its counters). */
    MqttLink link() {
        return link;
    }

    /** Announces the printer offline and disconnects. */
    @Override
    public void close() {
        link.publish(PrinterSignals.availabilityTopic(instance), OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true);
        link.close();
    }
}
