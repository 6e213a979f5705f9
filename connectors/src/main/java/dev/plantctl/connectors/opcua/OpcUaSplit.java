package dev.plantctl.connectors.opcua;

import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A group of nodes of one endpoint, read by one subscription of one source reader. Splits let a source with
 * parallelism greater than one spread its nodes over several readers.
 *
 * @param splitId  unique within the source
 * @param endpoint the server
 * @param nodeIds  the nodes, as node id text
 */
public record OpcUaSplit(String splitId, OpcUaEndpoint endpoint, List<String> nodeIds)
        implements SourceSplit, Serializable {

    public OpcUaSplit {
        Objects.requireNonNull(splitId, "splitId");
        Objects.requireNonNull(endpoint, "endpoint");
        nodeIds = List.copyOf(nodeIds);
    }
}
