package dev.plantctl.models.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GcodeTest {

    @Test
    void parsesMarlinAndKlipperFormsCaseInsensitivelyWithComments() throws GcodeException {
        List<GcodeCommand> commands = Gcode.parse("""
                M221 S95 ; flow
                m220 s120
                M104 S215 T0

                M290 Z-0.02
                SET_GCODE_OFFSET Z_ADJUST=0.01 MOVE=1
                M900 K0.04
                set_pressure_advance advance=0.05 extruder=extruder
                PAUSE
                M25
                RESUME
                M24
                M112""");
        assertThat(commands).containsExactly(new GcodeCommand.SetFlow(95), new GcodeCommand.SetSpeed(120),
                new GcodeCommand.SetHotendTarget(215), new GcodeCommand.AdjustZ(-0.02),
                new GcodeCommand.AdjustZ(0.01), new GcodeCommand.SetPressureAdvance(0.04),
                new GcodeCommand.SetPressureAdvance(0.05), new GcodeCommand.Pause(), new GcodeCommand.Pause(),
                new GcodeCommand.Resume(), new GcodeCommand.Resume(), new GcodeCommand.EmergencyStop());
        assertThat(Gcode.parse("M109 S210")).containsExactly(new GcodeCommand.WaitForHotend(210));
    }

    @Test
    void commandsPrintAsTheyWouldBeSent() throws GcodeException {
        assertThat(Gcode.parse("M221 S117.6").get(0).text()).isEqualTo("M221 S117.6");
        assertThat(Gcode.parse("SET_GCODE_OFFSET Z_ADJUST=-0.05").get(0).text()).isEqualTo("M290 Z-0.05");
        assertThat(Gcode.parse("M104 S0").get(0).text()).isEqualTo("M104 S0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "G28                           | UNKNOWN_COMMAND",
        "FIRMWARE_RESTART              | UNKNOWN_COMMAND",
        "M221                          | MALFORMED",
        "M221 S                        | MALFORMED",
        "M221 Sabc                     | MALFORMED",
        "M221 S1e2                     | MALFORMED",
        "M221 SNaN                     | MALFORMED",
        "M221 S95 S96                  | MALFORMED",
        "M221 X95                      | MALFORMED",
        "M221 S5                       | OUT_OF_RANGE",
        "M221 S500                     | OUT_OF_RANGE",
        "M220 S0                       | OUT_OF_RANGE",
        "M104 S-5                      | OUT_OF_RANGE",
        "M104 S210 T1                  | OUT_OF_RANGE",
        "M104 S600                     | OUT_OF_RANGE",
        "M290 Z1                       | OUT_OF_RANGE",
        "M290                          | MALFORMED",
        "SET_GCODE_OFFSET Z=0.1        | MALFORMED",
        "SET_GCODE_OFFSET Z_ADJUST     | MALFORMED",
        "SET_GCODE_OFFSET Z_ADJUST=0.1 MOVE=2 | MALFORMED",
        "M900 K-0.1                    | OUT_OF_RANGE",
        "M900 K3                       | OUT_OF_RANGE",
        "SET_PRESSURE_ADVANCE ADVANCE=0.1 EXTRUDER=extruder1 | OUT_OF_RANGE",
        "SET_PRESSURE_ADVANCE SMOOTH_TIME=0.04 | MALFORMED",
        "PAUSE NOW                     | MALFORMED",
        "M112 S1                       | MALFORMED",
    })
    void refusesWhatItDoesNotHonourWithTheKind(String line, GcodeException.Kind kind) {
        assertThatThrownBy(() -> Gcode.parse(line)).isInstanceOfSatisfying(GcodeException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    @Test
    void oneBadLineRefusesTheWholeScript() {
        assertThatThrownBy(() -> Gcode.parse("M221 S95\nG1 X10")).isInstanceOfSatisfying(GcodeException.class,
                e -> assertThat(e.getMessage()).contains("G1"));
    }

    @Test
    void emptyMissingAndHugeScriptsAreMalformed() {
        for (String script : new String[] {"", "  \n ; only a comment\n", null, "M221 S95\n".repeat(1000)}) {
            assertThatThrownBy(() -> Gcode.parse(script)).isInstanceOfSatisfying(GcodeException.class,
                    e -> assertThat(e.kind()).isEqualTo(GcodeException.Kind.MALFORMED));
        }
    }
}
