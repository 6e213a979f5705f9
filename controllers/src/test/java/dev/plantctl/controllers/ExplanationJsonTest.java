package dev.plantctl.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.ShieldIntervention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplanationJsonTest {

    private static final Explanation EXPLANATION = new Explanation(Instant.parse("2024-01-20T03:15:00Z"),
            "greenhouse", "c1", "rule-based-grower", "rule-based-grower/1.0",
            Map.of("heating", 39.0, "ventilation", 0.0, "co2_supply", 0.0),
            List.of(new Factor("air_temperature", 11.2,
                            "air temperature 11.2 °C is 1.3 °C below the night heating setpoint 12.5 °C: heating 39 W/m²"),
                    new Factor("co2", 450, "CO₂ 450 ppm: no dosing in darkness \"quoted\"\n")),
            0, List.of(new ShieldIntervention("heating", 120, 39, "rate_limit", "too fast")),
            "Night, 11.2 °C: heating 39 W/m²; the safety shield changed heating (rate limit).", List.of());

    @Test
    void roundTripsExactly() {
        String line = ExplanationJson.toJsonLine(EXPLANATION);

        assertThat(line).doesNotContain("\n");
        assertThat(ExplanationJson.parse(line)).isEqualTo(EXPLANATION);
    }

    @Test
    void writesEveryRequiredFieldInOrder() throws Exception {
        JsonNode node = new ObjectMapper().readTree(ExplanationJson.toJsonLine(EXPLANATION));

        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("time", "plant", "unit", "controller", "model_version", "setpoints",
                "factors", "uncertainty", "safety", "summary", "citations");
        assertThat(node.get("time").asText()).isEqualTo("2024-01-20T03:15:00Z");
        assertThat(node.get("setpoints").get("heating").asDouble()).isEqualTo(39);
        assertThat(node.get("factors").get(0).get("name").asText()).isEqualTo("air_temperature");
        assertThat(node.get("factors").get(0).get("value").asDouble()).isEqualTo(11.2);
        assertThat(node.get("factors").get(0).get("effect").asText()).contains("12.5 °C");
        JsonNode safety = node.get("safety").get(0);
        assertThat(safety.get("actuator").asText()).isEqualTo("heating");
        assertThat(safety.get("requested").asDouble()).isEqualTo(120);
        assertThat(safety.get("applied").asDouble()).isEqualTo(39);
        assertThat(safety.get("rule").asText()).isEqualTo("rate_limit");
        assertThat(safety.get("reason").asText()).isEqualTo("too fast");
        assertThat(node.get("citations").isArray()).isTrue();
    }

    @Test
    void nonFiniteNumbersBecomeNullAndReadBackAsNaN() throws Exception {
        Explanation e = new Explanation(EXPLANATION.time(), "greenhouse", "c1", "x", "x/1",
                Map.of("heating", Double.NaN), List.of(new Factor("radiation", Double.NaN, "missing")), 1,
                List.of(new ShieldIntervention("heating", Double.POSITIVE_INFINITY, 0, "bounds", "not finite")),
                "fallback", List.of("a source"));

        String line = ExplanationJson.toJsonLine(e);
        JsonNode node = new ObjectMapper().readTree(line);

        assertThat(node.get("setpoints").get("heating").isNull()).isTrue();
        assertThat(node.get("factors").get(0).get("value").isNull()).isTrue();
        assertThat(node.get("safety").get(0).get("requested").isNull()).isTrue();
        Explanation back = ExplanationJson.parse(line);
        assertThat(back.setpoints().get("heating")).isNaN();
        assertThat(back.safety().get(0).requested()).isNaN();
        assertThat(back.citations()).containsExactly("a source");
    }

    @Test
    void parseNamesTheMissingField() {
        String line = ExplanationJson.toJsonLine(EXPLANATION).replace("\"summary\"", "\"summery\"");

        assertThatThrownBy(() -> ExplanationJson.parse(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field summary is missing");
        assertThatThrownBy(() -> ExplanationJson.parse("not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("explanation line is not JSON");
    }
}
