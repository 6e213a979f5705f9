package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.Secret;
import dev.plantctl.connectors.opcua.KeyStoreEntry;
import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.OpcUaIdentity;
import dev.plantctl.connectors.opcua.TestCertificates;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import dev.plantctl.simulators.opcua.ServerSecurity;
import dev.plantctl.testing.Await;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signed and encrypted OPC UA against the greenhouse simulator's secure endpoints: both sides validate each other's
 * certificate for real (an unknown one is refused and quarantined until an administrator trusts it), the session
 * opens with a user name and password or a user certificate, and a wrong password or a policy the server does not
 * offer is refused with a message that says so.
 */
@Timeout(120)
class SecureEndpointIT {

    private static final String TEMPERATURE = "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
            + GreenhouseSignals.nodeIdentifier("c1", GreenhouseSignals.AIR_TEMPERATURE);

    @TempDir
    Path dir;

    private Path serverPki;
    private Path clientTrust;
    private KeyStoreEntry client;
    private Secret operatorPassword;
    private GreenhouseOpcUaServer server;

    @BeforeEach
    void makeCertificates() throws Exception {
        serverPki = dir.resolve("server-pki");
        clientTrust = dir.resolve("client-trust");
        client = TestCertificates.create(dir.resolve("client"), "plantctl-client", "urn:plantctl:test:client");
        operatorPassword = Secret.fromFile(Files.writeString(dir.resolve("operator.password"), "s3cret-grower"));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bothSecurePoliciesCarryAnEncryptedSessionOfAUser() throws Exception {
        startSecureServer();
        trustEachOther();
        for (String policy : List.of("Basic256Sha256", "Aes256_Sha256_RsaPss")) {
            assertThat(readTemperature(endpoint(policy, "SignAndEncrypt",
                    OpcUaIdentity.username("operator", operatorPassword)))).as(policy).isBetween(-30.0, 60.0);
        }
        assertThat(readTemperature(endpoint("Basic256Sha256", "Sign",
                OpcUaIdentity.username("operator", operatorPassword)))).isBetween(-30.0, 60.0);
    }

    @Test
    void aUserCertificateTheServerKnowsOpensASession() throws Exception {
        startSecureServer();
        trustEachOther();
        KeyStoreEntry user = TestCertificates.create(dir.resolve("user"), "grower-anna", "urn:plantctl:test:anna");
        TestCertificates.trust(dir.resolve("user/grower-anna.der"), serverPki.resolve("users"));
        assertThat(readTemperature(endpoint("Aes256_Sha256_RsaPss", "SignAndEncrypt",
                OpcUaIdentity.certificate(user)))).isBetween(-30.0, 60.0);

        KeyStoreEntry stranger = TestCertificates.create(dir.resolve("stranger"), "stranger", "urn:plantctl:test:x");
        assertThatThrownBy(() -> readTemperature(endpoint("Basic256Sha256", "SignAndEncrypt",
                OpcUaIdentity.certificate(stranger)))).isInstanceOf(IOException.class)
                .hasMessageContaining(server.endpointUrl());
    }

    @Test
    void anUntrustedServerCertificateIsRefusedAndQuarantinedUntilTrusted() throws Exception {
        startSecureServer();
        TestCertificates.trust(dir.resolve("client/plantctl-client.der"), serverPki.resolve("trusted/certs"));
        OpcUaEndpoint endpoint = endpoint("Basic256Sha256", "SignAndEncrypt",
                OpcUaIdentity.username("operator", operatorPassword));

        assertThatThrownBy(() -> readTemperature(endpoint)).isInstanceOf(IOException.class)
                .hasMessageContaining(server.endpointUrl()).hasMessageContaining("Bad_SecurityChecksFailed");
        assertThat(filesIn(clientTrust.resolve("rejected"))).as("the server's certificate, for an admin to check")
                .isEqualTo(1);

        TestCertificates.trust(serverPki.resolve("own/server.der"), clientTrust.resolve("trusted/certs"));
        assertThat(readTemperature(endpoint)).isBetween(-30.0, 60.0);
    }

    @Test
    void aClientTheServerDoesNotTrustIsRefusedUntilAnAdministratorMovesItsCertificate() throws Exception {
        startSecureServer();
        TestCertificates.trust(serverPki.resolve("own/server.der"), clientTrust.resolve("trusted/certs"));
        OpcUaEndpoint endpoint = endpoint("Basic256Sha256", "SignAndEncrypt",
                OpcUaIdentity.username("operator", operatorPassword));

        assertThatThrownBy(() -> readTemperature(endpoint)).isInstanceOf(IOException.class)
                .hasMessageContaining(server.endpointUrl());
        Path rejected = serverPki.resolve("rejected");
        assertThat(filesIn(rejected)).as("the client's certificate waits in the server's rejected folder").isEqualTo(1);

        try (Stream<Path> files = Files.list(rejected)) {
            Path certificate = files.findFirst().orElseThrow();
            Files.move(certificate, serverPki.resolve("trusted/certs").resolve(certificate.getFileName()));
        }
        // The server watches its trusted folder; the move counts once the watcher has read it.
        Await.until("the moved client certificate is trusted", Duration.ofSeconds(30), () -> canRead(endpoint));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreRefused() throws Exception {
        startSecureServer();
        trustEachOther();
        Secret wrong = Secret.fromFile(Files.writeString(dir.resolve("wrong.password"), "guess"));
        assertThatThrownBy(() -> readTemperature(endpoint("Basic256Sha256", "SignAndEncrypt",
                OpcUaIdentity.username("operator", wrong)))).isInstanceOf(IOException.class)
                .hasMessageContaining("Bad_UserAccessDenied");
        assertThatThrownBy(() -> readTemperature(endpoint("Basic256Sha256", "SignAndEncrypt",
                OpcUaIdentity.username("intruder", operatorPassword)))).isInstanceOf(IOException.class)
                .hasMessageContaining("Bad_UserAccessDenied");
        assertThatThrownBy(() -> readTemperature(endpoint("Basic256Sha256", "SignAndEncrypt",
                OpcUaIdentity.anonymous()))).as("the secure server does not allow anonymous sessions")
                .isInstanceOf(IOException.class);
    }

    @Test
    void aSecurityTheServerDoesNotOfferIsNamedWithWhatItOffers() throws Exception {
        startSecureServer();
        trustEachOther();
        assertThatThrownBy(() -> readTemperature(OpcUaEndpoint.insecure(server.endpointUrl())))
                .isInstanceOf(IOException.class).hasMessageContaining("offers no None/None endpoint")
                .hasMessageContaining("Basic256Sha256/SignAndEncrypt");
        server.close();

        server = GreenhouseOpcUaServer.builder().compartments(1).clockMode(ClockMode.LOCKSTEP).start();
        assertThatThrownBy(() -> readTemperature(endpoint("Basic256Sha256", "SignAndEncrypt",
                OpcUaIdentity.anonymous()))).isInstanceOf(IOException.class)
                .hasMessageContaining("offers no Basic256Sha256/SignAndEncrypt endpoint, only [None/None]");
    }

    private void startSecureServer() {
        server = GreenhouseOpcUaServer.builder().compartments(1).clockMode(ClockMode.LOCKSTEP)
                .security(ServerSecurity.secure(serverPki, "server-keystore-password".toCharArray())
                        .user("operator", "s3cret-grower"))
                .start();
    }

    private void trustEachOther() throws Exception {
        TestCertificates.trust(dir.resolve("client/plantctl-client.der"), serverPki.resolve("trusted/certs"));
        TestCertificates.trust(serverPki.resolve("own/server.der"), clientTrust.resolve("trusted/certs"));
    }

    private OpcUaEndpoint endpoint(String policy, String mode, OpcUaIdentity identity) {
        return OpcUaEndpoint.secure(server.endpointUrl()).securityPolicy(policy).securityMode(mode)
                .clientCertificate(client).trustDirectory(clientTrust).identity(identity).build();
    }

    private static double readTemperature(OpcUaEndpoint endpoint) throws Exception {
        OpcUaClient c = MiloClients.connect(endpoint, "secure-endpoint-it");
        try {
            NodeId node = MiloClients.resolve(c, TEMPERATURE);
            DataValue value = c.readValue(0, TimestampsToReturn.Both, node);
            assertThat(value.getStatusCode().isGood()).as("read status " + value.getStatusCode()).isTrue();
            return ((Number) value.getValue().getValue()).doubleValue();
        } finally {
            MiloClients.disconnectQuietly(c);
        }
    }

    private static boolean canRead(OpcUaEndpoint endpoint) {
        try {
            readTemperature(endpoint);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static long filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
