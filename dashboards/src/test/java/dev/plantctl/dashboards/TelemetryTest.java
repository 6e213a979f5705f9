package dev.plantctl.dashboards;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.RawSample;
import dev.plantctl.core.Setpoint;
import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.dashboards.telemetry.Measurement;
import dev.plantctl.dashboards.telemetry.Telemetry;
import dev.plantctl.dashboards.telemetry.TelemetryPoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryTest {

    private static final Instant T = Instant.parse("2026-02-01T06:00:00Z");

    private static Decision decision(List<Factor> factors, List<String> citations) {
        Setpoint heating = new Setpoint("cmd-1", "greenhouse", "c1", "heating", 40, "W/m2", T, T.plusSeconds(900));
        Explanation e = new Explanation(T, "greenhouse", "c1", "mbrl", "policy/3", Map.of("heating", 40.0), factors,
                0.4, List.of(new ShieldIntervention("heating", 80, 40, "rate_limit", "too fast\nso halved")),
                "Cold: heating 40 W/m2.", citations);
        return new Decision("greenhouse", "c1", T, List.of(heating), e);
    }

    @Test
    void aDecisionBecomesDecisionSetpointExplanationAndShieldPoints() {
        List<TelemetryPoint> points = Telemetry.decision(decision(List.of(
                new Factor("air_temperature", 12.25, "below band"), new Factor("co2", 500, "low"),
                new Factor("radiation", 0, "night"), new Factor("wind", 3, "ignored")), List.of("fact-7", "fact-9")));
        assertThat(points).extracting(TelemetryPoint::measurement).containsExactly(Measurement.DECISION,
                Measurement.SETPOINT, Measurement.EXPLANATION, Measurement.SHIELD_INTERVENTION);
        TelemetryPoint d = points.get(0);
        assertThat(d.tags()).containsEntry("controller", "mbrl").containsEntry("model_version", "policy/3");
        assertThat(d.fields()).containsEntry("uncertainty", 0.4).containsEntry("fallback", false)
                .containsEntry("shield_interventions", 1L);
        TelemetryPoint explanation = points.get(2);
        assertThat((String) explanation.fields().get("top_factors"))
                .isEqualTo("air_temperature=12.25 (below band); co2=500.0 (low); radiation=0.000 (night)");
        assertThat(explanation.fields()).containsEntry("citations", "fact-7; fact-9")
                .containsEntry("citation_count", 2L);
        assertThat(points.get(3).fields()).containsEntry("reason", "too fast so halved");
    }

    @Test
    void theFallbackFactorSetsTheFallbackFlag() {
        Decision d = decision(List.of(new Factor(Factor.FALLBACK, 1, "uncertainty 0.4 above 0.3: rule-based")),
                List.of());
        assertThat(Telemetry.decision(d).get(0).fields()).containsEntry("fallback", true);
    }

    @Test
    void aDeadLetterIsStampedWithItsSourceTime() {
        RawSample s = new RawSample("opc.tcp://x", "ns=2;s=c1/co2", -5, "Double", T, T.plusSeconds(1), 0);
        TelemetryPoint p = Telemetry.deadLetter("greenhouse", new DeadLetter(s, DeadLetter.Reason.OUT_OF_RANGE,
                "co2 -5 ppm below 0"));
        assertThat(p.time()).isEqualTo(T);
        assertThat(p.tags()).containsEntry("reason", "out_of_range");
        assertThat(p.fields()).containsEntry("count", 1L).containsEntry("address", "ns=2;s=c1/co2");
    }

    @Test
    void aPointOutsideTheSchemaIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> TelemetryPoint.of(Measurement.SETPOINT,
                Map.of("plant", "p", "unit", "u", "actuator", "a"), Map.of("val", 1.0), T))
                .hasMessageContaining("field val is not in the schema");
        assertThatThrownBy(() -> TelemetryPoint.of(Measurement.SETPOINT,
                Map.of("plant", "p", "unit", "u"), Map.of("value", 1.0), T))
                .hasMessageContaining("tags [plant, unit] are not the schema's");
        assertThatThrownBy(() -> TelemetryPoint.of(Measurement.SETPOINT,
                Map.of("plant", "p", "unit", "u", "actuator", "a"), Map.of("value", 1L), T))
                .hasMessageContaining("field value must be a finite FLOAT");
        assertThatThrownBy(() -> TelemetryPoint.of(Measurement.SETPOINT,
                Map.of("plant", "p", "unit", " ", "actuator", "a"), Map.of("value", 1.0), T))
                .hasMessageContaining("tag unit is empty");
    }
}
