package dev.plantctl.simulators.opcua;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.model.variables.AnalogItemTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.factories.NodeFactory;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * A simulator's namespace whose signal variables push their values to their monitored items when the simulator
 * publishes a new state, instead of being polled at the items' sampling intervals: a subscriber gets every state,
 * however fast the plant steps compared to its sampling interval (only its queue size bounds what it keeps between
 * two publishing cycles). Items on other attributes and nodes are sampled as usual by Milo's
 * {@link SubscriptionModel}.
 *
 * <p>Subclasses build their nodes in {@link #createNodes()} with {@link #analogNode} (AnalogItemType with
 * EngineeringUnits and EURange) and {@link #statusNode}, set values with {@link #setValue} and push them with
 * {@link #push}, holding this namespace's lock (synchronized methods) while they do.
 *
 * <p><b>History.</b> Unless built with a history depth of 0, every signal variable is historized: its Historizing
 * attribute is true, its AccessLevel and UserAccessLevel include HistoryRead, and the last {@code historyDepth}
 * values set on it (default {@value #DEFAULT_HISTORY_DEPTH}, one per source time; about 150 bytes each) are served
 * by the HistoryRead service as raw values ({@link HistorizedValues} describes what is served and the status codes).
 * A client that lost its connection or restarted reads there what it missed; a request reaching before the oldest
 * kept value gets what is kept, and the client reports the rest as a gap. With depth 0 the namespace historizes
 * nothing and answers every HistoryRead with Bad_HistoryOperationUnsupported, like a server without history.
 */
public abstract class PushedValuesNamespace extends ManagedNamespaceWithLifecycle {

    /** Values kept per signal variable for HistoryRead unless a namespace says otherwise. */
    public static final int DEFAULT_HISTORY_DEPTH = 1000;

    private static final String ENGINEERING_UNITS = "EngineeringUnits";

    private final SubscriptionModel subscriptionModel;
    private final Map<NodeId, UaVariableNode> signalNodes = new HashMap<>();
    private final Set<DataItem> pushedItems = ConcurrentHashMap.newKeySet();
    /** The signal variables' histories; null when the namespace historizes nothing. */
    private final HistorizedValues history;

    /**
     * A namespace that historizes {@value #DEFAULT_HISTORY_DEPTH} values per signal variable.
     *
     * @param server       the Milo server
     * @param namespaceUri the namespace's URI
     */
    protected PushedValuesNamespace(OpcUaServer server, String namespaceUri) {
        this(server, namespaceUri, DEFAULT_HISTORY_DEPTH);
    }

    /**
     * @param server       the Milo server
     * @param namespaceUri the namespace's URI
     * @param historyDepth values kept per signal variable for HistoryRead; 0 historizes nothing
     * @throws IllegalArgumentException when the depth is negative
     */
    protected PushedValuesNamespace(OpcUaServer server, String namespaceUri, int historyDepth) {
        super(server, namespaceUri);
        if (historyDepth < 0) {
            throw new IllegalArgumentException("history depth must be >= 0 (0: no history), got " + historyDepth);
        }
        this.history = historyDepth == 0 ? null : new HistorizedValues(historyDepth);
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addStartupTask(this::createNodes);
    }

    /** Builds the address space; runs once at {@link #startup()}. */
    protected abstract void createNodes();

    /**
     * Adds a Double AnalogItemType variable with its EngineeringUnits and EURange properties, whose Value is
     * pushed. The caller references it from its parent.
     *
     * @param id          its NodeId
     * @param browseName  its browse and display name
     * @param description its Description
     * @param units       the EngineeringUnits property
     * @param range       the EURange property
     * @param access      its access level (and user access level)
     */
    protected final AnalogItemTypeNode analogNode(NodeId id, String browseName, String description,
                                                  EUInformation units, Range range, Set<AccessLevel> access) {
        AnalogItemTypeNode node;
        try {
            node = (AnalogItemTypeNode) getNodeFactory().createNode(id, NodeIds.AnalogItemType,
                    new NodeFactory.InstantiationCallback() {
                        @Override
                        public boolean includeOptionalNode(NodeId typeDefinitionId, QualifiedName name) {
                            return ENGINEERING_UNITS.equals(name.name());
                        }
                    });
        } catch (UaException e) {
            throw new IllegalStateException("cannot create AnalogItemType node " + id + ": " + e.getStatusCode(), e);
        }
        node.setBrowseName(newQualifiedName(browseName));
        node.setDisplayName(LocalizedText.english(browseName));
        node.setDescription(LocalizedText.english(description));
        node.setDataType(NodeIds.Double);
        node.setValueRank(ValueRanks.Scalar);
        node.setEuRange(range);
        node.setEngineeringUnits(units);
        addSignal(node, access);
        return node;
    }

    /**
     * Adds a read-only scalar BaseDataVariableType variable whose Value is pushed.
     *
     * @param id          its NodeId
     * @param browseName  its browse and display name
     * @param dataType    its DataType, e.g. {@link NodeIds#String}
     * @param description its Description
     */
    protected final UaVariableNode statusNode(NodeId id, String browseName, NodeId dataType, String description) {
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(id)
                .setBrowseName(newQualifiedName(browseName))
                .setDisplayName(LocalizedText.english(browseName))
                .setDescription(LocalizedText.english(description))
                .setDataType(dataType)
                .setValueRank(ValueRanks.Scalar)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .build();
        addSignal(node, AccessLevel.READ_ONLY);
        return node;
    }

    /** Sets a signal variable's access and historizing, adds it to the address space and tracks its history. */
    private void addSignal(UaVariableNode node, Set<AccessLevel> access) {
        Set<AccessLevel> levels = EnumSet.noneOf(AccessLevel.class);
        levels.addAll(access);
        if (history != null) {
            levels.add(AccessLevel.HistoryRead);
            history.track(node.getNodeId());
        }
        node.setAccessLevel(AccessLevel.toValue(levels));
        node.setUserAccessLevel(AccessLevel.toValue(levels));
        node.setHistorizing(history != null);
        getNodeManager().addNode(node);
        signalNodes.put(node.getNodeId(), node);
    }

    /** Whether a node is one of the pushed signal variables. */
    protected final boolean isSignal(NodeId id) {
        return signalNodes.containsKey(id);
    }

    /**
     * Sets a signal variable's value with Good status and the given source and server timestamps, and keeps it in
     * the variable's history.
     */
    protected final void setValue(NodeId id, Object value, DateTime sourceTime, DateTime serverTime) {
        UaVariableNode node = signalNodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("not a signal node: " + id);
        }
        DataValue dataValue = new DataValue(new Variant(value), StatusCode.GOOD, sourceTime, serverTime);
        node.setValue(dataValue);
        if (history != null) {
            history.record(id, dataValue);
        }
    }

    /** Serves raw history of the signal variables (see the class comment); without history, Milo's refusal. */
    @Override
    public List<HistoryReadResult> historyRead(HistoryReadContext context, HistoryReadDetails details,
                                               TimestampsToReturn timestamps, List<HistoryReadValueId> nodes) {
        if (history == null) {
            return super.historyRead(context, details, timestamps, nodes);
        }
        return history.read(getServer().getStaticEncodingContext(), details, timestamps, nodes,
                id -> getNodeManager().containsNode(id));
    }

    /** Pushes the current values of the signal variables the predicate selects to their monitored items. */
    protected final synchronized void push(Predicate<NodeId> nodes) {
        List<DataItem> items = new ArrayList<>();
        for (DataItem item : pushedItems) {
            if (nodes.test(item.getReadValueId().getNodeId())) {
                items.add(item);
            }
        }
        deliver(items);
    }

    @Override
    public final void onDataItemsCreated(List<DataItem> items) {
        List<DataItem> pushed = new ArrayList<>();
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : items) {
            (isPushed(item) ? pushed : sampled).add(item);
        }
        pushedItems.addAll(pushed);
        pushCurrent(pushed);
        subscriptionModel.onDataItemsCreated(sampled);
    }

    @Override
    public final void onDataItemsModified(List<DataItem> items) {
        subscriptionModel.onDataItemsModified(items.stream().filter(i -> !isPushed(i)).toList());
    }

    @Override
    public final void onDataItemsDeleted(List<DataItem> items) {
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : items) {
            if (!pushedItems.remove(item)) {
                sampled.add(item);
            }
        }
        subscriptionModel.onDataItemsDeleted(sampled);
    }

    @Override
    public final void onMonitoringModeChanged(List<MonitoredItem> items) {
        List<DataItem> pushed = new ArrayList<>();
        List<MonitoredItem> sampled = new ArrayList<>();
        for (MonitoredItem item : items) {
            if (item instanceof DataItem d && pushedItems.contains(d)) {
                pushed.add(d);
            } else {
                sampled.add(item);
            }
        }
        pushCurrent(pushed);
        subscriptionModel.onMonitoringModeChanged(sampled);
    }

    private boolean isPushed(DataItem item) {
        ReadValueId id = item.getReadValueId();
        return AttributeId.Value.isEqual(id.getAttributeId()) && signalNodes.containsKey(id.getNodeId());
    }

    private synchronized void pushCurrent(List<DataItem> items) {
        deliver(items);
    }

    /** Reads the items' values as their sessions may see them and hands them to the items; the lock is held. */
    private void deliver(List<DataItem> items) {
        Map<Session, List<DataItem>> bySession = new LinkedHashMap<>();
        for (DataItem item : items) {
            if (item.isSamplingEnabled()) {
                bySession.computeIfAbsent(item.getSession(), s -> new ArrayList<>()).add(item);
            }
        }
        bySession.forEach((session, sessionItems) -> {
            List<DataValue> values = read(new ReadContext(getServer(), session), 0.0, TimestampsToReturn.Both,
                    sessionItems.stream().map(DataItem::getReadValueId).toList());
            for (int i = 0; i < sessionItems.size(); i++) {
                DataItem item = sessionItems.get(i);
                item.setValue(DataValue.derivedValue(values.get(i), item.getTimestampsToReturn()));
            }
        });
    }
}
