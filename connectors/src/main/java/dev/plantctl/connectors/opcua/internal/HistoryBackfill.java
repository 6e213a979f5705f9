package dev.plantctl.connectors.opcua.internal;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Reads what a server kept of its nodes since given source times, by HistoryRead of raw values
 * (ReadRawModifiedDetails: start time = the node's last emitted time, inclusive, no end time, isReadModified and
 * returnBounds false), following continuation points until each node's history is exhausted. Nodes with the same
 * start time share requests of at most {@value #NODES_PER_REQUEST} nodes and {@value #VALUES_PER_NODE} values per
 * node, so that an answer stays well below the 2 MiB a Milo client accepts by default (some 10,000 values of about
 * 40 bytes).
 *
 * <p>A node's history <em>reaches back</em> when its first value is stamped exactly at the start time: that is the
 * value the reader emitted last, so nothing between it and the rest is missing. A history that starts later (the
 * server dropped older values, or restarted) or a Bad status (Bad_HistoryOperationUnsupported, Bad_NotReadable,
 * Bad_HistoryOperationInvalid...) does not: the reader reports a gap for that node.
 */
final class HistoryBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryBackfill.class);

    /** Nodes per HistoryRead request. */
    static final int NODES_PER_REQUEST = 20;
    /** Values per node and answer the reader asks for. */
    static final int VALUES_PER_NODE = 500;

    /**
     * What the server kept of one node since its start time.
     *
     * @param status       Good, or why the server refused (or a continuation failed)
     * @param values       the values read, oldest first (the one at the start time included)
     * @param reachesBack  whether the first value is stamped exactly at the start time
     */
    record NodeHistory(StatusCode status, List<DataValue> values, boolean reachesBack) {
    }

    private HistoryBackfill() {
    }

    /**
     * Reads the history of each node from its start time on.
     *
     * @param client    a connected client
     * @param nodes     per address, the node
     * @param from      per address, the start time; nodes without one are not read
     * @param cancelled checked between requests; when it turns true the read stops (continuation points released)
     * @return per address read, its history (addresses of {@code from} order)
     * @throws UaException when a request as a whole fails (no connection, the service unsupported)
     */
    static Map<String, NodeHistory> read(OpcUaClient client, Map<String, NodeId> nodes, Map<String, Instant> from,
                                         BooleanSupplier cancelled) throws UaException {
        Map<Instant, List<String>> byStart = new LinkedHashMap<>();
        from.forEach((address, start) -> {
            if (nodes.containsKey(address)) {
                byStart.computeIfAbsent(start, s -> new ArrayList<>()).add(address);
            }
        });
        Map<String, NodeHistory> histories = new LinkedHashMap<>();
        for (Map.Entry<Instant, List<String>> group : byStart.entrySet()) {
            List<String> addresses = group.getValue();
            for (int i = 0; i < addresses.size(); i += NODES_PER_REQUEST) {
                List<String> chunk = addresses.subList(i, Math.min(addresses.size(), i + NODES_PER_REQUEST));
                histories.putAll(readFrom(client, nodes, chunk, group.getKey(), cancelled));
            }
        }
        return histories;
    }

    private static Map<String, NodeHistory> readFrom(OpcUaClient client, Map<String, NodeId> nodes,
                                                     List<String> addresses, Instant start, BooleanSupplier cancelled)
            throws UaException {
        ReadRawModifiedDetails details = new ReadRawModifiedDetails(false, new DateTime(start), DateTime.MIN_VALUE,
                uint(VALUES_PER_NODE), false);
        Map<String, List<DataValue>> values = new LinkedHashMap<>();
        Map<String, StatusCode> statuses = new LinkedHashMap<>();
        Map<String, ByteString> pending = new LinkedHashMap<>();
        addresses.forEach(a -> {
            values.put(a, new ArrayList<>());
            pending.put(a, ByteString.NULL_VALUE);
        });
        while (!pending.isEmpty()) {
            List<String> asked = List.copyOf(pending.keySet());
            List<HistoryReadValueId> ids = asked.stream().map(a -> new HistoryReadValueId(nodes.get(a), null,
                    QualifiedName.NULL_VALUE, pending.get(a))).toList();
            if (cancelled.getAsBoolean()) {
                release(client, details, ids);
                break;
            }
            HistoryReadResult[] results = client.historyRead(details, TimestampsToReturn.Both, false, ids)
                    .getResults();
            pending.clear();
            for (int i = 0; i < asked.size(); i++) {
                String address = asked.get(i);
                HistoryReadResult result = results[i];
                StatusCode status = result.getStatusCode();
                if (status.isBad()) {
                    statuses.put(address, status);
                    continue;
                }
                values.get(address).addAll(List.of(data(client, result.getHistoryData())));
                ByteString next = result.getContinuationPoint();
                if (next != null && next.isNotNull()) {
                    pending.put(address, next);
                }
            }
        }
        Map<String, NodeHistory> histories = new LinkedHashMap<>();
        for (String address : addresses) {
            List<DataValue> read = values.get(address);
            StatusCode status = statuses.getOrDefault(address, StatusCode.GOOD);
            boolean reachesBack = status.isGood() && !read.isEmpty()
                    && start.equals(read.get(0).getSourceTime().getJavaInstant());
            histories.put(address, new NodeHistory(status, List.copyOf(read), reachesBack));
        }
        return histories;
    }

    private static DataValue[] data(OpcUaClient client, ExtensionObject historyData) {
        if (historyData == null || historyData.isNull()) {
            return new DataValue[0];
        }
        DataValue[] values = ((HistoryData) historyData.decode(client.getStaticEncodingContext())).getDataValues();
        return values == null ? new DataValue[0] : values;
    }

    /** Tells the server to free the continuation points of a read given up on. */
    private static void release(OpcUaClient client, ReadRawModifiedDetails details, List<HistoryReadValueId> ids) {
        List<HistoryReadValueId> held = ids.stream()
                .filter(id -> id.getContinuationPoint() != null && id.getContinuationPoint().isNotNull()).toList();
        if (held.isEmpty()) {
            return;
        }
        try {
            client.historyRead(details, TimestampsToReturn.Both, true, held);
        } catch (UaException e) {
            LOG.warn("could not release {} history continuation point(s) ({}); the server frees them when the "
                    + "session ends", held.size(), e.getStatusCode());
        }
    }
}
