package dev.plantctl.ingestion;

import dev.plantctl.ingestion.TagSource.MqttField;
import dev.plantctl.ingestion.TagSource.OpcUaNode;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The bindings of one plant's source addresses to tags, and of its actuators to the addresses their setpoints
 * are written to. Looked up by address; immutable. Usually loaded from a file by {@link TagMapFile}.
 *
 * <p>MQTT bindings are grouped by topic filter: the bindings of one filter share its decoder and time field,
 * and two different filters must not overlap, so each message has at most one way to be decoded. A sample
 * whose address is a concrete topic finds the binding of the wildcard filter that matches it.
 */
public final class TagMap implements Serializable {

    private static final long serialVersionUID = 2L;

    private final Map<String, TagBinding> byAddress;
    private final Map<String, List<TagBinding>> byUnit;
    private final Map<String, List<MqttField>> byTopicFilter;
    private final List<String> wildcardFilters;
    private final Map<String, ActuatorBinding> actuators;

    private TagMap(Map<String, TagBinding> byAddress, Map<String, List<TagBinding>> byUnit,
                   Map<String, List<MqttField>> byTopicFilter, List<String> wildcardFilters,
                   Map<String, ActuatorBinding> actuators) {
        this.byAddress = byAddress;
        this.byUnit = byUnit;
        this.byTopicFilter = byTopicFilter;
        this.wildcardFilters = wildcardFilters;
        this.actuators = actuators;
    }

    /** A tag map of the given tag bindings and no actuators. */
    public static TagMap of(Collection<TagBinding> bindings) {
        return of(bindings, List.of());
    }

    /**
     * A tag map of the given bindings.
     *
     * @throws IllegalArgumentException when two bindings share an address, one unit has a tag or actuator
     *                                  twice, two MQTT bindings of one topic filter decode it differently, or two
     *                                  different topic filters overlap
     */
    public static TagMap of(Collection<TagBinding> bindings, Collection<ActuatorBinding> actuatorBindings) {
        Map<String, TagBinding> byAddress = new LinkedHashMap<>();
        Map<String, String> addressOfUnitTag = new LinkedHashMap<>();
        Map<String, List<TagBinding>> byUnit = new LinkedHashMap<>();
        Map<String, List<MqttField>> byFilter = new LinkedHashMap<>();
        for (TagBinding b : bindings) {
            TagBinding previous = byAddress.putIfAbsent(b.address(), b);
            if (previous != null) {
                throw new IllegalArgumentException("address " + b.address() + " is bound twice: to "
                        + previous.unitId() + "/" + previous.tag() + " and " + b.unitId() + "/" + b.tag());
            }
            String other = addressOfUnitTag.putIfAbsent(b.unitId() + "/" + b.tag(), b.address());
            if (other != null) {
                throw new IllegalArgumentException("tag " + b.unitId() + "/" + b.tag() + " is bound to two addresses: "
                        + other + " and " + b.address());
            }
            byUnit.computeIfAbsent(b.unitId(), u -> new ArrayList<>()).add(b);
            if (b.source() instanceof MqttField f) {
                List<MqttField> same = byFilter.computeIfAbsent(f.topicFilter(), t -> new ArrayList<>());
                if (!same.isEmpty() && !(same.get(0).decoder() == f.decoder()
                        && Objects.equals(same.get(0).time(), f.time()))) {
                    throw new IllegalArgumentException("topic filter " + f.topicFilter() + " is decoded two ways: "
                            + describe(same.get(0)) + " and " + describe(f) + "; tags of one filter share the decoder"
                            + " and the time field");
                }
                same.add(f);
            }
        }
        List<String> filters = new ArrayList<>(byFilter.keySet());
        List<String> wildcards = filters.stream().filter(TopicFilter::hasWildcard).toList();
        for (String w : wildcards) {
            for (String f : filters) {
                if (!f.equals(w) && TopicFilter.overlap(w, f)) {
                    throw new IllegalArgumentException("topic filters " + w + " and " + f
                            + " overlap: a message could match both");
                }
            }
        }
        Map<String, ActuatorBinding> actuators = new LinkedHashMap<>();
        Map<String, String> unitActuatorOfAddress = new LinkedHashMap<>();
        for (ActuatorBinding a : actuatorBindings) {
            String key = a.unitId() + "/" + a.actuator();
            if (actuators.putIfAbsent(key, a) != null) {
                throw new IllegalArgumentException("actuator " + key + " is bound twice");
            }
            String previous = unitActuatorOfAddress.putIfAbsent(a.address(), key);
            if (previous != null) {
                throw new IllegalArgumentException("address " + a.address() + " is the target of two actuators: "
                        + previous + " and " + key);
            }
        }
        byUnit.replaceAll((u, list) -> List.copyOf(list));
        byFilter.replaceAll((f, list) -> List.copyOf(list));
        return new TagMap(Collections.unmodifiableMap(byAddress), Collections.unmodifiableMap(byUnit),
                Collections.unmodifiableMap(byFilter),
                wildcards, Collections.unmodifiableMap(actuators));
    }

