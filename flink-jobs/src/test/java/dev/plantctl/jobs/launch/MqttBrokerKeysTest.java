package dev.plantctl.jobs.launch;

import dev.plantctl.connectors.mqtt.MqttBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttBrokerKeysTest {

    @TempDir
    Path dir;

    @Test
    void aTlsBrokerWithCredentialsAndATrustStore() throws Exception {
        Files.writeString(dir.resolve("job.password"), "s3cret\n");
        Files.writeString(dir.resolve("trust.password"), "changeit");
        Files.write(dir.resolve("trust.p12"), new byte[] {1});
        MqttBroker broker = read("""
                mqtt.broker=ssl://broker.plant:8883
                mqtt.user=printer-job
                mqtt.password.file=job.password
                mqtt.trust.store=trust.p12
                mqtt.trust.store.password.file=trust.password
                """);
        assertThat(broker.isTls()).isTrue();
        assertThat(broker.isInsecure()).isFalse();
        assertThat(broker.user()).isEqualTo("printer-job");
        assertThat(broker.password().value()).isEqualTo("s3cret");
        assertThat(broker.trustStorePath()).isEqualTo(dir.resolve("trust.p12").toString());
        assertThat(broker.trustStoreType()).isEqualTo("PKCS12");
        assertThat(broker.toString()).doesNotContain("s3cret");
    }

    @Test
    void withoutTlsOrCredentialsTheJobRefusesUnlessTheFileSaysInsecure() throws Exception {
        assertThatThrownBy(() -> read("mqtt.broker=tcp://127.0.0.1:1883\n"))
                .hasMessageContaining("'mqtt.broker'").hasMessageContaining("is not TLS")
                .hasMessageContaining("mqtt.security=insecure");
        assertThatThrownBy(() -> read("mqtt.broker=ssl://127.0.0.1:8883\n"))
                .hasMessageContaining("'mqtt.user' is required for the TLS broker ssl://127.0.0.1:8883")
                .hasMessageContaining("mqtt.security=insecure");
        MqttBroker insecure = read("mqtt.broker=tcp://127.0.0.1:1883\nmqtt.security=insecure\n");
        assertThat(insecure.isInsecure()).isTrue();
        assertThat(insecure.user()).isNull();
        assertThatThrownBy(() -> read("mqtt.broker=tcp://127.0.0.1:1883\nmqtt.security=off\n"))
                .hasMessageContaining("'mqtt.security' must be tls or insecure, got 'off'");
    }

    @Test
    void aPasswordComesFromAFileOrTheEnvironmentNeverFromTheFileItself() throws Exception {
        assertThatThrownBy(() -> read("mqtt.broker=ssl://b:8883\nmqtt.user=job\n"))
                .hasMessageContaining("'mqtt.password.file' the password is missing: set mqtt.password.file or"
                        + " mqtt.password.env");
        assertThatThrownBy(() -> read("mqtt.broker=ssl://b:8883\nmqtt.user=job\nmqtt.password.file=absent\n"))
                .hasMessageContaining("'mqtt.password.file'").hasMessageContaining(dir.resolve("absent").toString());
        assertThatThrownBy(() -> read("mqtt.broker=ssl://b:8883\nmqtt.user=job\n"
                + "mqtt.password.env=PLANTCTL_TEST_VARIABLE_THAT_IS_NOT_SET\n"))
                .hasMessageContaining("environment variable PLANTCTL_TEST_VARIABLE_THAT_IS_NOT_SET is not set");
        Path file = Files.writeString(dir.resolve("plain.properties"),
                "mqtt.broker=ssl://b:8883\nmqtt.user=job\nmqtt.password=hunter2\n");
        JobConfigFile cfg = JobConfigFile.read(file);
        assertThatThrownBy(() -> {
            MqttBrokerKeys.read(cfg);
            cfg.requireOnlyKnownKeys();
        }).hasMessageNotContaining("hunter2").hasMessageContaining("'mqtt.password.file' the password is missing");
    }

    @Test
    void aTrustStoreNeedsItsPasswordAndAKnownType() throws Exception {
        Files.write(dir.resolve("trust.p12"), new byte[] {1});
        Files.writeString(dir.resolve("job.password"), "s3cret");
        String base = "mqtt.broker=ssl://b:8883\nmqtt.user=job\nmqtt.password.file=job.password\n"
                + "mqtt.trust.store=trust.p12\n";
        assertThatThrownBy(() -> read(base)).hasMessageContaining("'mqtt.trust.store'")
                .hasMessageContaining("mqtt.trust.store.password.file or mqtt.trust.store.password.env");
        assertThatThrownBy(() -> read(base + "mqtt.trust.store.password.file=job.password\nmqtt.trust.store.type=PEM\n"))
                .hasMessageContaining("'mqtt.trust.store'").hasMessageContaining("PKCS12 or JKS, got PEM");
    }

    private MqttBroker read(String content) throws Exception {
        return MqttBrokerKeys.read(JobConfigFile.read(Files.writeString(dir.resolve("job.properties"), content)));
    }
}
