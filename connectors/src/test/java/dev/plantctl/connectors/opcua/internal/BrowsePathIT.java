package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Browse-path addresses resolve on a real Milo server to the same nodes as their node ids, and a pattern with
 * {@code *} segments to every node it matches.
 */
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

                Map<String, NodeId> everyCompartment = MiloClients.resolveAll(client,
                        NS + "path=/greenhouse/*/air_temperature");
                assertThat(everyCompartment).containsOnlyKeys(NS + "path=/greenhouse/c1/air_temperature",
                        NS + "path=/greenhouse/c2/air_temperature");
                assertThat(everyCompartment.get(NS + "path=/greenhouse/c2/air_temperature"))
                        .isEqualTo(MiloClients.resolve(client, NS + "s=c2/air_temperature"));
                assertThat(MiloClients.resolveAll(client, NS + "path=/greenhouse/c1/*"))
                        .containsKeys(NS + "path=/greenhouse/c1/co2", NS + "path=/greenhouse/c1/heating");
                assertThat(MiloClients.resolveAll(client, NS + "s=c1/co2"))
                        .containsExactly(Map.entry(NS + "s=c1/co2", MiloClients.resolve(client, NS + "s=c1/co2")));
                assertThatThrownBy(() -> MiloClients.resolveAll(client, NS + "path=/greenhouse/*/no_such_signal"))
                        .isInstanceOf(IOException.class).hasMessageContaining("matches no node");
            } finally {
                MiloClients.disconnectQuietly(client);
            }
        }
    }
}
