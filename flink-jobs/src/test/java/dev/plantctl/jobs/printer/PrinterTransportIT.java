package dev.plantctl.jobs.printer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.Secret;
import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttClientAdapter;
import dev.plantctl.connectors.mqtt.MqttClientFactory;
import dev.plantctl.connectors.mqtt.MqttClientOptions;
import dev.plantctl.connectors.mqtt.RecordingCallback;
import dev.plantctl.connectors.opcua.KeyStoreEntry;
import dev.plantctl.connectors.opcua.TestCertificates;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.Scenario;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.mqtt.MqttLogin;
import dev.plantctl.simulators.printer.PrinterFarmSimulator;
import dev.plantctl.testing.Await;
import dev.plantctl.testing.MosquittoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The printer job's MQTT transport against a real Mosquitto with TLS, a password file and an ACL, as a plant would
 * run it: only the job's user may publish G-code requests ({@code +/moonraker/api/request}) and the job's G-code
 * ledger, only the printers' user may publish status. A foreign client (other credentials, or anonymous) can
 * neither send a printer G-code nor forge the ledger; the job refuses to start without TLS credentials unless its
 * file says {@code mqtt.security=insecure}; and a printer job submitted again, fresh (no checkpoint), after an
 * earlier one was stopped sends no G-code request twice, although it decides every layer the earlier one had decided
 * again.
 */
class PrinterTransportIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String CLIENT_ID = "farm-a";
    private static final String JOB_USER = "printer-job";
    private static final String PRINTER_USER = "printers";
    private static final String INTRUDER = "intruder";
    private static final String AUDITOR = "auditor";
    private static final String LEDGER = GcodeLedger.topic(CLIENT_ID);
    private static final String ACL = """
            user printer-job
            topic read +/klipper/state/#
            topic write +/moonraker/api/request
            topic read +/moonraker/api/response
            topic readwrite plantctl/farm-a/gcode-ledger/#

            user printers
            topic write +/klipper/state/#
            topic read +/moonraker/api/request
            topic write +/moonraker/api/response
            topic readwrite +/moonraker/status

            user intruder
            topic read +/klipper/state/#

            user auditor
            topic read #
            """;
    private static final int PRINTERS = 3;
    private static final int LAYERS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MosquittoServer server;
    private Path trustStore;
    private Secret trustPassword;

    @BeforeEach
    void startTheBroker() throws Exception {
        KeyStoreEntry.Loaded certificate = TestCertificates.create(dir, "broker", "urn:plantctl:test:broker").load();
        Path certFile = pem(dir.resolve("broker.pem"), "CERTIFICATE", certificate.certificate().getEncoded());
        Path keyFile = pem(dir.resolve("broker.key"), "PRIVATE KEY", certificate.keyPair().getPrivate().getEncoded());
        trustStore = dir.resolve("trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("broker", certificate.certificate());
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, "trust-pass".toCharArray());
        }
        trustPassword = Secret.fromFile(Files.writeString(dir.resolve("trust.password"), "trust-pass"));
        for (String user : List.of(JOB_USER, PRINTER_USER, INTRUDER, AUDITOR)) {
            Files.writeString(dir.resolve(user + ".password"), password(user) + "\n");
        }
        server = MosquittoServer.builder().tls(certFile, keyFile).credentials(JOB_USER, password(JOB_USER))
                .credentials(PRINTER_USER, password(PRINTER_USER)).credentials(INTRUDER, password(INTRUDER))
                .credentials(AUDITOR, password(AUDITOR)).acl(ACL).start();
    }

    @AfterEach
    void stopTheBroker() {
        server.close();
    }

    @Test
    void aForeignClientCannotSendGcodeOrForgeTheLedger() throws Exception {
        PrinterJobConfig config = PrinterJobFile.read(jobFile("job", "10s")).job();
        PrinterMqttSession.create(config);
        Auditor auditor = new Auditor(client(login(AUDITOR), "auditor", MqttClientFactory.pahoV5()));
        auditor.client.subscribe(List.of("+/moonraker/api/request", "plantctl/#"), 1);
        long forged = Instant.parse("9999-12-31T23:59:59Z").toEpochMilli();
        byte[] gcode = request("M290 Z0.5");
        byte[] ledger = ("{\"p1\":" + forged + "}").getBytes(StandardCharsets.UTF_8);

        MqttClientAdapter v5 = connect(login(INTRUDER), "intruder-v5", MqttClientFactory.pahoV5());
        try {
            assertThatThrownBy(() -> v5.publish("p1/moonraker/api/request", gcode, 1, false).get())
                    .as("MQTT 5: the broker answers the G-code request with 'not authorized'")
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("reason code 0x87");
            assertThatThrownBy(() -> v5.publish(LEDGER, ledger, 1, true).get())
                    .as("MQTT 5: the broker answers the forged ledger with 'not authorized'")
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("reason code 0x87");
        } finally {
            v5.close();
        }
        MqttClientAdapter v3 = connect(login(INTRUDER), "intruder-v3", MqttClientFactory.pahoV3());
        try {
            v3.publish("p2/moonraker/api/request", gcode, 1, false).get(); // MQTT 3.1.1: dropped without a word
            v3.publish(LEDGER, ledger, 1, true).get();
        } finally {
            v3.close();
        }
        assertThatThrownBy(() -> connect(MqttBroker.secure(server.url()).credentials(JOB_USER,
                Secret.fromFile(dir.resolve(INTRUDER + ".password"))).trustStore(trustStore, "PKCS12", trustPassword),
                "guessing", MqttClientFactory.paho())).as("the job's user with another password")
                .isInstanceOf(IOException.class).hasMessageContaining("Not authorized");
        assertThatThrownBy(() -> connect(MqttBroker.insecure(server.url()).trustStore(trustStore, "PKCS12",
                trustPassword), "anonymous", MqttClientFactory.paho())).as("anonymous")
                .isInstanceOf(IOException.class).hasMessageContaining("Not authorized");

        // The job's own request goes through; it was published after the intruders' had been acknowledged, so when
        // it has arrived, theirs would have arrived before it.
        MqttClientAdapter job = connect(login(JOB_USER), "job-marker", MqttClientFactory.pahoV5());
        try {
            job.publish("p3/moonraker/api/request", request("M117 marker"), 1, false).get();
        } finally {
            job.close();
        }
        Await.until("the job's own request reached the auditor", Duration.ofSeconds(30),
                () -> auditor.topics().contains("p3/moonraker/api/request"));
        auditor.client.close();
        assertThat(auditor.topics()).as("no printer received the intruders' G-code, the ledger did not change")
                .doesNotContain("p1/moonraker/api/request", "p2/moonraker/api/request")
                .filteredOn(t -> t.equals(LEDGER)).hasSize(1);
        assertThat(GcodeLedger.createIfAbsent(config.broker(), CLIENT_ID, Instant.now()))
                .as("the retained ledger is still the empty one the job created").isEmpty();
    }

    @Test
    void withoutTlsCredentialsTheJobRefusesToStartUnlessItsFileSaysInsecure() throws Exception {
        Path withoutUser = Files.writeString(dir.resolve("no-user.properties"),
                Files.readString(jobFile("job", "10s")).replaceAll("(?m)^mqtt\\.(user|password\\.file)=.*\\n", ""));
        assertThatThrownBy(() -> PrinterJobFile.read(withoutUser)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(withoutUser.toString())
                .hasMessageContaining("'mqtt.user' is required for the TLS broker " + server.url())
                .hasMessageContaining("mqtt.security=insecure");
        Path plain = Files.writeString(dir.resolve("plain.properties"),
                Files.readString(jobFile("job", "10s")).replace("ssl://", "tcp://"));
        assertThatThrownBy(() -> PrinterJobFile.read(plain)).hasMessageContaining("is not TLS");
        Path insecure = Files.writeString(dir.resolve("insecure.properties"),
                Files.readString(withoutUser) + "mqtt.security=insecure\n");
        PrinterJobFile anonymous = PrinterJobFile.read(insecure);
        assertThatThrownBy(() -> anonymous.addTo(StreamExecutionEnvironment.getExecutionEnvironment()))
                .as("an insecure file is read, but the broker refuses its anonymous client")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(server.url())
                .hasMessageContaining("Not authorized");
    }

    @Test
    void aResubmittedJobSendsNoGcodeTwice() throws Exception {
        PrintJob print = PrintJob.standard("it", Material.PLA, LAYERS);
        // The first job never checkpoints, so it acknowledges no status message: the job submitted after it gets
        // every one of them again and decides every layer the first one had decided, G-code included.
        PrinterJobFile first = PrinterJobFile.read(jobFile("first", "1h"));
        PrinterJobFile second = PrinterJobFile.read(jobFile("second", "1s"));
        Auditor auditor = new Auditor(client(login(AUDITOR), "auditor", MqttClientFactory.pahoV5()));
        auditor.client.subscribe(List.of("+/moonraker/api/request"), 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        first.addTo(env);
        JobClient firstJob = env.executeAsync("printer-first");
        MqttBroker printers = MqttBroker.secure(server.url()).trustStore(trustStore, "PKCS12", trustPassword);
        MqttLogin printerLogin = new MqttLogin(PRINTER_USER, password(PRINTER_USER),
                printers.sslContext().getSocketFactory());
        int sentByFirst;
        try (PrinterFarmSimulator farm = PrinterFarmSimulator.builder().printers(PRINTERS).job(print)
                .brokerUrl(server.url()).login(printerLogin)
                .scenarios(List.of(Scenario.named("wrong_temperature", 110, Material.PLA),
                        Scenario.named("z_drift", 110, Material.PLA),
                        Scenario.named("z_drift", 200, Material.PLA)))
                .statusQos(1).clockMode(ClockMode.ACCELERATED).accelerationFactor(10).opcUa(false).seed(5)
                .start()) {
            Await.until("the first job sent G-code", Duration.ofMinutes(2), () -> !auditor.requests().isEmpty(),
                    () -> "requests " + auditor.requests() + ", farm at layer " + farm.status("p1").currentLayer()
                            + ", job " + status(firstJob));
            firstJob.cancel().get();
            sentByFirst = auditor.requests().size();
            JobClient secondJob;
            env = StreamExecutionEnvironment.getExecutionEnvironment();
            second.addTo(env);
            secondJob = env.executeAsync("printer-second");
            try {
                Path explanations = dir.resolve("second-explanations.jsonl");
                Await.until("the second job decided every finished layer of the three printers",
                        Duration.ofMinutes(3), () -> lines(explanations).size() >= PRINTERS * (LAYERS - 2),
                        () -> lines(explanations).size() + " decisions, farm at layer "
                                + farm.status("p1").currentLayer() + ", requests " + auditor.requests() + ", job "
                                + status(secondJob));
            } finally {
                secondJob.cancel().get();
            }
        }
        auditor.client.close();
        Map<String, Integer> perRequest = new TreeMap<>();
        auditor.requests().forEach(id -> perRequest.merge(id, 1, Integer::sum));
        long resent = lines(dir.resolve("second-explanations.jsonl")).stream().map(PrinterTransportIT::summary)
                .filter(s -> s.startsWith("auto_adjust") || s.startsWith("pause")).count();
        System.out.println("G-code requests: " + sentByFirst + " seen when the first job was cancelled, "
                + perRequest.size() + " in all; the second job decided " + resent
                + " G-code actions, the first job's included");
        assertThat(perRequest).as("every G-code request reached the printers once").isNotEmpty()
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(resent).as("the second job decided the first job's G-code layers again (they were replayed)")
                .isGreaterThanOrEqualTo(sentByFirst);
        assertThat(perRequest.size()).as("the second job sent G-code of its own for later layers")
                .isGreaterThan(sentByFirst);
    }

    /** A client of the test broker that keeps the topics and request ids it receives. */
    private static final class Auditor implements MqttClientAdapter.Callback {

        private final Queue<String[]> received = new ConcurrentLinkedQueue<>();
        private final MqttClientAdapter client;

        Auditor(MqttClientAdapter unconnected) throws IOException {
            this.client = unconnected;
            client.connect(this);
        }

        List<String> topics() {
            return received.stream().map(r -> r[0]).toList();
        }

        /** The ids of the G-code requests received, in order. */
        List<String> requests() {
            return received.stream().filter(r -> r[0].endsWith("/moonraker/api/request")).map(r -> {
                try {
                    return JSON.readTree(r[1]).path("id").asText();
                } catch (IOException e) {
                    return "not JSON: " + r[1];
                }
            }).toList();
        }

        @Override
        public void messageArrived(String topic, byte[] payload, int messageId, int qos) {
            received.add(new String[] {topic, new String(payload, StandardCharsets.UTF_8)});
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

    /** The job's configuration file, over TLS as the job's user; {@code name} prefixes its output files. */
    private Path jobFile(String name, String checkpointInterval) throws IOException {
        PrintContext print = PrintContext.of(PrintJob.standard("it", Material.PLA, LAYERS));
        return Files.writeString(dir.resolve(name + ".properties"), String.format(Locale.ROOT, """
                mqtt.broker=%s
                mqtt.user=%s
                mqtt.password.file=%s.password
                mqtt.trust.store=trust.p12
                mqtt.trust.store.password.file=trust.password
                mqtt.client.id=%s
                material=%s
                hotend.temperature=%s
                line.width=%s
                layer.height=%s
                explanations.file=%s-explanations.jsonl
                dead.letters.file=%s-dead-letters.jsonl
                checkpoint.interval=%s
                parallelism=1
                """, server.url(), JOB_USER, JOB_USER, CLIENT_ID, print.materialLabel(), print.plannedTemperatureC(),
                print.nominalWidthMm(), print.nominalHeightMm(), name, name, checkpointInterval));
    }

    private MqttBroker login(String user) {
        return MqttBroker.secure(server.url()).credentials(user, Secret.fromFile(dir.resolve(user + ".password")))
                .trustStore(trustStore, "PKCS12", trustPassword);
    }

    /** A client with a clean session, not yet connected. */
    private static MqttClientAdapter client(MqttBroker broker, String clientId, MqttClientFactory factory) {
        return factory.create(broker, new MqttClientOptions(clientId, false, Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(2), 100, false));
    }

    private static MqttClientAdapter connect(MqttBroker broker, String clientId, MqttClientFactory factory)
            throws IOException {
        MqttClientAdapter client = client(broker, clientId, factory);
        client.connect(new RecordingCallback());
        return client;
    }

    private static String password(String user) {
        return "pw-of-" + user;
    }

    private static byte[] request(String script) {
        return ("{\"jsonrpc\":\"2.0\",\"method\":\"printer.gcode.script\",\"params\":{\"script\":\"" + script
                + "\"},\"id\":\"forged\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String summary(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node.path("summary").asText();
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + line, e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static String status(JobClient client) {
        try {
            return client.getJobStatus().get().toString();
        } catch (Exception e) {
            return "status unknown: " + e;
        }
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
