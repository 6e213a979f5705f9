package dev.plantctl.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a G-code script for one printer against one identity's {@link IdentityPolicy} before it is sent. Every
 * line must parse under the allow-list grammar ({@link GcodeLine}) and name a command the identity may send;
 * every parameter must be allowed for that command and lie in its range, in the print material's temperature
 * window where the rule says so, within its rate of change, and, for a relative value such as a babystep, keep
 * the print's running total within the rule's {@code total}. A command that needs approval is never sent.
 *
 * <p>A script is all or nothing: one refused line refuses the whole script, since its lines were decided
 * together. What is sent is {@link Verdict#script()}, rendered from the judged values, never the text as it came.
 *
 * <p>A print begins, for the running totals, when a printer's layer number falls below the last one seen. The
 * memory ({@link #state()}) belongs in the caller's checkpoint. Not thread-safe: one gate per writer.
 */
public final class GcodeGate {

    private static final int FORMAT = 1;

    private final IdentityPolicy policy;
    private final ChangeHistory history;
    private final Map<String, Double> totals;
    private final Map<String, Integer> layers;

    /** A gate with no memory of earlier commands. */
    public GcodeGate(IdentityPolicy policy) {
        this(policy, new ChangeHistory(), new HashMap<>(), new HashMap<>());
    }

    private GcodeGate(IdentityPolicy policy, ChangeHistory history, Map<String, Double> totals,
                      Map<String, Integer> layers) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.history = history;
        this.totals = totals;
        this.layers = layers;
    }

    /**
     * A gate that remembers what {@link #state()} held.
     *
     * @throws IOException when the bytes are not a gate's state
     */
    public static GcodeGate restore(IdentityPolicy policy, byte[] state) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("G-code gate state of unknown format " + format);
            }
            Map<String, Double> totals = new HashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                totals.put(in.readUTF(), in.readDouble());
            }
            Map<String, Integer> layers = new HashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                layers.put(in.readUTF(), in.readInt());
            }
            return new GcodeGate(policy, ChangeHistory.fromBytes(in.readAllBytes()), totals, layers);
        }
    }

    /** The gate's memory (recent values, running totals, last layers) as bytes for a checkpoint. */
    public byte[] state() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(totals.size());
            for (Map.Entry<String, Double> e : totals.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue());
            }
            out.writeInt(layers.size());
            for (Map.Entry<String, Integer> e : layers.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue());
            }
            out.write(history.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Judges a script and, when it passes, remembers it as sent.
     *
     * @param printer  the printer it is for
     * @param layer    the layer the decision was taken on (a lower one than the last starts a new print)
     * @param material the material being printed, as the job's configuration names it (e.g. {@code PLA})
     * @param script   the G-code, one command per line
     * @param now      the time it would be sent (for rates)
     */
    public Verdict check(String printer, int layer, String material, String script, Instant now) {
        Objects.requireNonNull(printer, "printer");
        Objects.requireNonNull(material, "material");
        Objects.requireNonNull(script, "script");
        Integer lastLayer = layers.get(printer);
        if (lastLayer != null && layer < lastLayer) {
            totals.keySet().removeIf(k -> k.startsWith(printer + "/"));
        }
        layers.put(printer, layer);
        List<GcodeLine> lines;
        try {
            lines = GcodeLine.parseScript(script);
        } catch (IllegalArgumentException e) {
            return refused(new Refusal(printer + ": " + oneLine(script), Double.NaN, Refusal.SYNTAX,
                    "not sent: " + e.getMessage()));
        }
        List<Refusal> refusals = new ArrayList<>();
        Set<String> commands = new HashSet<>();
        Map<String, Double> newTotals = new HashMap<>();
        for (GcodeLine line : lines) {
            refusal(printer, material, line, commands, newTotals, now.toEpochMilli()).ifPresent(refusals::add);
        }
        if (!refusals.isEmpty()) {
            return new Verdict("", refusals);
        }
        for (GcodeLine line : lines) {
            GcodeRule rule = policy.gcode().get(line.command());
            line.parameters().forEach((name, value) -> {
                ParameterRule p = rule.parameters().get(name);
                if (p.change() != null) {
                    history.record(key(printer, line, name), value, now.toEpochMilli(),
                            p.change().horizon(span(p, material)).toMillis());
                }
            });
        }
        totals.putAll(newTotals);
        return new Verdict(String.join("\n", lines.stream().map(GcodeLine::text).toList()), List.of());
    }

    private Optional<Refusal> refusal(String printer, String material, GcodeLine line, Set<String> commands,
                                      Map<String, Double> newTotals, long now) {
        String target = printer + ": " + line.text();
        GcodeRule rule = policy.gcode().get(line.command());
        if (rule == null) {
            return refuse(target, Double.NaN, Refusal.NOT_ALLOWED, "command " + line.command()
                    + " is not on the allow-list of identity " + policy.identity());
        }
        if (!commands.add(line.command())) {
            return refuse(target, Double.NaN, Refusal.DUPLICATE, "command " + line.command()
                    + " twice in one script");
        }
        if (rule.approval()) {
            return refuse(target, Double.NaN, Refusal.APPROVAL_REQUIRED, line.command()
                    + " is sent only with an operator's approval (" + rule.where() + ")");
        }
        for (ParameterRule p : rule.parameters().values()) {
            if (p.required() && !line.parameters().containsKey(p.name())) {
                return refuse(target, Double.NaN, Refusal.MISSING_PARAMETER, line.command() + " needs "
                        + p.name() + " (" + p.where() + ")");
            }
        }
        for (Map.Entry<String, Double> e : line.parameters().entrySet()) {
            ParameterRule p = rule.parameters().get(e.getKey());
            double v = e.getValue();
            if (p == null) {
                return refuse(target, v, Refusal.NOT_ALLOWED, "parameter " + e.getKey() + " of " + line.command()
                        + " is not allowed (" + rule.where() + ")");
            }
            Optional<Refusal> r = parameterRefusal(printer, material, line, p, v, target, newTotals, now);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    private Optional<Refusal> parameterRefusal(String printer, String material, GcodeLine line, ParameterRule p,
                                               double v, String target, Map<String, Double> newTotals, long now) {
        String name = line.command() + " " + p.name();
        if (p.range() != null && !p.range().contains(v)) {
            return refuse(target, v, Refusal.RANGE, name + " " + Numbers.text(v) + " is outside " + p.range()
                    + " (" + p.where() + ")");
        }
        if (p.materialWindow()) {
            Range window = policy.materials().get(material.toUpperCase(Locale.ROOT));
            if (window == null) {
                return refuse(target, v, Refusal.MATERIAL_WINDOW, "no temperature window for material "
                        + material + " in the policy of " + policy.identity());
            }
            if (!window.contains(v)) {
                return refuse(target, v, Refusal.MATERIAL_WINDOW, name + " " + Numbers.text(v)
                        + " °C is outside the " + material + " window " + window + " °C (" + p.where() + ")");
            }
        }
        if (p.change() != null) {
            Optional<String> tooFast = history.violation(key(printer, line, p.name()), v, p.change(), now);
            if (tooFast.isPresent()) {
                return refuse(target, v, Refusal.RATE, name + ": " + tooFast.get() + " (" + p.where() + ")");
            }
        }
        if (p.total() != null) {
            String key = key(printer, line, p.name());
            double sum = totals.getOrDefault(key, 0.0) + v;
            if (Math.abs(sum) > p.total() * (1 + 1e-9)) {
                return refuse(target, v, Refusal.CUMULATIVE, name + " " + Numbers.text(v)
                        + " would bring this print's total to " + Numbers.rounded(sum) + ", beyond ±"
                        + Numbers.text(p.total()) + " (" + p.where() + ")");
            }
            newTotals.put(key, sum);
        }
        return Optional.empty();
    }

    /** The values a parameter may take: its range, else the material's window (a passed check found one). */
    private Range span(ParameterRule p, String material) {
        return p.range() != null ? p.range() : policy.materials().get(material.toUpperCase(Locale.ROOT));
    }

    private static String key(String printer, GcodeLine line, String parameter) {
        return printer + "/" + line.command() + "/" + parameter;
    }

    private static Verdict refused(Refusal refusal) {
        return new Verdict("", List.of(refusal));
    }

    private static Optional<Refusal> refuse(String target, double value, String rule, String reason) {
        return Optional.of(new Refusal(target, value, rule, reason));
    }

    private static String oneLine(String script) {
        String s = script.replace("\n", "; ");
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /**
     * The gate's judgement of one script.
     *
     * @param script   what may be sent, rendered from the judged values; empty when the script is refused
     * @param refusals why it may not, empty when it may
     */
    public record Verdict(String script, List<Refusal> refusals) {

        public Verdict {
            Objects.requireNonNull(script, "script");
            refusals = List.copyOf(refusals);
        }

        /** True when the script may be sent. */
        public boolean passed() {
            return refusals.isEmpty();
        }
    }
}
