package dev.plantctl.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the G-code gate: whatever comes in, what goes out is only allow-listed commands with allowed parameters,
 * in range and in the material's window, and it parses back to itself.
 */
class GcodeGateProperties {

    private static final IdentityPolicy POLICY = WritePolicy.shipped().identity("printer-control");
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    @Property(tries = 3000)
    void nothingOutsideThePolicyLeaves(@ForAll("scripts") String script, @ForAll("materials") String material) {
        GcodeGate.Verdict v = new GcodeGate(POLICY).check("p1", 1, material, script, T0);
        if (!v.passed()) {
            assertThat(v.script()).isEmpty();
            assertThat(v.refusals()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
            return;
        }
        assertAllowed(v.script(), material);
    }

    @Property(tries = 2000)
    void anyTextIsRefusedOrAllowed(@ForAll String text, @ForAll("materials") String material) {
        GcodeGate.Verdict v = new GcodeGate(POLICY).check("p1", 1, material, text, T0);
        if (v.passed()) {
            assertAllowed(v.script(), material);
        }
    }

    static void assertAllowed(String script, String material) {
        for (GcodeLine line : GcodeLine.parseScript(script)) {
            GcodeRule rule = POLICY.gcode().get(line.command());
            assertThat(rule).as(line.command()).isNotNull();
            assertThat(rule.approval()).isFalse();
            for (Map.Entry<String, Double> p : line.parameters().entrySet()) {
                ParameterRule pr = rule.parameters().get(p.getKey());
                assertThat(pr).as(line.text()).isNotNull();
                assertThat(Double.isFinite(p.getValue())).isTrue();
                if (pr.range() != null) {
                    assertThat(pr.range().contains(p.getValue())).as(line.text()).isTrue();
                }
                if (pr.materialWindow()) {
                    assertThat(POLICY.materials().get(material).contains(p.getValue())).as(line.text()).isTrue();
                }
            }
        }
        assertThat(String.join("\n", GcodeLine.parseScript(script).stream().map(GcodeLine::text).toList()))
                .isEqualTo(script);
    }

    @Provide
    Arbitrary<String> materials() {
        return Arbitraries.of("PLA", "PETG", "ABS", "TPU", "NYLON");
    }

    @Provide
    Arbitrary<String> scripts() {
        Arbitrary<String> command = Arbitraries.of("M221", "M220", "M104", "M109", "M290", "SET_GCODE_OFFSET", "PAUSE",
                "G1", "M112", "FIRMWARE_RESTART", "RESTART", "M221;", "m221", "SAVE_CONFIG");
        Arbitrary<String> name = Arbitraries.of("S", "Z", "Z_ADJUST", "MOVE", "T", "E", "X", "s", "NaN");
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.doubles().between(-400, 400).map(d -> String.format(java.util.Locale.ROOT, "%.3f", d)),
                Arbitraries.of("NaN", "Infinity", "-0", "1e3", "0x10", "", "95 ", "+210", "1.0000001"));
        Arbitrary<String> parameter = Combinators.combine(name, Arbitraries.of("", "="), number)
                .as((n, sep, v) -> n + sep + v);
        Arbitrary<String> line = Combinators.combine(command, parameter.list().ofMaxSize(3))
                .as((c, ps) -> ps.isEmpty() ? c : c + " " + String.join(" ", ps));
        return line.list().ofMinSize(1).ofMaxSize(4).map(ls -> String.join("\n", ls));
    }

    @Property(tries = 200)
    void validCommandsInsideThePolicyPass(@ForAll("flows") double flow) {
        String script = String.format(java.util.Locale.ROOT, "M221 S%.1f", flow);
        assertThat(new GcodeGate(POLICY).check("p1", 1, "PLA", script, T0).script())
                .isEqualTo(GcodeLine.parse(script).text());
    }

    @Provide
    Arbitrary<Double> flows() {
        return Arbitraries.doubles().between(80, 120).ofScale(1);
    }

}
