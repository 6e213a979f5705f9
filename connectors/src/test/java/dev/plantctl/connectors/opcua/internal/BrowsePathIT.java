package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Browse-path addresses resolve on a real Milo server to the same nodes as their node ids. */
class BrowsePathIT {

    private static final String NS = "nsu=urn:plantctl:sim:greenhouse;";

    @Test
    void browsePathsResolveToTheNodeTheirNodeIdNamesAndWrongOnesAreNamed() throws Exception {
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(2)
                .clockMode(ClockMode.LOCKSTEP).start()) {
            OpcUaClient client = MiloClients.connect(OpcUaEndpoint.insecure(server.endpointUrl()), "browse-path-it");
            try {
                assertThat(MiloClients.resolve(client, NS + "path=/greenhouse/c2/air_temperature"))
                        .isEqualTo(MiloClients.resolve(client, NS + "s=c2/air_temperature"));
                assertThat(MiloClients.resolve(client, NS + "path=/greenhouse/c1/heating"))
                        .isEqualTo(MiloClients.resolve(client, NS + "s=c1/heating"));
                assertThatThrownBy(() -> MiloClients.resolve(client, NS + "path=/greenhouse/c9/co2"))
                        .isInstanceOf(IOException.class).hasMessageContaining("path=/greenhouse/c9/co2")
                        .hasMessageContaining("leads to no node");
                assertThatThrownBy(() -> MiloClients.resolve(client, "nsu=urn:nowhere;path=/greenhouse"))
                        .isInstanceOf(IOException.class).hasMessageContaining("urn:nowhere");
            } finally {
                MiloClients.disconnectQuietly(client);
            }
        }
    }
}
