package dev.plantctl.simulators.opcua;

import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The bounded histories of a namespace's historized variables ({@link ValueHistory}, {@code depth} values each) and
 * the HistoryRead service over them for raw values (ReadRawModifiedDetails with isReadModified and returnBounds
 * false), forward in time:
 * <ul>
 *   <li>start time and end time: the values stamped at or after the start and before the end;</li>
 *   <li>start time only (end time MinValue): the values from the start on, at most numValuesPerNode (which must
 *       then be at least 1);</li>
 *   <li>at most numValuesPerNode values (and never more than {@value #MAX_VALUES_PER_PAGE}) per answer, with a
 *       continuation point when more follow; the continuation point names the source time of the next value, so
 *       the server keeps no state for it (releasing one is a no-op) and refuses it with Bad_ContinuationPointInvalid
 *       once that value fell out of the history;</li>
 *   <li>a request that reaches before the oldest kept value gets what is kept: a client that knows the last value
 *       it saw finds it missing and knows the rest is a gap;</li>
 *   <li>Good_NoData when nothing is kept in the interval.</li>
 * </ul>
 * Other requests are answered per node: Bad_HistoryOperationUnsupported for other details, modified values, bounds
 * and reverse reads (end before start); Bad_InvalidTimestampArgument without a start time, or with neither an end
 * time nor numValuesPerNode; Bad_TimestampsToReturnInvalid for Neither; Bad_NodeIdUnknown for an unknown node;
 * Bad_NotReadable for a node this namespace knows but does not historize.
 */
final class HistorizedValues {

    /** The most values one answer carries per node. */
    static final int MAX_VALUES_PER_PAGE = 1000;

    private final int depth;
    private final Map<NodeId, ValueHistory> histories = new ConcurrentHashMap<>();

    /** @param depth values kept per variable; at least 1 */
    HistorizedValues(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("history depth must be >= 1, got " + depth);
        }
        this.depth = depth;
    }

    /** Historizes a variable from now on. */
    void track(NodeId node) {
        histories.computeIfAbsent(node, n -> new ValueHistory(depth));
    }

    /** Keeps a value of a historized variable; does nothing for others. */
    void record(NodeId node, DataValue value) {
        ValueHistory history = histories.get(node);
        if (history != null) {
            history.record(value);
        }
    }

    /**
     * Answers a HistoryRead, one result per node in order.
     *
     * @param encoding the server's encoding context, to wrap the values into HistoryData
     * @param known    whether the namespace knows a node at all
     */
    List<HistoryReadResult> read(EncodingContext encoding, HistoryReadDetails details, TimestampsToReturn timestamps,
                                 List<HistoryReadValueId> nodes, Predicate<NodeId> known) {
        StatusCode refused = refusal(details, timestamps);
        List<HistoryReadResult> results = new ArrayList<>(nodes.size());
        for (HistoryReadValueId node : nodes) {
            ValueHistory history = histories.get(node.getNodeId());
            if (refused != null) {
                results.add(failed(refused.getValue()));
            } else if (history == null) {
                results.add(failed(known.test(node.getNodeId()) ? StatusCodes.Bad_NotReadable
                        : StatusCodes.Bad_NodeIdUnknown));
            } else {
                results.add(readRaw(encoding, history, (ReadRawModifiedDetails) details, timestamps,
                        node.getContinuationPoint()));
            }
        }
        return results;
    }

    /** Why a request is refused for all its nodes, or null when it is served. */
    private static StatusCode refusal(HistoryReadDetails details, TimestampsToReturn timestamps) {
        if (!(details instanceof ReadRawModifiedDetails raw) || Boolean.TRUE.equals(raw.getIsReadModified())
                || Boolean.TRUE.equals(raw.getReturnBounds())) {
            return new StatusCode(StatusCodes.Bad_HistoryOperationUnsupported);
        }
        if (timestamps == TimestampsToReturn.Neither || timestamps == null) {
            return new StatusCode(StatusCodes.Bad_TimestampsToReturnInvalid);
        }
        boolean hasStart = specified(raw.getStartTime());
        boolean hasEnd = specified(raw.getEndTime());
        long max = raw.getNumValuesPerNode() == null ? 0 : raw.getNumValuesPerNode().longValue();
        if (!hasStart || !hasEnd && max == 0) {
            return new StatusCode(StatusCodes.Bad_InvalidTimestampArgument);
        }
        if (hasEnd && raw.getEndTime().getUtcTime() < raw.getStartTime().getUtcTime()) {
            return new StatusCode(StatusCodes.Bad_HistoryOperationUnsupported);
        }
        return null;
    }

    private static HistoryReadResult readRaw(EncodingContext encoding, ValueHistory history,
                                             ReadRawModifiedDetails details, TimestampsToReturn timestamps,
                                             ByteString continuationPoint) {
        long from = details.getStartTime().getUtcTime();
        if (continuationPoint != null && continuationPoint.isNotNull()) {
            byte[] bytes = continuationPoint.bytesOrEmpty();
            if (bytes.length != Long.BYTES) {
                return failed(StatusCodes.Bad_ContinuationPointInvalid);
            }
            from = ByteBuffer.wrap(bytes).getLong();
            if (!history.holds(from)) {
                return failed(StatusCodes.Bad_ContinuationPointInvalid);
            }
        }
        long until = specified(details.getEndTime()) ? details.getEndTime().getUtcTime() : Long.MAX_VALUE;
        long requested = details.getNumValuesPerNode() == null ? 0 : details.getNumValuesPerNode().longValue();
        int max = requested == 0 ? MAX_VALUES_PER_PAGE : (int) Math.min(requested, MAX_VALUES_PER_PAGE);
        ValueHistory.Page page = history.read(from, until, max);
        DataValue[] values = page.values().stream().map(v -> DataValue.derivedValue(v, timestamps))
                .toArray(DataValue[]::new);
        ByteString next = page.nextSourceTime() == null ? ByteString.NULL_VALUE
                : ByteString.of(ByteBuffer.allocate(Long.BYTES).putLong(page.nextSourceTime()).array());
        StatusCode status = values.length == 0 ? new StatusCode(StatusCodes.Good_NoData) : StatusCode.GOOD;
        return new HistoryReadResult(status, next, ExtensionObject.encode(encoding, new HistoryData(values)));
    }

    private static HistoryReadResult failed(long status) {
        return new HistoryReadResult(new StatusCode(status), ByteString.NULL_VALUE, null);
    }

    /** OPC UA's "not specified" time is MinValue (0 ticks, 1601-01-01). */
    private static boolean specified(DateTime time) {
        return time != null && time.getUtcTime() > 0;
    }
}
