package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathTarget;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/** Connects Milo clients for the connectors and resolves node ids against the server's namespace table. */
public final class MiloClients {

    private static final Logger LOG = LoggerFactory.getLogger(MiloClients.class);

    private MiloClients() {
    }

    /**
     * Connects a client to the server's endpoint with the endpoint's security policy and mode, validating the
     * server's certificate against the trust directory and opening the session with the endpoint's identity.
     *
     * @throws IOException naming the endpoint when the server cannot be reached, offers no endpoint with that
     *                     security (the message lists what it offers), presents a certificate the trust directory
     *                     does not trust, or refuses the identity
     */
    public static OpcUaClient connect(OpcUaEndpoint endpoint, String applicationName) throws IOException {
        if (endpoint.isInsecure()) {
            LOG.warn("Connecting to {} WITHOUT security (SecurityPolicy None, anonymous): fit for a simulator on "
                    + "loopback only", endpoint.url());
        }
        SecurityPolicy policy = SecurityPolicy.valueOf(endpoint.securityPolicy());
        MessageSecurityMode mode = MessageSecurityMode.valueOf(endpoint.securityMode());
        ClientSecurity security = endpoint.isInsecure() ? null : ClientSecurity.load(endpoint);
        List<String> offered = new ArrayList<>();
        URI target = URI.create(endpoint.url());
        try {
            OpcUaClient client = OpcUaClient.create(endpoint.url(),
                    endpoints -> {
                        endpoints.forEach(e -> offered.add(SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri())
                                .map(Enum::name).orElse(e.getSecurityPolicyUri()) + "/" + e.getSecurityMode()));
                        // Connect where the user pointed, even when the server advertises another host or port
                        // (NAT, containers, a proxy): the advertised URL is often unreachable from the client.
                        return endpoints.stream()
                                .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri())
                                        && e.getSecurityMode() == mode)
                                .findFirst()
                                .map(e -> EndpointUtil.updateUrl(e, target.getHost(), target.getPort()));
                    },
                    transport -> { },
                    config -> {
                        config.setApplicationName(LocalizedText.english(applicationName))
                                .setApplicationUri("urn:plantctl:" + applicationName)
                                .setRequestTimeout(uint(10_000));
                        if (security != null) {
                            security.applyTo(config);
                        }
                    });
            return client.connect();
        } catch (UaException e) {
            String why = !offered.isEmpty() && !offered.contains(policy.name() + "/" + mode)
                    ? "the server offers no " + policy.name() + "/" + mode + " endpoint, only " + offered
                    : e.getMessage();
            throw new IOException("cannot connect to OPC UA endpoint " + endpoint + ": " + why, e);
        }
    }

    /**
     * Resolves a node address written as text against the connected server: a node id ({@code ns=2;s=...},
     * {@code nsu=urn:...;s=...}, also {@code i=}, {@code g=}, {@code b=}) or a browse path from the Objects
     * folder whose every segment is a browse name in the given namespace ({@code nsu=urn:...;path=/a/b/c},
     * {@code ns=2;path=/a/b/c}), translated by the server's TranslateBrowsePathsToNodeIds service.
     *
     * @throws IOException naming the address when it is malformed, its namespace is unknown to the server, or
     *                     its browse path leads nowhere
     */
    public static NodeId resolve(OpcUaClient client, String address) throws IOException {
        try {
            int path = address.indexOf(PATH_MARK);
            if (path < 0) {
                return ExpandedNodeId.parse(address).toNodeIdOrThrow(client.getNamespaceTable());
            }
            return translate(client, address, address.substring(0, path),
                    address.substring(path + PATH_MARK.length()));
        } catch (RuntimeException | UaException e) {
            throw new IOException("cannot resolve node '" + address + "' on the server: " + e.getMessage(), e);
        }
    }

    /**
     * Resolves an address that may be a browse-path pattern: a path segment {@code *} stands for every child of
     * the node before it whose browse name lies in the path's namespace ({@code nsu=urn:...;path=/greenhouse/{@literal *}/co2}
     * binds the CO2 sensor of every compartment). The server is browsed once, when the reader subscribes.
     *
     * @return each concrete address (the pattern with its {@code *} replaced) and its node, in browse order; for an
     *         address without {@code *}, just the address and its node
     * @throws IOException naming the address when it is malformed or the pattern matches no node
     */
    public static Map<String, NodeId> resolveAll(OpcUaClient client, String address) throws IOException {
        int path = address.indexOf(PATH_MARK);
        if (path < 0 || !Arrays.asList(address.substring(path + PATH_MARK.length()).split("/")).contains("*")) {
            return Map.of(address, resolve(client, address));
        }
        String namespace = address.substring(0, path);
        try {
            UShort index = namespaceIndex(client, address, namespace);
            Map<String, NodeId> frontier = new LinkedHashMap<>(Map.of("", NodeIds.ObjectsFolder));
            for (String segment : address.substring(path + PATH_MARK.length()).split("/", -1)) {
                if (segment.isEmpty()) {
                    throw unresolved(address, "the browse path has an empty segment");
                }
                Map<String, NodeId> next = new LinkedHashMap<>();
                for (Map.Entry<String, NodeId> parent : frontier.entrySet()) {
                    for (ReferenceDescription child : children(client, parent.getValue())) {
                        QualifiedName name = child.getBrowseName();
                        if (name.getNamespaceIndex().equals(index)
                                && (segment.equals("*") || segment.equals(name.getName()))) {
                            next.put(parent.getKey() + "/" + name.getName(),
                                    child.getNodeId().toNodeIdOrThrow(client.getNamespaceTable()));
                        }
                    }
                }
                frontier = next;
            }
            if (frontier.isEmpty()) {
                throw unresolved(address, "the browse-path pattern matches no node");
            }
            Map<String, NodeId> resolved = new LinkedHashMap<>();
            frontier.forEach((relative, node) -> resolved.put(namespace + ";path=" + relative, node));
            return resolved;
        } catch (RuntimeException | UaException e) {
            throw new IOException("cannot resolve node '" + address + "' on the server: " + e.getMessage(), e);
        }
    }

    /** The hierarchical children of a node, every page of the browse. */
    private static List<ReferenceDescription> children(OpcUaClient client, NodeId node) throws UaException {
        BrowseResult result = client.browse(new BrowseDescription(node, BrowseDirection.Forward,
                NodeIds.HierarchicalReferences, true, uint(0), uint(BrowseResultMask.All.getValue())));
        List<ReferenceDescription> children = new ArrayList<>();
        while (true) {
            if (result.getReferences() != null) {
                children.addAll(Arrays.asList(result.getReferences()));
            }
            ByteString more = result.getContinuationPoint();
            if (more == null || more.isNull()) {
                return children;
            }
            result = client.browseNext(false, List.of(more)).getResults()[0];
        }
    }

    private static final String PATH_MARK = ";path=/";

    private static IOException unresolved(String address, String why) {
        return new IOException("cannot resolve node '" + address + "' on the server: " + why);
    }

    private static NodeId translate(OpcUaClient client, String address, String namespace, String path)
            throws UaException, IOException {
        UShort index = namespaceIndex(client, address, namespace);
        List<RelativePathElement> elements = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw unresolved(address, "the browse path has an empty segment");
            }
            elements.add(new RelativePathElement(NodeIds.HierarchicalReferences, false, true,
                    new QualifiedName(index, segment)));
        }
        BrowsePath browsePath = new BrowsePath(NodeIds.ObjectsFolder,
                new RelativePath(elements.toArray(RelativePathElement[]::new)));
        BrowsePathResult result = client.translateBrowsePaths(List.of(browsePath)).getResults()[0];
        BrowsePathTarget[] targets = result.getTargets();
        if (!result.getStatusCode().isGood() || targets == null || targets.length == 0) {
            throw unresolved(address, "the browse path leads to no node: status " + result.getStatusCode());
        }
        return targets[0].getTargetId().toNodeIdOrThrow(client.getNamespaceTable());
    }

    private static UShort namespaceIndex(OpcUaClient client, String address, String namespace) throws IOException {
        if (namespace.startsWith("nsu=")) {
            UShort index = client.getNamespaceTable().getIndex(namespace.substring(4));
            if (index == null) {
                throw unresolved(address, "the server does not know namespace " + namespace.substring(4));
            }
            return index;
        }
        if (namespace.startsWith("ns=")) {
            return UShort.valueOf(Integer.parseInt(namespace.substring(3)));
        }
        throw unresolved(address, "a browse path starts with ns=<index> or nsu=<uri>");
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
