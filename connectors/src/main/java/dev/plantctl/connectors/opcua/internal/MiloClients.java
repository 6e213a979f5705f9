package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/** Connects Milo clients for the connectors and resolves node ids against the server's namespace table. */
public final class MiloClients {

    private static final Logger LOG = LoggerFactory.getLogger(MiloClients.class);

    private MiloClients() {
    }

    /**
     * Connects a client to the endpoint's SecurityPolicy None endpoint.
     *
     * @throws IOException naming the endpoint when the server cannot be reached or offers no such endpoint
     */
    public static OpcUaClient connect(OpcUaEndpoint endpoint, String applicationName) throws IOException {
        LOG.warn("Connecting to {} WITHOUT security (SecurityPolicy None, anonymous): fit for a simulator on "
                + "loopback only", endpoint.url());
        try {
            OpcUaClient client = OpcUaClient.create(endpoint.url(),
                    endpoints -> endpoints.stream()
                            .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())
                                    && e.getSecurityMode() == MessageSecurityMode.None)
                            .findFirst(),
                    transport -> { },
                    config -> config
                            .setApplicationName(LocalizedText.english(applicationName))
                            .setApplicationUri("urn:plantctl:" + applicationName)
                            .setRequestTimeout(uint(10_000)));
            return client.connect();
        } catch (UaException e) {
            throw new IOException("cannot connect to OPC UA endpoint " + endpoint.url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Resolves a node id written as text ({@code ns=2;s=...} or {@code nsu=urn:...;s=...}) against the
     * connected server's namespace table.
     *
     * @throws IOException naming the node id when it is malformed or its namespace is unknown to the server
     */
    public static NodeId resolve(OpcUaClient client, String nodeId) throws IOException {
        try {
            return ExpandedNodeId.parse(nodeId).toNodeIdOrThrow(client.getNamespaceTable());
        } catch (RuntimeException | UaException e) {
            throw new IOException("cannot resolve node id '" + nodeId + "' on the server: " + e.getMessage(), e);
        }
    }

    /** Disconnects, logging rather than throwing, for use in close paths. */
    public static void disconnectQuietly(OpcUaClient client) {
        if (client == null) {
            return;
        }
        try {
            client.disconnect();
        } catch (UaException e) {
            LOG.warn("Disconnecting the OPC UA client failed: {}", e.getMessage());
        }
    }
}
