package dev.plantctl.connectors.opcua;

import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A group of nodes of one endpoint, read by one subscription of one source reader. Splits let a source with
 * parallelism greater than one spread its nodes over several readers. A checkpointed split also carries, per node,
 * the source time of the last value the reader emitted, where a restored reader resumes from (by HistoryRead).
 *
 * @param splitId     unique within the source
 * @param endpoint    the server
 * @param nodeIds     the nodes, as node id text
 * @param lastEmitted per resolved node address (as samples carry it), the source time of the last value emitted;
 *                    empty for a split no reader has read yet
 */
public record OpcUaSplit(String splitId, OpcUaEndpoint endpoint, List<String> nodeIds,
                         Map<String, Instant> lastEmitted) implements SourceSplit, Serializable {

    public OpcUaSplit {
        Objects.requireNonNull(splitId, "splitId");
        Objects.requireNonNull(endpoint, "endpoint");
        nodeIds = List.copyOf(nodeIds);
        lastEmitted = Map.copyOf(lastEmitted);
    }

    /** A split no reader has read yet. */
    public OpcUaSplit(String splitId, OpcUaEndpoint endpoint, List<String> nodeIds) {
        this(splitId, endpoint, nodeIds, Map.of());
    }

    /** This split with the given last emitted source times. */
    public OpcUaSplit withLastEmitted(Map<String, Instant> times) {
        return new OpcUaSplit(splitId, endpoint, nodeIds, times);
    }
}
