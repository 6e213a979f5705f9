package dev.plantctl.policy;

import dev.plantctl.core.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads a write policy file's YAML nodes into a {@link WritePolicy}, with file, line and key in every error. */
final class PolicyFileReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern PARAMETER = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    private static final Pattern COMMAND = Pattern.compile("[GM][0-9]{1,4}|[A-Z][A-Z0-9_]{1,63}");

    private final String file;

    PolicyFileReader(String file) {
        this.file = file;
    }

    WritePolicy read(String yaml) {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).setMaxAliasesForCollections(20).build())
                    .composeString(yaml)
                    .orElseThrow(() -> new PolicyException(file, 1, "(document)", "the file is empty"));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new PolicyException(file, line, "(syntax)", "not valid YAML: " + oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new PolicyException(file, 0, "(syntax)", "not valid YAML: " + oneLine(e.getMessage()));
        }
        Map<String, Node> top = mapping(root, "(document)", Set.of("format", "identities"));
        String format = scalar(required(top, root, "(document)", "format"), "format");
        if (!format.equals(WritePolicy.FORMAT)) {
            throw error(top.get("format"), "format", "format '" + format + "' is not " + WritePolicy.FORMAT);
        }
        Node identitiesNode = required(top, root, "(document)", "identities");
        Map<String, IdentityPolicy> identities = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : mapping(identitiesNode, "identities", null).entrySet()) {
            String key = "identities." + e.getKey();
            requireName(e.getKey(), e.getValue(), key);
            identities.put(e.getKey(), identity(e.getKey(), e.getValue(), key));
        }
        if (identities.isEmpty()) {
            throw error(identitiesNode, "identities", "no identity: the policy would allow nothing");
        }
        return new WritePolicy(file, identities);
    }

    private IdentityPolicy identity(String identity, Node node, String key) {
        Map<String, Node> m = mapping(node, key, Set.of("setpoints", "gcode", "materials"));
        List<SetpointRule> setpoints = new ArrayList<>();
        if (m.containsKey("setpoints")) {
            List<Node> items = sequence(m.get("setpoints"), key + ".setpoints");
            for (int i = 0; i < items.size(); i++) {
                setpoints.add(setpointRule(items.get(i), key + ".setpoints[" + i + "]"));
            }
        }
        Map<String, GcodeRule> gcode = new LinkedHashMap<>();
        if (m.containsKey("gcode")) {
            for (Map.Entry<String, Node> e : mapping(m.get("gcode"), key + ".gcode", null).entrySet()) {
                String k = key + ".gcode." + e.getKey();
                if (!COMMAND.matcher(e.getKey()).matches()) {
                    throw error(e.getValue(), k, "'" + e.getKey() + "' is not a G-code command word (upper case, e.g."
                            + " M221 or SET_GCODE_OFFSET)");
                }
                gcode.put(e.getKey(), gcodeRule(e.getKey(), e.getValue(), k));
            }
        }
        Map<String, Range> materials = new LinkedHashMap<>();
        if (m.containsKey("materials")) {
            for (Map.Entry<String, Node> e : mapping(m.get("materials"), key + ".materials", null).entrySet()) {
                String k = key + ".materials." + e.getKey();
                requireName(e.getKey(), e.getValue(), k);
                materials.put(e.getKey().toUpperCase(Locale.ROOT), range(e.getValue(), k));
            }
        }
        if (setpoints.isEmpty() && gcode.isEmpty()) {
            throw error(node, key, "allows nothing: give setpoints or gcode");
        }
        boolean windowUsed = gcode.values().stream().flatMap(r -> r.parameters().values().stream())
                .anyMatch(ParameterRule::materialWindow);
        if (windowUsed && materials.isEmpty()) {
            throw error(node, key, "a parameter uses 'window: material' but the identity has no materials");
        }
        return new IdentityPolicy(identity, setpoints, gcode, materials);
    }

    private SetpointRule setpointRule(Node node, String key) {
        Map<String, Node> m = mapping(node, key, Set.of("match", "range", "max_change", "max_expiry",
                "approval_above"));
        Node matchNode = required(m, node, key, "match");
        String match = scalar(matchNode, key + ".match");
        String[] segments = match.split("/", -1);
        if (segments.length != 3) {
            throw error(matchNode, key + ".match", "'" + match + "' must be plant/unit/actuator");
        }
        for (String s : segments) {
            if (!s.equals("*") && !NAME.matcher(s.replace("*", "x")).matches()) {
                throw error(matchNode, key + ".match", "segment '" + s + "' of '" + match + "' must be a name or a"
                        + " glob of letters, digits, '_', '.', '-' and '*'");
            }
        }
        Range range = range(required(m, node, key, "range"), key + ".range");
        ChangeLimit change = m.containsKey("max_change") ? changeLimit(m.get("max_change"), key + ".max_change")
                : null;
        Duration maxExpiry = duration(required(m, node, key, "max_expiry"), key + ".max_expiry");
        Double approvalAbove = m.containsKey("approval_above")
                ? positive(m.get("approval_above"), key + ".approval_above") : null;
        return new SetpointRule(match, range, change, maxExpiry, approvalAbove, where(node));
    }

    private GcodeRule gcodeRule(String command, Node node, String key) {
        Map<String, Node> m = mapping(node, key, null);
        Map<String, ParameterRule> parameters = new LinkedHashMap<>();
        boolean approval = false;
        for (Map.Entry<String, Node> e : m.entrySet()) {
            String k = key + "." + e.getKey();
            if (e.getKey().equals("approval")) {
                approval = bool(e.getValue(), k);
            } else if (PARAMETER.matcher(e.getKey()).matches()) {
                parameters.put(e.getKey(), parameterRule(e.getKey(), e.getValue(), k));
            } else {
                throw error(e.getValue(), k, "unknown key '" + e.getKey() + "' (a parameter in upper case, e.g. S or"
                        + " Z_ADJUST, or 'approval')");
            }
        }
        return new GcodeRule(command, parameters, approval, where(node));
    }

    private ParameterRule parameterRule(String name, Node node, String key) {
        Map<String, Node> m = mapping(node, key, Set.of("range", "window", "max_change", "total", "required"));
        Range range = m.containsKey("range") ? range(m.get("range"), key + ".range") : null;
        boolean window = false;
        if (m.containsKey("window")) {
            String w = scalar(m.get("window"), key + ".window");
            if (!w.equals("material")) {
                throw error(m.get("window"), key + ".window", "'" + w + "' is not a window (only 'material')");
            }
            window = true;
        }
        if (range == null && !window) {
            throw error(node, key, "needs a range or 'window: material'");
        }
        ChangeLimit change = m.containsKey("max_change") ? changeLimit(m.get("max_change"), key + ".max_change")
                : null;
        Double total = m.containsKey("total") ? positive(m.get("total"), key + ".total") : null;
        boolean required = m.containsKey("required") && bool(m.get("required"), key + ".required");
        return new ParameterRule(name, range, window, change, total, required, where(node));
    }

    private ChangeLimit changeLimit(Node node, String key) {
        Map<String, Node> m = mapping(node, key, Set.of("by", "per"));
        double by = positive(required(m, node, key, "by"), key + ".by");
        Duration per = duration(required(m, node, key, "per"), key + ".per");
        if (per.isZero()) {
            throw error(m.get("per"), key + ".per", "must be longer than 0");
        }
        return new ChangeLimit(by, per);
    }

    private Range range(Node node, String key) {
        List<Node> items = sequence(node, key);
        if (items.size() != 2) {
            throw error(node, key, "a range is [min, max], got " + items.size() + " values");
        }
        double min = number(items.get(0), key + "[0]");
        double max = number(items.get(1), key + "[1]");
        if (min > max) {
            throw error(node, key, "min " + Numbers.text(min) + " is above max " + Numbers.text(max));
        }
        return new Range(min, max);
    }

    private double positive(Node node, String key) {
        double v = number(node, key);
        if (!(v > 0)) {
            throw error(node, key, "must be positive, got " + Numbers.text(v));
        }
        return v;
    }

    private double number(Node node, String key) {
        String text = scalar(node, key);
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v) && !text.matches(".*[A-Za-z].*")) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(node, key, "'" + text + "' is not a finite decimal number");
    }

    private boolean bool(Node node, String key) {
        String text = scalar(node, key);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw error(node, key, "'" + text + "' is not true or false");
    }

    private Duration duration(Node node, String key) {
        String text = scalar(node, key);
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(node, key, e.getMessage());
        }
        if (d.isNegative()) {
            throw error(node, key, "must not be negative, got " + text);
        }
        return d;
    }

    private void requireName(String name, Node node, String key) {
        if (!NAME.matcher(name).matches()) {
            throw error(node, key, "'" + name + "' must be letters, digits, '_', '.' or '-'");
        }
    }

    private Map<String, Node> mapping(Node node, String key, Set<String> allowed) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, key, "expected a mapping");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String k = scalar(t.getKeyNode(), key + " (a key)");
            if (allowed != null && !allowed.contains(k)) {
                throw error(t.getKeyNode(), key + "." + k, "unknown key '" + k + "' (known: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            if (out.put(k, t.getValueNode()) != null) {
                throw error(t.getKeyNode(), key + "." + k, "key '" + k + "' is given twice");
            }
        }
        return out;
    }

    private List<Node> sequence(Node node, String key) {
        if (!(node instanceof SequenceNode s)) {
            throw error(node, key, "expected a list");
        }
        return s.getValue();
    }

    private String scalar(Node node, String key) {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, key, "expected a single value");
        }
        return s.getValue();
    }

    private Node required(Map<String, Node> m, Node parent, String key, String name) {
        Node n = m.get(name);
        if (n == null) {
            throw error(parent, key, "key '" + name + "' is missing");
        }
        return n;
    }

    private String where(Node node) {
        return file + ":" + line(node);
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    private PolicyException error(Node node, String key, String problem) {
        return new PolicyException(file, line(node), key, problem);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').strip();
    }
}
