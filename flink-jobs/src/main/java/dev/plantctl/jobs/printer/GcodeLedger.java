package dev.plantctl.jobs.printer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttSource;
import dev.plantctl.connectors.mqtt.PahoV5Connections;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The printer job's G-code ledger ({@link GcodeLedgerSink}): one retained message on
 * {@code plantctl/<clientId>/gcode-ledger}, a JSON object that holds per printer the time (epoch milliseconds) of the
 * last decision whose G-code was sent.
 *
 * <p>The ledger outlives the job: it is created, empty, only when the broker holds none
 * ({@link #createIfAbsent}), so a job submitted again sends none of the G-code the previous one sent. A ledger that
 * is there is checked before any job uses it ({@link #parse}): an entry that is not a whole non-negative number of
 * milliseconds, or lies more than {@link #MAX_AHEAD} ahead of the job's clock, fails the job's start with a message
 * naming the topic and the entry. Such an entry would hold back that printer's G-code until its time (a forged
 * {@code 9999-12-31} would silence the printer's corrections for good), so an operator must look; there is no
 * reset option in the job. Deleting the retained message (as the job's MQTT user, e.g.
 * {@code mosquitto_pub -r -n -t plantctl/<clientId>/gcode-ledger}) starts the ledger afresh at the next submission,
 * at the price that layers the broker still queues for the job may have their G-code sent again.
 *
 * <p>Whether the broker holds a ledger is asked without a timeout guess: the reader subscribes to the ledger and to a
 * probe topic beside it ({@code <ledger>/probe}), then publishes a random probe. Mosquitto sends a subscription's
 * retained message before anything published after the subscription was acknowledged, so when the probe comes back
 * the ledger, if there is one, has arrived; other brokers may be less strict, so the ledger counts as absent only
 * after three rounds saw none ({@link #readRetained}). The job's MQTT user needs to read and write
 * both topics ({@code plantctl/<clientId>/gcode-ledger/#} in a Mosquitto ACL).
 */
public final class GcodeLedger {

    /** How far ahead of the job's clock a ledger entry may lie: the printers' clocks and the job's may differ. */
    public static final Duration MAX_AHEAD = Duration.ofDays(1);

    private static final int PROBE_ROUNDS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(GcodeLedger.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private GcodeLedger() {
    }

    /** The retained topic of a job's ledger. */
    public static String topic(String clientId) {
        return "plantctl/" + clientId + "/gcode-ledger";
    }

    /** An empty ledger's payload. */
    static byte[] empty() {
        return "{}".getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a ledger's payload and checks every entry.
     *
     * @param topic   the ledger's topic, for messages
     * @param payload the retained payload
     * @param now     the job's clock
     * @return printer to the time of its last decision whose G-code was sent, epoch milliseconds; mutable
     * @throws IllegalArgumentException naming the topic and the entry when the payload is not a JSON object, an
     *                                  entry is not a whole number of milliseconds, is negative or lies more than
     *                                  {@link #MAX_AHEAD} ahead of {@code now}
     */
    public static Map<String, Long> parse(String topic, byte[] payload, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw bad(topic, "is not JSON (" + e.getOriginalMessage() + "): " + excerpt(payload));
        } catch (IOException e) {
            throw bad(topic, "cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(topic, "is not a JSON object of printer to epoch milliseconds: " + excerpt(payload));
        }
        long latest = now.plus(MAX_AHEAD).toEpochMilli();
        Map<String, Long> ledger = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String printer = e.getKey();
            JsonNode value = e.getValue();
            if (printer.isBlank()) {
                throw bad(topic, "has an entry without a printer name");
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw bad(topic, "entry '" + printer + "' = " + value + " is not a whole number of epoch milliseconds");
            }
            long at = value.longValue();
            if (at < 0) {
                throw bad(topic, "entry '" + printer + "' = " + at + " is negative");
            }
            if (at > latest) {
                throw bad(topic, "entry '" + printer + "' = " + at + " (" + Instant.ofEpochMilli(at) + ") lies more than "
                        + MAX_AHEAD + " ahead of the job's clock (" + now + "); it would hold back the printer's G-code"
                        + " until then");
            }
            ledger.put(printer, at);
        }
        return ledger;
    }

    /**
     * Makes sure the broker holds the job's ledger: checks the one it holds, or retains an empty one when it holds
     * none. Never overwrites a ledger.
     *
     * @param now the job's clock
     * @return the ledger as found (empty when it was created)
     * @throws IOException naming the broker and the topic when the broker cannot be reached or refuses
     * @throws IllegalArgumentException naming the topic and the entry when the ledger it holds fails the check
     */
    public static Map<String, Long> createIfAbsent(MqttBroker broker, String clientId, Instant now)
            throws IOException {
        String topic = topic(clientId);
        String id = clientId + "-ledger";
        try {
            MqttClient client = new MqttClient(broker.url(), id, new MemoryPersistence());
            try {
                connect(client, broker, id);
                Optional<byte[]> found = readRetained(client, topic);
                Map<String, Long> ledger;
                if (found.isPresent()) {
                    ledger = parse(topic, found.get(), now);
                    LOG.info("G-code ledger {} kept: {}", topic, ledger);
                } else {
                    client.publish(topic, empty(), 1, true);
                    ledger = new HashMap<>();
                    LOG.info("G-code ledger {} created empty on {}", topic, broker.url());
                }
                client.disconnect();
                return ledger;
            } finally {
                client.close();
            }
        } catch (MqttException e) {
            throw new IOException("cannot read or create the G-code ledger " + topic + " on " + broker + ": "
                    + e.getMessage() + " (reason code " + e.getReasonCode() + ")", e);
        }
    }

    /**
     * Connects a clean Paho client to the broker with its credentials and TLS ({@link PahoV5Connections}).
     *
     * @throws IOException when TLS cannot be set up
     */
    static void connect(MqttClient client, MqttBroker broker, String clientId) throws IOException, MqttException {
        MqttConnectionOptions options = PahoV5Connections.options(broker, clientId);
        options.setCleanStart(true);
        options.setConnectionTimeout((int) MqttSource.DEFAULT_CONNECT_TIMEOUT.toSeconds());
        client.connect(options);
    }

    /**
     * The ledger's retained payload, or empty when the broker holds none; leaves the client unsubscribed again. Sets
     * the client's callback. Asks in up to three rounds (subscribe, probe, wait for the probe,
     * unsubscribe) and calls the ledger absent only when no round saw it: Mosquitto sends a subscription's retained
     * message before a later publication, but the embedded Artemis broker let a probe overtake it once in 300 tries
     * of a single round (measured here; with three rounds, in none of 250).
     *
     * @throws IOException naming the topic when the broker refuses the subscription, drops the connection or does
     *                     not answer within the connect timeout
     */
    static Optional<byte[]> readRetained(MqttClient client, String topic) throws IOException, MqttException {
        String probe = topic + "/probe";
        Probe callback = new Probe(topic, probe);
        client.setCallback(callback);
        for (int round = 1; round <= PROBE_ROUNDS; round++) {
            byte[] nonce = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
            CompletableFuture<Void> returned = callback.expect(nonce);
            IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1),
                new MqttSubscription(probe, 1)});
            try {
                int[] codes = token.getReasonCodes();
                for (int i = 0; codes != null && i < codes.length; i++) {
                    if (codes[i] >= 0x80) {
                        throw new IOException("the broker refused the subscription to " + (i == 0 ? topic : probe)
                                + " (reason code 0x" + Integer.toHexString(codes[i]) + "): the job's MQTT user must"
                                + " read and write " + topic + "/#");
                    }
                }
                client.publish(probe, nonce, 1, false);
                returned.get(MqttSource.DEFAULT_CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IOException("the probe on " + probe + " did not come back within "
                        + MqttSource.DEFAULT_CONNECT_TIMEOUT.toSeconds() + " s, so whether a G-code ledger is retained"
                        + " on " + topic + " is unknown: the job's MQTT user must read and write " + topic + "/#", e);
            } catch (ExecutionException e) {
                throw new IOException("lost the broker while reading the G-code ledger " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the G-code ledger " + topic, e);
            } finally {
                client.unsubscribe(new String[] {topic, probe});
            }
            if (callback.ledger != null) {
                return Optional.of(callback.ledger);
            }
        }
        return Optional.empty();
    }

    private static IllegalArgumentException bad(String topic, String problem) {
        return new IllegalArgumentException("G-code ledger " + topic + " " + problem + ": an operator must check it"
                + " before the printer job starts (deploy/README.md, 'G-code ledger')");
    }

    private static String excerpt(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** Remembers the ledger's payload, and completes a round when its probe returns. */
    private static final class Probe implements MqttCallback {

        private final String topic;
        private final String probe;
        private volatile byte[] ledger;
        private volatile byte[] nonce;
        private volatile CompletableFuture<Void> returned = new CompletableFuture<>();

        Probe(String topic, String probe) {
            this.topic = topic;
            this.probe = probe;
        }

        /** Starts a round: the future completes when this nonce comes back on the probe topic. */
        CompletableFuture<Void> expect(byte[] next) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            nonce = next;
            returned = future;
            return future;
        }

        @Override
        public void messageArrived(String t, MqttMessage message) {
            if (t.equals(topic)) {
                ledger = message.getPayload();
            } else if (t.equals(probe) && Arrays.equals(message.getPayload(), nonce)) {
                returned.complete(null);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            returned.completeExceptionally(new IOException("disconnected: " + response.getReasonString()));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            returned.completeExceptionally(exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
