package dev.plantctl.policy;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Setpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Judges each setpoint of a decision against one identity's {@link IdentityPolicy} before it is written: plant and
 * unit of the decision, an allowing rule, range, expiry, rate of change and approval, in that order. Setpoints
 * that pass are {@link Verdict#accepted()}; every other one is a {@link Refusal} naming the rule that fired.
 *
 * <p><b>Time.</b> Rates and expiries are judged on the gate's clock, which the caller bounds: a setpoint counts as
 * issued at {@code min(issuedAt, bound)}, and the clock never goes back. Pass as {@code bound} a time the
 * controller cannot forge: the plant's own clock read before the write, or the control instant of the
 * observation the decision answers. A controller that claims a later issue time does not make time pass for the
 * gate, and one that claims a later expiry is measured from the gate's clock.
 *
 * <p>Only writes reported through {@link #written} count for later rate checks, so a setpoint the plant refused
 * does not move the reference. The memory ({@link #state()}) belongs in the caller's checkpoint: a restored gate
 * judges the next write against the values written before the failure. Not thread-safe: one gate per writer.
 */
public final class SetpointGate {

    private static final int FORMAT = 1;

    private final IdentityPolicy policy;
    private final ChangeHistory history;
    private long clock;

    /** A gate with no memory of earlier writes. */
    public SetpointGate(IdentityPolicy policy) {
        this(policy, new ChangeHistory(), Long.MIN_VALUE);
    }

    private SetpointGate(IdentityPolicy policy, ChangeHistory history, long clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.history = history;
        this.clock = clock;
    }

    /**
     * A gate that remembers what {@link #state()} held.
     *
     * @throws IOException when the bytes are not a gate's state
     */
    public static SetpointGate restore(IdentityPolicy policy, byte[] state) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("setpoint gate state of unknown format " + format);
            }
            long clock = in.readLong();
            return new SetpointGate(policy, ChangeHistory.fromBytes(in.readAllBytes()), clock);
        }
    }

    /** The gate's memory (clock and recent writes) as bytes for a checkpoint. */
    public byte[] state() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeLong(clock);
            out.write(history.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The identity this gate judges for. */
    public String identity() {
        return policy.identity();
    }

    /**
     * Judges a decision's setpoints.
     *
     * @param decision the decision, from any controller
     * @param bound    the latest time a setpoint may count as issued at (see the class comment)
     */
    public Verdict check(Decision decision, Instant bound) {
        List<Setpoint> accepted = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Setpoint s : decision.setpoints()) {
            long now = advance(s.issuedAt(), bound);
            String target = target(s.plant(), s.unitId(), s.actuator());
            Optional<Refusal> refusal = refusal(decision, s, target, now, seen);
            if (refusal.isPresent()) {
                refused.add(new Refused(s, refusal.get()));
            } else {
                accepted.add(s);
            }
        }
        return new Verdict(accepted, refused, Instant.ofEpochMilli(clock));
    }

    private long advance(Instant issuedAt, Instant bound) {
        long issued = Math.min(millis(issuedAt), millis(bound));
        clock = Math.max(clock, issued);
        return clock;
    }

    /** Epoch milliseconds, saturated at the ends of {@code long} (an end-of-input watermark lies there). */
    private static long millis(Instant t) {
        try {
            return t.toEpochMilli();
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private Optional<Refusal> refusal(Decision decision, Setpoint s, String target, long now, Set<String> seen) {
        double v = s.value();
        if (!s.plant().equals(decision.plant()) || !s.unitId().equals(decision.unitId())) {
            return refuse(target, v, Refusal.CROSS_UNIT, "a decision for " + decision.plant() + "/"
                    + decision.unitId() + " may not write " + target);
        }
        if (!seen.add(target)) {
            return refuse(target, v, Refusal.DUPLICATE, "a second setpoint for " + target + " in one decision");
        }
        Optional<SetpointRule> found = policy.setpointRule(s.plant(), s.unitId(), s.actuator());
        if (found.isEmpty()) {
            return refuse(target, v, Refusal.NOT_ALLOWED, "no rule of identity " + policy.identity()
                    + " allows writing " + target);
        }
        SetpointRule rule = found.get();
        if (!rule.range().contains(v)) {
            return refuse(target, v, Refusal.RANGE, Numbers.rounded(v) + " " + s.unit() + " is outside "
                    + rule.range() + " (" + rule.where() + ")");
        }
        Duration validity = Duration.between(Instant.ofEpochMilli(now), s.expiresAt());
        if (validity.compareTo(rule.maxExpiry()) > 0) {
            return refuse(target, v, Refusal.EXPIRY, "valid until " + s.expiresAt() + ", "
                    + Numbers.text(validity) + " after issue, longer than max_expiry "
                    + Numbers.text(rule.maxExpiry()) + " (" + rule.where() + ")");
        }
        if (rule.change() != null) {
            Optional<String> tooFast = history.violation(target, v, rule.change(), now);
            if (tooFast.isPresent()) {
                return refuse(target, v, Refusal.RATE, tooFast.get() + " (" + rule.where() + ")");
            }
        }
        Optional<Double> last = history.last(target);
        if (rule.approvalAbove() != null && last.isPresent() && Math.abs(v - last.get()) > rule.approvalAbove()) {
            return refuse(target, v, Refusal.APPROVAL_REQUIRED, "a change of " + Numbers.rounded(v - last.get())
                    + " " + s.unit() + " is above approval_above " + Numbers.text(rule.approvalAbove())
                    + ": waits for an operator (" + rule.where() + ")");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String target, double value, String rule, String reason) {
        return Optional.of(new Refusal(target, value, rule, reason));
    }

    /**
     * Reports a setpoint as written to the plant at the verdict's time: later rate checks measure from it.
     */
    public void written(Setpoint s, Verdict verdict) {
        SetpointRule rule = policy.setpointRule(s.plant(), s.unitId(), s.actuator()).orElseThrow(() ->
                new IllegalArgumentException("no rule allows " + target(s.plant(), s.unitId(), s.actuator())));
        long keep = rule.change() == null ? 0 : rule.change().horizon(rule.range()).toMillis();
        history.record(target(s.plant(), s.unitId(), s.actuator()), s.value(), verdict.at().toEpochMilli(), keep);
    }

    private static String target(String plant, String unit, String actuator) {
        return plant + "/" + unit + "/" + actuator;
    }

    /**
     * A setpoint the gate refused.
     *
     * @param setpoint the setpoint as the controller gave it
     * @param refusal  why it may not be written
     */
    public record Refused(Setpoint setpoint, Refusal refusal) {

        public Refused {
            Objects.requireNonNull(setpoint, "setpoint");
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /**
     * The gate's judgement of one decision.
     *
     * @param accepted the setpoints that may be written, in the decision's order
     * @param refused  the setpoints that may not, each with its refusal
     * @param at       the gate's clock when it judged
     */
    public record Verdict(List<Setpoint> accepted, List<Refused> refused, Instant at) {

        public Verdict {
            accepted = List.copyOf(accepted);
            refused = List.copyOf(refused);
            Objects.requireNonNull(at, "at");
        }

        /** The refusals alone, in the decision's order. */
        public List<Refusal> refusals() {
            return refused.stream().map(Refused::refusal).toList();
        }
    }
}
