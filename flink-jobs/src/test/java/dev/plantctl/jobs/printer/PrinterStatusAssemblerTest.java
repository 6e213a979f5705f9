package dev.plantctl.jobs.printer;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.RawMessage;
import dev.plantctl.models.printer.PrintState;
import dev.plantctl.models.printer.PrinterStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrinterStatusAssemblerTest {

    private static final String[][] FIRST = {
        {"extruder/temperature", "209.5"}, {"extruder/target", "210.0"}, {"extruder/power", "0.5"},
        {"extruder/can_extrude", "true"}, {"extruder/pressure_advance", "0.0"}, {"gcode_move/speed_factor", "1.0"},
        {"gcode_move/extrude_factor", "0.95"}, {"gcode_move/homing_origin", "[0.0,0.0,-0.02,0.0]"},
        {"motion_report/live_velocity", "60.0"}, {"motion_report/live_extruder_velocity", "2.03"},
        {"print_stats/state", "\"printing\""}, {"print_stats/message", "\"\""},
        {"print_stats/info", "{\"total_layer\":10,\"current_layer\":3}"}, {"extruder_load/motor_load", "0.2"},
        {"filament_motion/velocity", "2.01"}, {"layer_scan/layer", "2"}, {"layer_scan/line_width", "0.451"},
        {"layer_scan/line_height", "0.2"},
    };

    private static List<StatusUpdate> parse(List<RawMessage> messages, List<DeadLetter> dead) throws Exception {
        try (OneInputStreamOperatorTestHarness<RawMessage, StatusUpdate> h = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new ParseMoonrakerStatus()))) {
            h.open();
            for (RawMessage m : messages) {
                h.processElement(new StreamRecord<>(m));
            }
            List<StatusUpdate> out = new ArrayList<>();
            h.extractOutputValues().forEach(out::add);
            var side = h.getSideOutput(ParseMoonrakerStatus.DEAD_LETTERS);
            if (side != null) {
                side.forEach(r -> dead.add(r.getValue()));
            }
            return out;
        }
    }

    private static RawMessage message(String printer, String field, String payload) {
        return new RawMessage("tcp://broker", printer + "/klipper/state/" + field,
                payload.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }

    private static RawMessage status(String field, double eventtime, String value) {
        return message("p1", field, "{\"eventtime\":" + eventtime + ",\"value\":" + value + "}");
    }

    @Test
    void aStatusIsCompleteWhenTheNextTimeBegins() throws Exception {
        List<RawMessage> messages = new ArrayList<>();
        for (String[] f : FIRST) {
            messages.add(status(f[0], 1000.0, f[1]));
        }
        messages.add(status("extruder/temperature", 1000.25, "209.7"));
        messages.add(status("extruder/temperature", 1000.5, "209.9"));
        List<DeadLetter> dead = new ArrayList<>();
        List<StatusUpdate> updates = parse(messages, dead);
        assertThat(dead).isEmpty();
        PrinterStatusAssembler a = new PrinterStatusAssembler();
        List<PrinterStatus> statuses = new ArrayList<>();
        for (StatusUpdate u : updates) {
            a.update(u).ifPresent(statuses::add);
        }
        assertThat(statuses).hasSize(2);
        PrinterStatus first = statuses.get(0);
        assertThat(first.elapsedS()).isZero();
        assertThat(first.state()).isEqualTo(PrintState.PRINTING);
        assertThat(first.currentLayer()).isEqualTo(3);
        assertThat(first.extrudeFactor()).isEqualTo(0.95);
        assertThat(first.zAdjustMm()).isEqualTo(-0.02);
        assertThat(first.canExtrude()).isTrue();
        assertThat(first.lastLayer().layer()).isEqualTo(2);
        assertThat(first.lastLayer().widthMm()).isEqualTo(0.451);
        assertThat(statuses.get(1).elapsedS()).isEqualTo(0.25);
        assertThat(statuses.get(1).temperatureC()).isEqualTo(209.7);
    }

    @Test
    void noStatusBeforeEveryFieldWasSeen() {
        PrinterStatusAssembler a = new PrinterStatusAssembler();
        assertThat(a.update(new StatusUpdate("p1", "extruder/temperature", 1, 200, ""))).isEmpty();
        assertThat(a.update(new StatusUpdate("p1", "extruder/temperature", 2, 201, ""))).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> a.update(new StatusUpdate("p1", "extruder/target", 1.5, 210, "")))
                .hasMessageContaining("arrived after");
    }

    @Test
    void whatIsNotPrinterStatusGoesToDeadLettersWithTheReason() throws Exception {
        List<DeadLetter> dead = new ArrayList<>();
        List<StatusUpdate> ok = parse(List.of(
                message("p1", "extruder/temperature", "not json"),
                message("p1", "extruder/temperature", "{\"value\":210}"),
                message("p1", "extruder/colour", "{\"eventtime\":1,\"value\":1}"),
                message("p1", "print_stats/state", "{\"eventtime\":1,\"value\":\"standby\"}"),
                message("p1", "extruder/target", "{\"eventtime\":1,\"value\":\"hot\"}"),
                new RawMessage("tcp://broker", "p1/moonraker/status", "{}".getBytes(StandardCharsets.UTF_8),
                        Instant.EPOCH),
                message("p1", "layer_scan/line_width", "{\"eventtime\":1,\"value\":null}")), dead);
        assertThat(ok).singleElement().satisfies(u -> assertThat(u.number()).isNaN());
        assertThat(dead).extracting(DeadLetter::reason).containsExactly(DeadLetter.Reason.MALFORMED_PAYLOAD,
                DeadLetter.Reason.MALFORMED_PAYLOAD, DeadLetter.Reason.UNKNOWN_ADDRESS, DeadLetter.Reason.NOT_A_NUMBER,
                DeadLetter.Reason.NOT_A_NUMBER, DeadLetter.Reason.UNKNOWN_ADDRESS);
        assertThat(dead.get(3).detail()).contains("print_stats/state").contains("standby");
    }
}
