package dev.plantctl.jobs.greenhouse;

import dev.plantctl.policy.IdentityPolicy;
import dev.plantctl.policy.SetpointRule;
import dev.plantctl.simulators.greenhouse.AppliedSetpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges, after a run, every write the plant applied against a write policy, in the plant's own time: the range,
 * the validity the plant held (at most the rule's max_expiry after the write), and the rate of change between any
 * two writes of one actuator. Independent of the gate's code: what the simulator counted is what is judged.
 */
final class PolicyAudit {

    private PolicyAudit() {
    }

    /**
     * The writes outside the policy, one line each.
     *
     * @param latency how much plant time a write may take from the gate's clock reading to the plant (the rate is
     *                judged with this much more time between two writes)
     */
    static List<String> violations(List<AppliedSetpoint> applied, IdentityPolicy policy, Duration latency) {
        List<String> out = new ArrayList<>();
        Map<String, List<AppliedSetpoint>> byActuator = new LinkedHashMap<>();
        for (AppliedSetpoint a : applied) {
            byActuator.computeIfAbsent(a.compartment() + "/" + a.actuator(), k -> new ArrayList<>()).add(a);
        }
        for (List<AppliedSetpoint> writes : byActuator.values()) {
            for (int i = 0; i < writes.size(); i++) {
                AppliedSetpoint a = writes.get(i);
                SetpointRule rule = policy.setpointRule("greenhouse", a.compartment(), a.actuator()).orElse(null);
                if (rule == null) {
                    out.add(a + ": no rule allows it");
                    continue;
                }
                if (!rule.range().contains(a.value())) {
                    out.add(a + ": outside " + rule.range());
                }
                if (a.validUntil() == null
                        || Duration.between(a.simulatedTime(), a.validUntil()).compareTo(rule.maxExpiry()) > 0) {
                    out.add(a + ": valid until " + a.validUntil() + ", beyond max_expiry " + rule.maxExpiry());
                }
                if (rule.change() == null) {
                    continue;
                }
                double per = rule.change().per().toMillis();
                for (int j = i - 1; j >= 0; j--) {
                    AppliedSetpoint b = writes.get(j);
                    double dt = Duration.between(b.simulatedTime(), a.simulatedTime()).plus(latency).toMillis();
                    double allowed = rule.change().by() * Math.max(1, dt / per);
                    if (Math.abs(a.value() - b.value()) > allowed * (1 + 1e-9) + 1e-9) {
                        out.add(a + ": changes by " + (a.value() - b.value()) + " from " + b + ", more than "
                                + allowed);
                    }
                    if (dt > 20 * per) {
                        break;
                    }
                }
            }
        }
        return out;
    }
}