    /**
     * The binding of a sample's address, if there is one: the binding of exactly that address, or else of the
     * wildcard topic filter that matches the address's topic.
     */
    public Optional<TagBinding> binding(String address) {
        TagBinding exact = byAddress.get(address);
        if (exact != null || wildcardFilters.isEmpty()) {
            return Optional.ofNullable(exact);
        }
        int hash = address.indexOf('#');
        String topic = hash < 0 ? address : address.substring(0, hash);
        String pointerPart = hash < 0 ? "" : address.substring(hash);
        for (String filter : wildcardFilters) {
            if (TopicFilter.matches(filter, topic)) {
                return Optional.ofNullable(byAddress.get(filter + pointerPart));
            }
        }
        return Optional.empty();
    }

    /** All tag bindings, in the order they were bound. */
    public List<TagBinding> bindings() {
        return List.copyOf(byAddress.values());
    }

    /** All addresses, in the order they were bound. */
    public List<String> addresses() {
        return List.copyOf(byAddress.keySet());
    }

    /** The node ids of the OPC UA bindings, in the order they were bound: what an OPC UA source subscribes to. */
    public List<String> nodeIds() {
        return byAddress.values().stream().filter(b -> b.source() instanceof OpcUaNode).map(TagBinding::address)
                .toList();
    }

    /** The MQTT topic filters, each once, in the order they were bound: what an MQTT source subscribes to. */
    public List<String> topicFilters() {
        return List.copyOf(byTopicFilter.keySet());
    }

    /** The MQTT fields bound to each topic filter (all share one decoder and time field). */
    public Map<String, List<MqttField>> mqttFieldsByTopicFilter() {
        return byTopicFilter;
    }

    /** The units that have at least one tag, in the order they were bound. */
    public List<String> unitIds() {
        return List.copyOf(byUnit.keySet());
    }

    /** All tag bindings of one unit, in the order they were bound. */
    public List<TagBinding> bindingsOf(String unitId) {
        return byUnit.getOrDefault(unitId, List.of());
    }

    /** All actuator bindings, in the order they were bound. */
    public List<ActuatorBinding> actuators() {
        return List.copyOf(actuators.values());
    }

    /** The address a unit's actuator setpoints are written to, if the actuator is bound. */
    public Optional<String> actuatorAddress(String unitId, String actuator) {
        ActuatorBinding a = actuators.get(unitId + "/" + actuator);
        return a == null ? Optional.empty() : Optional.of(a.address());
    }

    /**
     * The tag map as text, one line per binding in binding order: what each tag and actuator is bound to, with
     * unit, conversion, range and timing. Stable across releases of the same file format (a golden file pins it).
     */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (TagBinding t : byAddress.values()) {
            b.append(String.format(Locale.ROOT, "tag %s %s/%s <- %s [%s%s, range %s..%s, period %s, stale after %s,"
                            + " lateness %s%s]%n", t.plant(), t.unitId(), t.tag(), describe(t.source()), t.unit(),
                    t.conversion().isIdentity() ? "" : " from " + t.conversion().from(), t.min(), t.max(), t.period(),
                    t.stalenessLimit(), t.allowedLateness(), t.maxLead() == null ? "" : ", max lead " + t.maxLead()));
        }
        for (ActuatorBinding a : actuators.values()) {
            b.append(String.format(Locale.ROOT, "actuator %s %s/%s -> opcua %s [%s]%n", a.plant(), a.unitId(),
                    a.actuator(), a.address(), a.unit()));
        }
        return b.toString();
    }

    private static String describe(TagSource source) {
        if (source instanceof MqttField f) {
            StringBuilder b = new StringBuilder("mqtt ").append(f.topicFilter()).append(' ').append(f.decoder().key());
            if (f.decoder() == DecoderKind.JSON) {
                b.append(" pointer '").append(f.pointer()).append('\'');
                if (f.time() != null) {
                    b.append(" time '").append(f.time().pointer()).append("' ").append(f.time().format().key());
                }
            }
            return b.toString();
        }
        return "opcua " + source.address();
    }
}
