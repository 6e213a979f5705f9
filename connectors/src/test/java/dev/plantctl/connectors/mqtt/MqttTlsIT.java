package dev.plantctl.connectors.mqtt;

import dev.plantctl.connectors.Secret;
import dev.plantctl.connectors.opcua.KeyStoreEntry;
import dev.plantctl.connectors.opcua.TestCertificates;
import dev.plantctl.testing.Await;
import dev.plantctl.testing.MosquittoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The secure default against a real Mosquitto: over TLS with a password file, a client that trusts the broker's
 * certificate and gives the right password carries messages, one that does not trust it is refused, and a wrong
 * password is refused; each refusal names the broker.
 */
@Timeout(120)
class MqttTlsIT {

    @TempDir
    Path dir;

    @Test
    void aTrustedTlsSessionCarriesMessagesAnUntrustedOneAndAWrongPasswordAreRefused() throws Exception {
        KeyStoreEntry.Loaded certificate = TestCertificates.create(dir, "broker", "urn:plantctl:test:broker").load();
        Path certFile = pem(dir.resolve("broker.pem"), "CERTIFICATE", certificate.certificate().getEncoded());
        Path keyFile = pem(dir.resolve("broker.key"), "PRIVATE KEY", certificate.keyPair().getPrivate().getEncoded());
        Path trustStore = dir.resolve("trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("broker", certificate.certificate());
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, "trust-pass".toCharArray());
        }
        Secret trustPassword = Secret.fromFile(Files.writeString(dir.resolve("trust.password"), "trust-pass"));
        Secret password = Secret.fromFile(Files.writeString(dir.resolve("grower.password"), "grow-lettuce"));
        Secret wrong = Secret.fromFile(Files.writeString(dir.resolve("wrong.password"), "guess"));

        try (MosquittoServer server = MosquittoServer.builder().tls(certFile, keyFile)
                .credentials("grower", "grow-lettuce").start()) {
            MqttBroker trusted = MqttBroker.secure(server.url()).credentials("grower", password)
                    .trustStore(trustStore, "PKCS12", trustPassword);
            RecordingCallback received = new RecordingCallback();
            MqttClientAdapter client = connect(trusted, "tls-client", received);
            try {
                client.subscribe(List.of("greenhouse/#"), 1);
                client.publish("greenhouse/c1/co2", "812".getBytes(StandardCharsets.UTF_8), 1, false).get();
                Await.until("the message came back over TLS", Duration.ofSeconds(30), () -> received.payloads().contains("812"));
            } finally {
                client.close();
            }

            assertThatThrownBy(() -> connect(MqttBroker.secure(server.url()).credentials("grower", password),
                    "untrusting", new RecordingCallback())).as("the JVM's default trust does not know the broker's certificate")
                    .isInstanceOf(IOException.class).hasMessageContaining(server.url());
            assertThatThrownBy(() -> connect(MqttBroker.secure(server.url()).credentials("grower", wrong)
                    .trustStore(trustStore, "PKCS12", trustPassword), "wrong-password", new RecordingCallback()))
                    .isInstanceOf(IOException.class).hasMessageContaining(server.url())
                    .hasMessageContaining("Not authorized");
        }
    }

    private static MqttClientAdapter connect(MqttBroker broker, String clientId, RecordingCallback callback)
            throws IOException {
        MqttClientAdapter client = MqttClientFactory.paho().create(broker, new MqttClientOptions(clientId, false,
                Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2), 100, false));
        client.connect(callback);
        return client;
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
