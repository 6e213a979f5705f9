package dev.plantctl.ingestion;

import dev.plantctl.core.Durations;
import dev.plantctl.ingestion.TagSource.MqttField;
import dev.plantctl.ingestion.TagSource.OpcUaNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plant's tag map file (YAML, format {@value #FORMAT}), loaded and checked: one template per tag and actuator,
 * bound to each plant unit by replacing {@code {unit}} in its addresses, so that N compartments need one entry
 * per tag, not N. The format is described in {@code ingestion/README.md}; in short:
 *
 * <pre>
 * format: plantctl-tagmap/1
 * plant: greenhouse
 * units: {count: 4, id: "c{n}"}          # or a list: [north, south]
 * defaults: {period: 15m, staleness: 30m, lateness: 15m}
 * tags:
 *   air_temperature:
 *     source: {opcua: "nsu=urn:plantctl:sim:greenhouse;s={unit}/air_temperature"}
 *     unit: degC
 *     range: [-30, 60]
 *   leaf_temperature:
 *     source: {mqtt: "greenhouse/{unit}/leaf", decoder: json, pointer: /t, time: /ts, time_format: epoch-millis}
 *     source_unit: degF
 *     unit: degC
 *     range: [-30, 60]
 * actuators:
 *   heating: {target: {opcua: "nsu=urn:plantctl:sim:greenhouse;s={unit}/heating"}, unit: W/m2}
 * </pre>
 *
 * <p>Every problem is reported at load as a {@link TagMapException} that names the file, the line and the key:
 * syntax errors, unknown or duplicate keys, missing keys, values of the wrong kind, unknown unit conversions,
 * empty or inverted ranges, addresses bound twice, MQTT topic filters that overlap. Immutable once loaded.
 */
public final class TagMapFile {

    /** The format this loader reads, the required value of the {@code format} key. */
    public static final String FORMAT = "plantctl-tagmap/1";
    /** The placeholder replaced by a unit's id in addresses. */
    public static final String UNIT_PLACEHOLDER = "{unit}";

