package dev.plantctl.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WritePolicyTest {

    private static final String HEAD = "format: plantctl-write-policy/1\nidentities:\n";

    @Test
    void theShippedPolicyCoversBothJobs() {
        WritePolicy policy = WritePolicy.shipped();
        IdentityPolicy greenhouse = policy.identity("greenhouse-control");
        SetpointRule heating = greenhouse.setpointRule("greenhouse", "c7", "heating").orElseThrow();
        assertThat(heating.range()).isEqualTo(new Range(0, 150));
        assertThat(heating.change()).isEqualTo(new ChangeLimit(15, Duration.ofMinutes(15)));
        assertThat(heating.where()).endsWith("write-policy.yaml:11");
        assertThat(greenhouse.setpointRule("greenhouse", "c1", "valve")).isEmpty();
        IdentityPolicy printer = policy.identity("printer-control");
        assertThat(printer.gcode()).containsKeys("M221", "M220", "M104", "M290", "SET_GCODE_OFFSET", "PAUSE");
        assertThat(printer.materials()).containsEntry("PLA", new Range(190, 220));
    }

    @Test
    void anUnknownIdentityStopsTheJobInsteadOfRefusingEveryWrite() {
        assertThatThrownBy(() -> WritePolicy.shipped().identity("intruder"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("no identity 'intruder'")
                .hasMessageContaining("greenhouse-control, printer-control");
    }

    @Test
    void errorsNameFileLineAndKey() {
        assertError(HEAD + "  g:\n    setpoints:\n      - match: greenhouse/*/heating\n        range: [10, 0]\n"
                + "        max_expiry: 30m\n", "p.yaml:6: identities.g.setpoints[0].range: min 10 is above max 0");
        assertError(HEAD + "  g:\n    setpoints:\n      - match: greenhouse/heating\n        range: [0, 1]\n"
                + "        max_expiry: 30m\n", "p.yaml:5: identities.g.setpoints[0].match: 'greenhouse/heating' must"
                + " be plant/unit/actuator");
        assertError(HEAD + "  g:\n    setpoints:\n      - match: a/b/c\n        range: [0, 1]\n",
                "identities.g.setpoints[0]: key 'max_expiry' is missing");
        assertError(HEAD + "  g:\n    setpoints:\n      - match: a/b/c\n        range: [0, .nan]\n"
                + "        max_expiry: 1m\n", "'.nan' is not a finite decimal number");
        assertError(HEAD + "  g:\n    setpoints:\n      - match: a/b/c\n        range: [0, 1]\n"
                + "        max_expiry: soon\n", "expected a duration such as 500ms, 30s, 15m, 2h, 1d or PT15M, not 'soon'");
        assertError(HEAD + "  g:\n    setpoints:\n      - match: a/b/c\n        ranges: [0, 1]\n",
                "unknown key 'ranges'");
        assertError(HEAD + "  p:\n    gcode:\n      m221: {S: {range: [0, 1]}}\n", "'m221' is not a G-code command");
        assertError(HEAD + "  p:\n    gcode:\n      M104: {S: {window: material}}\n",
                "uses 'window: material' but the identity has no materials");
        assertError(HEAD + "  p:\n    gcode:\n      M221: {S: {}}\n", "needs a range or 'window: material'");
        assertError(HEAD + "  p: {}\n", "allows nothing");
        assertError("format: plantctl-write-policy/2\nidentities: {}\n", "is not plantctl-write-policy/1");
        assertError(HEAD + "  p: [unclosed\n", "(syntax): not valid YAML");
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> WritePolicy.parse("p.yaml", yaml)).isInstanceOf(PolicyException.class)
                .hasMessageContaining(message);
    }
}
