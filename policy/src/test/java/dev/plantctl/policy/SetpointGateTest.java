package dev.plantctl.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Setpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetpointGateTest {

    static final Instant T0 = Instant.parse("2014-02-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(15);
    private final IdentityPolicy policy = WritePolicy.shipped().identity("greenhouse-control");

    @Test
    void aShieldLikeControllerPassesStepAfterStep() {
        SetpointGate gate = new SetpointGate(policy);
        double heating = 0;
        for (int k = 0; k < 20; k++) {
            heating = Math.min(150, heating + 15);
            Instant t = T0.plus(STEP.multipliedBy(k));
            assertThat(writeAll(gate, decision("c1", t, sp("c1", "heating", heating, t, t.plus(STEP))), t)
                    .refusals()).isEmpty();
        }
    }

    @Test
    void aBurstAtOneInstantMovesAnActuatorByOneStepAtMost() {
        SetpointGate gate = new SetpointGate(policy);
        writeAll(gate, decision("c1", T0, sp("c1", "heating", 50, T0, T0.plus(STEP))), T0);
        Instant later = T0.plus(STEP);
        // the controller claims ever later issue times, but the plant's clock stands at one step later
        for (int k = 1; k <= 5; k++) {
            Instant claimed = T0.plus(STEP.multipliedBy(k));
            writeAll(gate, decision("c1", claimed, sp("c1", "heating", 50 + 15 * k, claimed, claimed.plus(STEP))),
                    later);
        }
        SetpointGate.Verdict last = gate.check(decision("c1", later, sp("c1", "heating", 80, later,
                later.plus(STEP))), later);
        assertThat(last.refusals()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(Refusal.RATE);
            assertThat(r.reason()).contains("change from 50").contains("exceeds 15 per 15m");
        });
    }

    @Test
    void eachRuleRefusesWithItsName() {
        SetpointGate gate = new SetpointGate(policy);
        writeAll(gate, decision("c1", T0, sp("c1", "heating", 10, T0, T0.plus(STEP))), T0);
        Instant t = T0.plus(STEP);
        SetpointGate.Verdict v = gate.check(decision("c1", t,
                sp("c1", "heating", 20, t, t.plus(STEP)),
                sp("c2", "heating", 5, t, t.plus(STEP)),
                sp("c1", "heating", 21, t, t.plus(STEP)),
                sp("c1", "boiler", 1, t, t.plus(STEP)),
                sp("c1", "ventilation", 9, t, t.plus(STEP)),
                sp("c1", "co2_supply", 0.1, t, Instant.parse("9999-12-31T00:00:00Z"))), t);
        assertThat(v.accepted()).extracting(Setpoint::value).containsExactly(20.0);
        assertThat(v.refusals()).extracting(Refusal::rule).containsExactly(Refusal.CROSS_UNIT, Refusal.DUPLICATE,
                Refusal.NOT_ALLOWED, Refusal.RANGE, Refusal.EXPIRY);
        assertThat(v.refusals().get(3).reason()).contains("9 x is outside [0, 7.5]")
                .contains("write-policy.yaml:15");
    }

    @Test
    void onlyWrittenValuesMoveTheReference() {
        SetpointGate gate = new SetpointGate(policy);
        writeAll(gate, decision("c1", T0, sp("c1", "heating", 0, T0, T0.plus(STEP))), T0);
        Instant t1 = T0.plus(STEP);
        gate.check(decision("c1", t1, sp("c1", "heating", 15, t1, t1.plus(STEP))), t1); // judged, never written
        Instant t2 = T0.plus(STEP.multipliedBy(2));
        assertThat(gate.check(decision("c1", t2, sp("c1", "heating", 30, t2, t2.plus(STEP))), t2).refusals())
                .isEmpty(); // 2 steps after the last written 0
        assertThat(gate.check(decision("c1", t2, sp("c1", "heating", 31, t2, t2.plus(STEP))), t2).refusals())
                .extracting(Refusal::rule).containsExactly(Refusal.RATE);
    }

    @Test
    void aRestoredGateRemembersTheWritesBeforeTheFailure() throws Exception {
        SetpointGate gate = new SetpointGate(policy);
        writeAll(gate, decision("c1", T0, sp("c1", "heating", 100, T0, T0.plus(STEP))), T0);
        SetpointGate restored = SetpointGate.restore(policy, gate.state());
        Instant t = T0.plus(STEP);
        assertThat(restored.check(decision("c1", t, sp("c1", "heating", 0, t, t.plus(STEP))), t).refusals())
                .extracting(Refusal::rule).containsExactly(Refusal.RATE);
    }

    @Test
    void approvalAboveHoldsLargeChangesForAnOperator() {
        IdentityPolicy p = WritePolicy.parse("p.yaml", "format: plantctl-write-policy/1\nidentities:\n  g:\n"
                + "    setpoints:\n      - {match: plant/*/valve, range: [0, 100], max_expiry: 1h, approval_above: 20}\n")
                .identity("g");
        SetpointGate gate = new SetpointGate(p);
        writeAll(gate, new Decision("plant", "u", T0, List.of(new Setpoint("a", "plant", "u", "valve", 10, "%", T0,
                T0.plus(STEP))), explanation("u", T0)), T0);
        SetpointGate.Verdict v = gate.check(new Decision("plant", "u", T0, List.of(new Setpoint("b", "plant", "u",
                "valve", 40, "%", T0, T0.plus(STEP))), explanation("u", T0)), T0);
        assertThat(v.refusals()).singleElement().extracting(Refusal::rule).isEqualTo(Refusal.APPROVAL_REQUIRED);
    }

    static SetpointGate.Verdict writeAll(SetpointGate gate, Decision d, Instant bound) {
        SetpointGate.Verdict v = gate.check(d, bound);
        v.accepted().forEach(s -> gate.written(s, v));
        return v;
    }

    static Setpoint sp(String unit, String actuator, double value, Instant issued, Instant expires) {
        return new Setpoint("greenhouse/" + unit + "/" + actuator + "/" + issued.getEpochSecond(), "greenhouse", unit,
                actuator, value, "x", issued, expires);
    }

    static Decision decision(String unit, Instant t, Setpoint... setpoints) {
        return new Decision("greenhouse", unit, t, List.of(setpoints), explanation(unit, t));
    }

    static Explanation explanation(String unit, Instant t) {
        return new Explanation(t, "greenhouse", unit, "test", "1", Map.of(), List.of(), 0, List.of(), "test",
                List.of());
    }
}
