package dev.plantctl.simulators.printer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plantctl.models.printer.LayerMeasurement;
import dev.plantctl.models.printer.PrintState;
import dev.plantctl.models.printer.PrinterStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MoonrakerStatusTest {

    private static final Instant T0 = Instant.parse("2026-02-01T00:00:10.250Z");

    private static PrinterStatus status(double temperature, LayerMeasurement scan) {
        return new PrinterStatus(10.25, PrintState.PRINTING, "", 3, 200, temperature, 210, 0.4871, 19.5, 1, 0.95,
                -0.02, 0.04, 60, 2.0346, 0.2134, 1.98, true, scan);
    }

    private static Map<String, String> payloads(List<MoonrakerStatus.Message> messages) {
        Map<String, String> out = new LinkedHashMap<>();
        messages.forEach(m -> out.put(m.topic(), new String(m.payload(), StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void firstStatusPublishesEveryFieldAsMoonrakerDoes() {
        Map<String, String> first = payloads(new MoonrakerStatus("p1").changes(status(209.874, null), T0));
        assertThat(first).containsExactly(
                Map.entry("p1/klipper/state/extruder/temperature", "{\"eventtime\":1769904010.25,\"value\":209.87}"),
                Map.entry("p1/klipper/state/extruder/target", "{\"eventtime\":1769904010.25,\"value\":210.0}"),
                Map.entry("p1/klipper/state/extruder/power", "{\"eventtime\":1769904010.25,\"value\":0.487}"),
                Map.entry("p1/klipper/state/extruder/can_extrude", "{\"eventtime\":1769904010.25,\"value\":true}"),
                Map.entry("p1/klipper/state/extruder/pressure_advance",
                        "{\"eventtime\":1769904010.25,\"value\":0.04}"),
                Map.entry("p1/klipper/state/gcode_move/speed_factor", "{\"eventtime\":1769904010.25,\"value\":1.0}"),
                Map.entry("p1/klipper/state/gcode_move/extrude_factor",
                        "{\"eventtime\":1769904010.25,\"value\":0.95}"),
                Map.entry("p1/klipper/state/gcode_move/homing_origin",
                        "{\"eventtime\":1769904010.25,\"value\":[0.0,0.0,-0.02,0.0]}"),
                Map.entry("p1/klipper/state/motion_report/live_velocity",
                        "{\"eventtime\":1769904010.25,\"value\":60.0}"),
                Map.entry("p1/klipper/state/motion_report/live_extruder_velocity",
                        "{\"eventtime\":1769904010.25,\"value\":2.035}"),
                Map.entry("p1/klipper/state/print_stats/state", "{\"eventtime\":1769904010.25,\"value\":\"printing\"}"),
                Map.entry("p1/klipper/state/print_stats/message", "{\"eventtime\":1769904010.25,\"value\":\"\"}"),
                Map.entry("p1/klipper/state/print_stats/info",
                        "{\"eventtime\":1769904010.25,\"value\":{\"total_layer\":200,\"current_layer\":3}}"),
                Map.entry("p1/klipper/state/extruder_load/motor_load",
                        "{\"eventtime\":1769904010.25,\"value\":0.2134}"),
                Map.entry("p1/klipper/state/filament_motion/velocity", "{\"eventtime\":1769904010.25,\"value\":1.98}"),
                Map.entry("p1/klipper/state/layer_scan/layer", "{\"eventtime\":1769904010.25,\"value\":null}"),
                Map.entry("p1/klipper/state/layer_scan/line_width", "{\"eventtime\":1769904010.25,\"value\":null}"),
                Map.entry("p1/klipper/state/layer_scan/line_height", "{\"eventtime\":1769904010.25,\"value\":null}"));
    }

    @Test
    void laterStatusesPublishOnlyWhatChangedAndEveryNewScan() {
        MoonrakerStatus encoder = new MoonrakerStatus("p7");
        encoder.changes(status(209.874, null), T0);
        assertThat(payloads(encoder.changes(status(209.871, null), T0.plusMillis(250)))).isEmpty();
        assertThat(payloads(encoder.changes(status(210.2, null), T0.plusMillis(500))))
                .containsOnlyKeys("p7/klipper/state/extruder/temperature");
        LayerMeasurement scan = new LayerMeasurement(2, 9, 0.4512, 0.2003, 0.45, 0.2, 0.45, 0.2);
        assertThat(payloads(encoder.changes(status(210.2, scan), T0.plusMillis(750)))).containsOnlyKeys(
                "p7/klipper/state/layer_scan/layer", "p7/klipper/state/layer_scan/line_width",
                "p7/klipper/state/layer_scan/line_height")
                .containsEntry("p7/klipper/state/layer_scan/line_width", "{\"eventtime\":1769904011.0,\"value\":0.4512}");
        LayerMeasurement same = new LayerMeasurement(3, 35, 0.4512, 0.2003, 0.45, 0.2, 0.45, 0.2);
        assertThat(payloads(encoder.changes(status(210.2, same), T0.plusMillis(1000)))).hasSize(3);
    }

    @Test
    void decimalsAreRoundedWithoutTrailingZeros() {
        assertThat(MoonrakerStatus.decimal(209.8749, 2)).isEqualTo("209.87");
        assertThat(MoonrakerStatus.decimal(-0.0204, 3)).isEqualTo("-0.02");
        assertThat(MoonrakerStatus.decimal(0.0004, 3)).isEqualTo("0.0");
        assertThat(MoonrakerStatus.decimal(60, 2)).isEqualTo("60.0");
        assertThat(MoonrakerStatus.decimal(Double.NaN, 2)).isEqualTo("null");
    }

    @Test
    void messagesAreJsonEscaped() {
        PrinterStatus s = new PrinterStatus(1, PrintState.ERROR, "Thermal runaway: \"extruder\" 5.0 °C off", 3, 200,
                180, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, true, null);
        assertThat(MoonrakerStatus.values(s)[11]).isEqualTo("\"Thermal runaway: \\\"extruder\\\" 5.0 °C off\"");
        assertThat(MoonrakerStatus.values(s)[10]).isEqualTo("\"error\"");
    }
}
