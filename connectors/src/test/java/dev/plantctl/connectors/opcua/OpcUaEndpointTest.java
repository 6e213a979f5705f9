package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.Secret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each wrong security option fails when the job is built, with a message that names it. */
class OpcUaEndpointTest {

    private static final String URL = "opc.tcp://plc.example:4840";

    @TempDir
    static Path dir;

    private static KeyStoreEntry client;

    @BeforeAll
    static void makeClientCertificate() throws Exception {
        client = TestCertificates.create(dir, "client", "urn:plantctl:test:client");
    }

    @Test
    void anUnknownOrDeprecatedSecurityPolicyIsNamedWithTheChoices() throws Exception {
        assertThatThrownBy(() -> secure(client).securityPolicy("Basic512").build())
                .hasMessageContaining("unknown security policy 'Basic512'")
                .hasMessageContaining("Aes256_Sha256_RsaPss");
        assertThatThrownBy(() -> secure(client).securityPolicy("Basic256").build())
                .hasMessageContaining("'Basic256' is deprecated");
        assertThatThrownBy(() -> secure(client).securityMode("Encrypt").build())
                .hasMessageContaining("unknown security mode 'Encrypt'");
        assertThatThrownBy(() -> secure(client).securityPolicy("None").build())
                .hasMessageContaining("OpcUaEndpoint.insecure(url)");
    }

    @Test
    void aSecureEndpointNeedsItsCertificateAndTrust() throws Exception {
        assertThatThrownBy(() -> OpcUaEndpoint.secure(URL).trustDirectory(dir).build())
                .hasMessageContaining("option 'clientCertificate' is missing");
        assertThatThrownBy(() -> OpcUaEndpoint.secure(URL).clientCertificate(client).build())
                .hasMessageContaining("option 'trustDirectory' is missing");
        assertThatThrownBy(() -> OpcUaEndpoint.secure("opc.tcp://nohost").build())
                .hasMessageContaining("opc.tcp://nohost");
    }

    @Test
    void credentialsAreNeverSentOverAnInsecureEndpoint() {
        Secret password = Secret.fromEnv("PLANTCTL_TEST_UNSET_VARIABLE");
        assertThatThrownBy(() -> new OpcUaEndpoint(URL, "None", "None", null, null,
                OpcUaIdentity.username("operator", password)))
                .hasMessageContaining("user operator needs a secure endpoint");
        assertThatThrownBy(() -> OpcUaIdentity.username(" ", password)).hasMessageContaining("user name is missing");
        assertThatThrownBy(() -> OpcUaIdentity.username("operator", null))
                .hasMessageContaining("password of user 'operator' is missing");
    }

    @Test
    void unreadableKeyStoresTrustDirectoriesAndSecretsAreNamedWhenTheSourceIsBuilt() throws Exception {
        Path wrongPassword = Files.writeString(dir.resolve("wrong.password"), "nope");
        KeyStoreEntry badPassword = KeyStoreEntry.of(dir.resolve("client.p12"), "client",
                Secret.fromFile(wrongPassword));
        KeyStoreEntry badAlias = KeyStoreEntry.of(dir.resolve("client.p12"), "server", client.password());
        KeyStoreEntry missing = KeyStoreEntry.of(dir.resolve("absent.p12"), "client", client.password());

        assertThatThrownBy(() -> source(secure(badPassword).build())).hasMessageContaining("OPC UA source")
                .hasMessageContaining("'clientCertificate'").hasMessageContaining("client.p12");
        assertThatThrownBy(() -> source(secure(badAlias).build()))
                .hasMessageContaining("no private key under alias 'server'");
        assertThatThrownBy(() -> source(secure(missing).build())).hasMessageContaining("absent.p12");
        assertThatThrownBy(() -> source(secure(client).trustDirectory(dir.resolve("nowhere")).build()))
                .hasMessageContaining("'trustDirectory'").hasMessageContaining("nowhere");
        assertThatThrownBy(() -> source(secure(client).identity(OpcUaIdentity.username("operator",
                Secret.fromFile(dir.resolve("operator.password")))).build()))
                .hasMessageContaining("'identity'").hasMessageContaining("operator.password");
        assertThatThrownBy(() -> new OpcUaSetpointSink(secure(client).identity(OpcUaIdentity.username("operator",
                Secret.fromEnv("PLANTCTL_TEST_UNSET_VARIABLE"))).build(), s -> "ns=2;s=x",
                TestPolicies.permissive()))
                .hasMessageContaining("OPC UA setpoint sink").hasMessageContaining("PLANTCTL_TEST_UNSET_VARIABLE");

        assertThat(source(secure(client).build())).isNotNull();
    }

    @Test
    void secureEndpointsTravelInsideSplits() throws Exception {
        OpcUaSource source = source(secure(client).securityPolicy("Aes256_Sha256_RsaPss").build());
        var serializer = source.getSplitSerializer();
        OpcUaSplit split = new OpcUaSplit("0", secure(client).build(), List.of("ns=2;s=a"));
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(split))).isEqualTo(split);
        assertThat(split.endpoint().toString()).doesNotContain(TestCertificates.PASSWORD);
    }

    private static OpcUaEndpoint.Builder secure(KeyStoreEntry client) {
        return OpcUaEndpoint.secure(URL).clientCertificate(client).trustDirectory(dir);
    }

    private static OpcUaSource source(OpcUaEndpoint endpoint) {
        return OpcUaSource.builder().endpoint(endpoint).nodeIds(List.of("ns=2;s=a")).build();
    }
}