    private static final int MAX_UNITS = 10_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[A-Za-z_]*}");

    private final String name;
    private final String plant;
    private final List<String> unitIds;
    private final Located unitsKey;
    private final List<TagTemplate> tags;
    private final List<ActuatorTemplate> actuators;

    /** Where a value came from in the file, for messages. */
    private record Located(int line, String key) { }

    private record TagTemplate(String tag, String address, Located addressWhere, SourceKind kind,
                               DecoderKind decoder, String pointer, JsonTime time, String unit,
                               UnitConversion conversion, double min, double max, Duration period,
                               Duration staleness, Duration lateness, Duration maxLead) { }

    private record ActuatorTemplate(String actuator, String address, Located addressWhere,
                                    String unit) { }

    private enum SourceKind { OPCUA, MQTT }

    private TagMapFile(String name, String plant, List<String> unitIds, Located unitsKey, List<TagTemplate> tags,
                       List<ActuatorTemplate> actuators) {
        this.name = name;
        this.plant = plant;
        this.unitIds = unitIds;
        this.unitsKey = unitsKey;
        this.tags = tags;
        this.actuators = actuators;
    }

    /**
     * Loads and checks a tag map file; binding it to the file's own units must succeed too.
     *
     * @throws IOException     when the file cannot be read
     * @throws TagMapException when its content is not a valid tag map
     */
    public static TagMapFile load(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Loads a tag map shipped on the class path, e.g. {@code tagmaps/greenhouse.yaml}; messages name it
     * {@code classpath:<resource>}.
     *
     * @throws IOException when there is no such resource
     */
    public static TagMapFile loadResource(String resource, ClassLoader loader) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no tag map resource " + resource + " on the class path");
            }
            return parse("classpath:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Parses and checks a tag map from text.
     *
     * @param name what messages call the file
     * @throws TagMapException when the text is not a valid tag map
     */
    public static TagMapFile parse(String name, String yaml) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(yaml, "yaml");
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(name).setMaxAliasesForCollections(20).build())
                    .composeString(yaml)
                    .orElseThrow(() -> new TagMapException(name, 1, "(document)", "the file is empty"));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new TagMapException(name, line, "(syntax)", "not valid YAML: " + oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new TagMapException(name, 0, "(syntax)", "not valid YAML: " + oneLine(e.getMessage()));
        }
        TagMapFile file = new Reader(name).read(root);
        file.tagMap();
        return file;
    }

    /** The file's name, as messages give it. */
    public String name() {
        return name;
    }

    /** The plant the file is for. */
    public String plant() {
        return plant;
    }

    /** The units the file lists (or counts). */
    public List<String> unitIds() {
        return unitIds;
    }

    /** The tag map bound to the file's own units. */
    public TagMap tagMap() {
        return tagMap(unitIds);
    }

    /**
     * The tag map bound to the given units, for a job that knows its units from elsewhere (e.g. the number of
     * compartments of a simulator).
     *
     * @throws TagMapException when the units are invalid, or an address without {@code {unit}} would be shared
     */
    public TagMap tagMap(List<String> units) {
        if (units.isEmpty()) {
            throw new TagMapException(name, unitsKey.line(), unitsKey.key(), "no units to bind the tags to");
        }
        for (String u : units) {
            if (!NAME.matcher(u).matches()) {
                throw new TagMapException(name, unitsKey.line(), unitsKey.key(), "unit id '" + u
                        + "' must be letters, digits, '_', '.' or '-'");
            }
        }
        List<TagBinding> bindings = new ArrayList<>();
        Map<String, Located> addressOwner = new LinkedHashMap<>();
        Map<String, TagTemplate> filterOwner = new LinkedHashMap<>();
        List<String> wildcards = new ArrayList<>();
        for (String unit : units) {
            for (TagTemplate t : tags) {
                TagSource source = source(t, unit, units.size());
                Located previous = addressOwner.putIfAbsent(source.address(), t.addressWhere());
                if (previous != null) {
                    throw new TagMapException(name, t.addressWhere().line(), t.addressWhere().key(), "address "
                            + source.address() + " is already bound by " + previous.key() + " (line "
                            + previous.line() + ")");
                }
                if (source instanceof MqttField f) {
                    checkFilter(f, t, filterOwner, wildcards);
                }
                bindings.add(new TagBinding(source, plant, unit, t.tag(), t.unit(), t.conversion(), t.min(), t.max(),
                        t.period(), t.staleness(), t.lateness(), t.maxLead()));
            }
        }
        List<ActuatorBinding> actuatorBindings = new ArrayList<>();
        Map<String, Located> targetOwner = new LinkedHashMap<>();
        for (String unit : units) {
            for (ActuatorTemplate a : actuators) {
                String address = expand(a.address(), a.addressWhere(), unit, units.size());
                Located previous = targetOwner.putIfAbsent(address, a.addressWhere());
                if (previous != null) {
                    throw new TagMapException(name, a.addressWhere().line(), a.addressWhere().key(), "address "
                            + address + " is already the target of " + previous.key() + " (line " + previous.line()
                            + ")");
                }
                actuatorBindings.add(new ActuatorBinding(address, plant, unit, a.actuator(), a.unit()));
            }
        }
        return TagMap.of(bindings, actuatorBindings);
    }

    private TagSource source(TagTemplate t, String unit, int unitCount) {
        String address = expand(t.address(), t.addressWhere(), unit, unitCount);
        if (t.kind() == SourceKind.OPCUA) {
            return new OpcUaNode(address);
        }
        try {
            return new MqttField(address, t.decoder(), t.pointer(), t.time());
        } catch (IllegalArgumentException e) {
            throw new TagMapException(name, t.addressWhere().line(), t.addressWhere().key(), e.getMessage());
        }
    }

    private void checkFilter(MqttField f, TagTemplate t, Map<String, TagTemplate> filterOwner,
                             List<String> wildcards) {
        TagTemplate owner = filterOwner.get(f.topicFilter());
        if (owner != null && !(owner.decoder() == t.decoder() && Objects.equals(owner.time(), t.time()))) {
            throw new TagMapException(name, t.addressWhere().line(), t.addressWhere().key(), "topic filter "
                    + f.topicFilter() + " is decoded differently by " + owner.addressWhere().key() + " (line "
                    + owner.addressWhere().line() + "); tags of one filter share the decoder and the time field");
        }
        if (owner == null) {
            boolean wildcard = TopicFilter.hasWildcard(f.topicFilter());
            for (String other : wildcard ? filterOwner.keySet() : wildcards) {
                if (TopicFilter.overlap(other, f.topicFilter())) {
                    TagTemplate o = filterOwner.get(other);
                    throw new TagMapException(name, t.addressWhere().line(), t.addressWhere().key(), "topic filter "
                            + f.topicFilter() + " overlaps " + other + " of " + o.addressWhere().key() + " (line "
                            + o.addressWhere().line() + "): a message could match both");
                }
            }
            filterOwner.put(f.topicFilter(), t);
            if (wildcard) {
                wildcards.add(f.topicFilter());
            }
        }
    }

    private String expand(String template, Located where, String unit, int unitCount) {
        if (unitCount > 1 && !template.contains(UNIT_PLACEHOLDER)) {
            throw new TagMapException(name, where.line(), where.key(), "'" + template + "' has no " + UNIT_PLACEHOLDER
                    + " placeholder, so the " + unitCount + " units would share one address");
        }
        return template.replace(UNIT_PLACEHOLDER, unit);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    /** Walks the YAML node tree, checking as it goes. */
    private static final class Reader {

        private final String file;
        private final Map<Node, Integer> keyLines = new IdentityHashMap<>();

        Reader(String file) {
            this.file = file;
        }

        TagMapFile read(Node root) {
            Map<String, Node> top = mapping(root, "(document)", Set.of("format", "plant", "units", "defaults", "tags",
                    "actuators"));
            String format = string(required(top, root, "(document)", "format"), "format");
            if (!format.equals(FORMAT)) {
                throw error(top.get("format"), "format", "unsupported format '" + format + "'; this loader reads "
                        + FORMAT);
            }
            String plant = name(required(top, root, "(document)", "plant"), "plant");
            Node unitsNode = required(top, root, "(document)", "units");
            List<String> units = units(unitsNode);
            Defaults defaults = top.containsKey("defaults") ? defaults(top.get("defaults")) : new Defaults(null, null,
                    null, null);
            Node tagsNode = required(top, root, "(document)", "tags");
            Map<String, Node> tagNodes = mapping(tagsNode, "tags", null);
            if (tagNodes.isEmpty()) {
                throw error(tagsNode, "tags", "a tag map needs at least one tag");
            }
            List<TagTemplate> tags = new ArrayList<>();
            tagNodes.forEach((tag, node) -> tags.add(tag(tag, node, defaults)));
            List<ActuatorTemplate> actuators = new ArrayList<>();
            if (top.containsKey("actuators")) {
                mapping(top.get("actuators"), "actuators", null)
                        .forEach((actuator, node) -> actuators.add(actuator(actuator, node)));
            }
            return new TagMapFile(file, plant, units, new Located(line(unitsNode), "units"), List.copyOf(tags),
                    List.copyOf(actuators));
        }

        private List<String> units(Node node) {
            List<String> ids = new ArrayList<>();
            if (node instanceof SequenceNode seq) {
                for (int i = 0; i < seq.getValue().size(); i++) {
                    String id = name(seq.getValue().get(i), "units[" + i + "]");
                    if (ids.contains(id)) {
                        throw error(seq.getValue().get(i), "units[" + i + "]", "unit '" + id + "' is listed twice");
                    }
                    ids.add(id);
                }
                if (ids.isEmpty()) {
                    throw error(node, "units", "list at least one unit");
                }
                return List.copyOf(ids);
            }
            if (!(node instanceof MappingNode)) {
                throw error(node, "units", "expected a list of unit ids or {count: N, id: \"c{n}\"}");
            }
            Map<String, Node> m = mapping(node, "units", Set.of("count", "id"));
            Node countNode = required(m, node, "units", "count");
            double count = number(countNode, "units.count");
            if (count != Math.rint(count) || count < 1 || count > MAX_UNITS) {
                throw error(countNode, "units.count", "expected a whole number from 1 to " + MAX_UNITS);
            }
            Node idNode = required(m, node, "units", "id");
            String pattern = string(idNode, "units.id");
            if (!pattern.contains("{n}") || !NAME.matcher(pattern.replace("{n}", "1")).matches()) {
                throw error(idNode, "units.id", "expected a unit id pattern with {n}, e.g. \"c{n}\" (letters, digits,"
                        + " '_', '.' or '-' around it)");
            }
            for (int n = 1; n <= (int) count; n++) {
                ids.add(pattern.replace("{n}", Integer.toString(n)));
            }
            return List.copyOf(ids);
        }

        /** A tag's timing, defaults applied; {@code maxLead} may be null. */
        private record Timing(Duration period, Duration staleness, Duration lateness, Duration maxLead) { }

        /** Timing defaults; each may be null. */
        private record Defaults(Duration period, Duration staleness, Duration lateness, Duration maxLead) { }

        private Defaults defaults(Node node) {
            Map<String, Node> m = mapping(node, "defaults", Set.of("period", "staleness", "lateness", "max_lead"));
            return new Defaults(optionalDuration(m, "defaults", "period", true),
                    optionalDuration(m, "defaults", "staleness", true),
                    optionalDuration(m, "defaults", "lateness", false),
                    optionalDuration(m, "defaults", "max_lead", false));
        }

        private TagTemplate tag(String tag, Node node, Defaults defaults) {
            String key = "tags." + tag;
            if (!NAME.matcher(tag).matches()) {
                throw errorAtKey(node, key, "a tag name must be letters, digits, '_', '.' or '-'");
            }
            Map<String, Node> m = mapping(node, key, Set.of("source", "unit", "source_unit", "range", "period",
                    "staleness", "lateness", "max_lead"));
            Node sourceNode = required(m, node, key, "source");
            Map<String, Node> src = mapping(sourceNode, key + ".source", Set.of("opcua", "mqtt", "decoder", "pointer",
                    "time", "time_format"));
            String unit = string(required(m, node, key, "unit"), key + ".unit");
            UnitConversion conversion = UnitConversion.identity(unit);
            if (m.containsKey("source_unit")) {
                String from = string(m.get("source_unit"), key + ".source_unit");
                conversion = UnitConversion.between(from, unit).orElseThrow(() -> error(m.get("source_unit"),
                        key + ".source_unit", "no conversion from " + from + " to " + unit + " is known; known: "
                                + UnitConversion.knownList()));
            }
            Node rangeNode = required(m, node, key, "range");
            double[] range = range(rangeNode, key + ".range");
            Duration period = optionalDuration(m, key, "period", true);
            period = period != null ? period : defaults.period();
            if (period == null) {
                throw errorAtKey(node, key, "no period: set " + key + ".period or defaults.period");
            }
            Duration staleness = optionalDuration(m, key, "staleness", true);
            staleness = staleness != null ? staleness
                    : defaults.staleness() != null ? defaults.staleness() : period.multipliedBy(2);
            Duration lateness = optionalDuration(m, key, "lateness", false);
            lateness = lateness != null ? lateness : defaults.lateness() != null ? defaults.lateness() : period;
            Duration maxLead = optionalDuration(m, key, "max_lead", false);
            Timing timing = new Timing(period, staleness, lateness, maxLead != null ? maxLead : defaults.maxLead());
            return source(tag, sourceNode, src, key + ".source", unit, conversion, range, timing);
        }

        private TagTemplate source(String tag, Node sourceNode, Map<String, Node> src, String key,
                                   String unit, UnitConversion conversion, double[] range, Timing timing) {
            boolean opcua = src.containsKey("opcua");
            if (opcua == src.containsKey("mqtt")) {
                throw error(sourceNode, key, "give exactly one of opcua (a node id) and mqtt (a topic filter)");
            }
            if (opcua) {
                for (String k : List.of("decoder", "pointer", "time", "time_format")) {
                    if (src.containsKey(k)) {
                        throw error(src.get(k), key + "." + k, "only an mqtt source has a " + k);
                    }
                }
                String nodeId = placeholders(src.get("opcua"), key + ".opcua");
                return new TagTemplate(tag, nodeId, new Located(line(src.get("opcua")), key + ".opcua"),
                        SourceKind.OPCUA, null, "", null, unit, conversion, range[0], range[1], timing.period(),
                        timing.staleness(), timing.lateness(), timing.maxLead());
            }
            String filter = placeholders(src.get("mqtt"), key + ".mqtt");
            TopicFilter.problem(filter.replace(UNIT_PLACEHOLDER, "u")).ifPresent(p -> {
                throw error(src.get("mqtt"), key + ".mqtt", p);
            });
            DecoderKind decoder = DecoderKind.NUMBER;
            if (src.containsKey("decoder")) {
                String d = string(src.get("decoder"), key + ".decoder");
                decoder = DecoderKind.ofKey(d).orElseThrow(() -> error(src.get("decoder"), key + ".decoder",
                        "unknown decoder '" + d + "'; known: number, json, moonraker"));
            }
            String pointer = "";
            JsonTime time = null;
            if (decoder == DecoderKind.JSON) {
                pointer = pointer(required(src, sourceNode, key, "pointer"), key + ".pointer");
                if (src.containsKey("time")) {
                    String timePointer = pointer(src.get("time"), key + ".time");
                    Node formatNode = required(src, sourceNode, key, "time_format");
                    String f = string(formatNode, key + ".time_format");
                    JsonTime.Format format = JsonTime.Format.ofKey(f).orElseThrow(() -> error(formatNode,
                            key + ".time_format", "unknown time format '" + f + "'; known: epoch-millis,"
                                    + " epoch-seconds, iso-8601"));
                    time = new JsonTime(timePointer, format);
                } else if (src.containsKey("time_format")) {
                    throw error(src.get("time_format"), key + ".time_format", "a time_format needs a time pointer");
                }
            } else {
                for (String k : List.of("pointer", "time", "time_format")) {
                    if (src.containsKey(k)) {
                        throw error(src.get(k), key + "." + k, "only the json decoder reads a " + k + ", not "
                                + decoder.key());
                    }
                }
            }
            return new TagTemplate(tag, filter, new Located(line(src.get("mqtt")), key + ".mqtt"),
                    SourceKind.MQTT, decoder, pointer, time, unit, conversion, range[0], range[1], timing.period(),
                    timing.staleness(), timing.lateness(), timing.maxLead());
        }

        private ActuatorTemplate actuator(String actuator, Node node) {
            String key = "actuators." + actuator;
            if (!NAME.matcher(actuator).matches()) {
                throw errorAtKey(node, key, "an actuator name must be letters, digits, '_', '.' or '-'");
            }
            Map<String, Node> m = mapping(node, key, Set.of("target", "unit"));
            Node targetNode = required(m, node, key, "target");
            Map<String, Node> target = mapping(targetNode, key + ".target", Set.of("opcua"));
            String address = placeholders(required(target, targetNode, key + ".target", "opcua"),
                    key + ".target.opcua");
            String unit = string(required(m, node, key, "unit"), key + ".unit");
            return new ActuatorTemplate(actuator, address,
                    new Located(line(target.get("opcua")), key + ".target.opcua"), unit);
        }

        private String placeholders(Node node, String key) {
            String template = string(node, key);
            Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                if (!m.group().equals(UNIT_PLACEHOLDER)) {
                    throw error(node, key, "unknown placeholder " + m.group() + "; the only one is "
                            + UNIT_PLACEHOLDER);
                }
            }
            return template;
        }

        private String pointer(Node node, String key) {
            String pointer = string(node, key);
            try {
                JsonPayloadDecoder.checkPointer(pointer);
            } catch (IllegalArgumentException e) {
                throw error(node, key, e.getMessage());
            }
            return pointer;
        }

        private double[] range(Node node, String key) {
            if (!(node instanceof SequenceNode seq) || seq.getValue().size() != 2) {
                throw error(node, key, "expected [min, max]");
            }
            double min = number(seq.getValue().get(0), key + "[0]");
            double max = number(seq.getValue().get(1), key + "[1]");
            if (min > max) {
                throw error(node, key, "min " + min + " is greater than max " + max);
            }
            return new double[] {min, max};
        }

        private Duration optionalDuration(Map<String, Node> m, String parent, String name, boolean positive) {
            Node node = m.get(name);
            if (node == null) {
                return null;
            }
            String key = parent + "." + name;
            String text = string(node, key);
            Duration d;
            try {
                d = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw error(node, key, e.getMessage());
            }
            if (d.isNegative() || (positive && d.isZero())) {
                throw error(node, key, "must be " + (positive ? "positive" : "zero or positive") + ", not " + text);
            }
            if (d.compareTo(Duration.ofDays(3650)) > 0) {
                throw error(node, key, "must be at most 3650 days, not " + text);
            }
            return d;
        }

        private Map<String, Node> mapping(Node node, String key, Set<String> allowed) {
            if (!(node instanceof MappingNode map)) {
                throw error(node, key, "expected a mapping of keys to values");
            }
            Map<String, Node> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.NULL)) {
                    throw error(t.getKeyNode(), key, "keys must be plain names");
                }
                String name = k.getValue();
                String path = key.equals("(document)") ? name : key + "." + name;
                if (allowed != null && !allowed.contains(name)) {
                    throw error(k, path, "unknown key; expected one of " + allowed.stream().sorted().toList());
                }
                if (out.putIfAbsent(name, t.getValueNode()) != null) {
                    throw error(k, path, "duplicate key");
                }
                keyLines.put(t.getValueNode(), line(k));
            }
            return out;
        }

        private Node required(Map<String, Node> m, Node parent, String parentKey, String name) {
            Node n = m.get(name);
            if (n == null) {
                throw errorAtKey(parent, parentKey.equals("(document)") ? name : parentKey + "." + name, "missing");
            }
            return n;
        }

        private String string(Node node, String key) {
            if (!(node instanceof ScalarNode s) || s.getTag().equals(Tag.NULL) || s.getValue().isBlank()) {
                throw error(node, key, "expected a non-empty text");
            }
            return s.getValue();
        }

        private String name(Node node, String key) {
            String text = string(node, key);
            if (!NAME.matcher(text).matches()) {
                throw error(node, key, "'" + text + "' must be letters, digits, '_', '.' or '-'");
            }
            return text;
        }

        private double number(Node node, String key) {
            if (node instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
                try {
                    double v = Double.parseDouble(s.getValue());
                    if (Double.isFinite(v)) {
                        return v;
                    }
                } catch (NumberFormatException e) {
                    throw error(node, key, "expected a finite decimal number, not '" + s.getValue() + "'");
                }
            }
            throw error(node, key, "expected a finite decimal number");
        }

        private int line(Node node) {
            return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
        }

        private TagMapException error(Node node, String key, String problem) {
            return new TagMapException(file, line(node), key, problem);
        }

        /** An error about a whole value, reported at the line of its key. */
        private TagMapException errorAtKey(Node value, String key, String problem) {
            return new TagMapException(file, keyLines.getOrDefault(value, line(value)), key, problem);
        }
    }
}
