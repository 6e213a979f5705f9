package dev.plantctl.connectors.mqtt;

import dev.plantctl.connectors.Secret;
import dev.plantctl.connectors.mqtt.internal.MqttSplitSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttOptionsTest {

    private static final MqttBroker LOCAL = MqttBroker.insecure("tcp://127.0.0.1:1883");

    private static MqttSource.Builder source() {
        return MqttSource.builder().broker(LOCAL).topicFilters(List.of("plant/+/t")).clientId("job");
    }

    @Test
    void badBrokerUrlsAreNamed() {
        assertThatThrownBy(() -> MqttBroker.insecure("http://h:1")).hasMessageContaining("'http://h:1'");
        assertThatThrownBy(() -> MqttBroker.insecure("tcp://nohost")).hasMessageContaining("'tcp://nohost'");
        assertThatThrownBy(() -> MqttBroker.insecure(" ")).hasMessageContaining("missing");
        assertThatThrownBy(() -> MqttBroker.secure("tcp://h:1883")).hasMessageContaining("not TLS")
                .hasMessageContaining("insecure");
    }

    @Test
    void secureBrokersNeedCredentialsThatCanBeRead(@TempDir Path dir) throws Exception {
        MqttBroker secure = MqttBroker.secure("ssl://broker:8883");
        assertThatThrownBy(() -> source().broker(secure).build()).hasMessageContaining("'credentials'");
        assertThatThrownBy(() -> source().broker(secure.credentials("plant",
                Secret.fromEnv("PLANTCTL_NO_SUCH_VARIABLE"))).build())
                .hasMessageContaining("'password'").hasMessageContaining("PLANTCTL_NO_SUCH_VARIABLE");
        Path file = dir.resolve("pw");
        assertThatThrownBy(() -> source().broker(secure.credentials("plant", Secret.fromFile(file))).build())
                .hasMessageContaining("'password'").hasMessageContaining(file.toString());
        Files.writeString(file, "s3cret\n");
        assertThat(source().broker(secure.credentials("plant", Secret.fromFile(file))).build()).isNotNull();
        assertThat(Secret.fromFile(file).value()).isEqualTo("s3cret");
        assertThat(Secret.fromFile(file).toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> source().broker(secure.credentials("plant", Secret.fromFile(file))
                .trustStore(dir.resolve("none.p12"), "PKCS12", Secret.fromFile(file))).build())
                .hasMessageContaining("'trustStore'");
    }

    @Test
    void aTrustStoreKeepsTheUsersPassword(@TempDir Path dir) throws Exception {
        Secret user = Secret.fromFile(Files.writeString(dir.resolve("user.password"), "grow-lettuce"));
        Secret store = Secret.fromFile(Files.writeString(dir.resolve("store.password"), "changeit"));
        MqttBroker broker = MqttBroker.secure("ssl://broker:8883").credentials("grower", user)
                .trustStore(dir.resolve("trust.p12"), "PKCS12", store);
        assertThat(broker.password()).as("the user's password, not the trust store's").isEqualTo(user);
        assertThat(broker.trustStorePassword()).isEqualTo(store);
    }

    @Test
    void malformedTopicFiltersAreQuoted() {
        for (String bad : List.of("plant/#/t", "plant/a+/t", "", "$share/g/plant/#", "a/b#")) {
            assertThatThrownBy(() -> MqttSource.builder().broker(LOCAL).topicFilters(List.of(bad)).clientId("job")
                    .build(), bad).hasMessageContaining("topic filter '" + bad + "' is malformed");
        }
        for (String good : List.of("#", "+", "plant/+/t", "plant/#", "/a", "a//b")) {
            assertThat(MqttSource.builder().broker(LOCAL).topicFilters(List.of(good)).clientId("job").build())
                    .isNotNull();
        }
        assertThatThrownBy(() -> MqttTopics.checkTopic("MQTT sink", "a/+")).hasMessageContaining("'a/+'");
    }

    @Test
    void eachOtherBadSourceOptionIsNamed() {
        assertThatThrownBy(() -> MqttSource.builder().topicFilters(List.of("a")).clientId("c").build())
                .hasMessageContaining("'broker'");
        assertThatThrownBy(() -> MqttSource.builder().broker(LOCAL).clientId("c").build())
                .hasMessageContaining("'topicFilters'");
        assertThatThrownBy(() -> MqttSource.builder().broker(LOCAL).topicFilters(List.of("a")).build())
                .hasMessageContaining("'clientId'");
        assertThatThrownBy(() -> source().qos(2).build()).hasMessageContaining("'qos'");
        assertThatThrownBy(() -> source().sessions(0).build()).hasMessageContaining("'sessions'");
        assertThatThrownBy(() -> source().sharedGroup("a/b").build()).hasMessageContaining("'sharedGroup'");
        assertThatThrownBy(() -> source().receiveMaximum(70_000).build()).hasMessageContaining("'receiveMaximum'");
        assertThatThrownBy(() -> source().sessionExpiry(java.time.Duration.ZERO).build())
                .hasMessageContaining("'sessionExpiry'");
    }

    @Test
    void eachBadSinkOptionIsNamed() {
        assertThatThrownBy(() -> MqttSink.builder().clientId("c").build()).hasMessageContaining("'broker'");
        assertThatThrownBy(() -> MqttSink.builder().broker(LOCAL).build()).hasMessageContaining("'clientId'");
        assertThatThrownBy(() -> MqttSink.builder().broker(LOCAL).clientId("c").maxInFlight(0).build())
                .hasMessageContaining("'maxInFlight'");
        assertThatThrownBy(() -> MqttSink.builder().broker(LOCAL).clientId("c").qos(3).build())
                .hasMessageContaining("'qos'");
    }

    @Test
    void sessionsAreSplitsWithStableClientIdsThatRoundTrip() throws Exception {
        MqttSource source = source().sessions(3).build();
        var serializer = source.getSplitSerializer();
        var pending = source.getEnumeratorCheckpointSerializer();
        List<MqttSplit> splits = List.of(new MqttSplit("0", "job-0"), new MqttSplit("1", "job-1"));
        assertThat(pending.deserialize(pending.getVersion(), pending.serialize(splits))).isEqualTo(splits);
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(splits.get(1))))
                .isEqualTo(splits.get(1));
        assertThatThrownBy(() -> new MqttSplitSerializer().deserialize(7, new byte[0])).hasMessageContaining("7");
    }
}
