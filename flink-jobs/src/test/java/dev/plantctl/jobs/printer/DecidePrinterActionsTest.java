package dev.plantctl.jobs.printer;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.controllers.ExplanationJson;
import dev.plantctl.controllers.printer.ControlLimits;
import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.PrintJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The printer controller's keyed state: a controller restored from a snapshot taken in the middle of a layer
 * decides every later layer exactly as one that ran on, also when the source replays updates it had applied before
 * the snapshot (at-least-once MQTT), and decides no layer twice.
 */
class DecidePrinterActionsTest {

    private static final PrinterJobConfig CONFIG = new PrinterJobConfig(MqttBroker.insecure("tcp://127.0.0.1:1"),
            "test", PrintContext.of(PrintJob.standard("t", Material.PLA, 12)), ControlLimits.DEFAULTS, null,
            ModelTrust.SHIPPED_KEYS, "e.jsonl", "d.jsonl", Duration.ofSeconds(1), null,
            PrinterJobConfig.shippedWritePolicy());

    /** A printer whose line comes out 12 % narrow from layer 3 on: status every second, a scan every 25 s. */
    private static List<StatusUpdate> print(int layers) {
        List<StatusUpdate> out = new ArrayList<>();
        double t0 = 1000;
        String[][] first = {
            {"extruder/target", "210"}, {"extruder/power", "0.501"}, {"extruder/can_extrude", "1"},
            {"extruder/pressure_advance", "0"}, {"gcode_move/speed_factor", "1"}, {"gcode_move/extrude_factor", "1"},
            {"gcode_move/homing_origin", "0"}, {"motion_report/live_velocity", "60"},
            {"motion_report/live_extruder_velocity", "2.03"}, {"extruder_load/motor_load", "0.2"},
            {"filament_motion/velocity", "2.03"}, {"extruder/temperature", "210"},
        };
        for (String[] f : first) {
            out.add(new StatusUpdate("p1", f[0], t0, Double.parseDouble(f[1]), ""));
        }
        out.add(new StatusUpdate("p1", "print_stats/state", t0, Double.NaN, "printing"));
        out.add(new StatusUpdate("p1", "print_stats/message", t0, Double.NaN, ""));
        out.add(new StatusUpdate("p1", "print_stats/info", t0, 1, ""));
        for (int s = 1; s <= 25 * layers; s++) {
            double t = t0 + s;
            out.add(new StatusUpdate("p1", "extruder/temperature", t, 210 + 0.1 * Math.sin(s), ""));
            if (s % 25 == 0) {
                int layer = s / 25;
                double width = layer >= 3 ? 0.45 * 0.88 : 0.45;
                out.add(new StatusUpdate("p1", "layer_scan/layer", t, layer, ""));
                out.add(new StatusUpdate("p1", "layer_scan/line_width", t, width, ""));
                out.add(new StatusUpdate("p1", "layer_scan/line_height", t, 0.2, ""));
                out.add(new StatusUpdate("p1", "print_stats/info", t, layer + 1, ""));
            }
        }
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, StatusUpdate, PrinterOutcome> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new DecidePrinterActions(CONFIG)), StatusUpdate::printer, Types.STRING);
    }

    private static List<String> decisions(KeyedOneInputStreamOperatorTestHarness<String, StatusUpdate,
            PrinterOutcome> h) {
        return h.extractOutputValues().stream().map(o -> o.layer() + " " + o.tier() + " [" + o.script() + "] "
                + ExplanationJson.toJsonLine(o.decision().explanation())).toList();
    }

    @Test
    void aRestoredControllerDecidesLikeAnUninterruptedOneAndIgnoresReplays() throws Exception {
        List<StatusUpdate> updates = print(8);
        int cut = updates.size() / 2 + 7;
        List<String> uninterrupted;
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (StatusUpdate u : updates) {
                h.processElement(new StreamRecord<>(u));
            }
            uninterrupted = decisions(h);
        }
        int before;
        try (var h = harness()) {
            h.open();
            for (int i = 0; i <= cut; i++) {
                h.processElement(new StreamRecord<>(updates.get(i)));
            }
            before = h.extractOutputValues().size();
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            for (int i = cut - 40; i < updates.size(); i++) {
                restored.processElement(new StreamRecord<>(updates.get(i)));
            }
            List<String> after = decisions(restored);
            assertThat(uninterrupted).as("layers 1-7 (layer 8's scan ends the input)").hasSize(7);
            assertThat(uninterrupted).extracting(d -> d.substring(0, d.indexOf('[')))
                    .contains("3 notify ", "4 auto_adjust ");
            assertThat(after).as("the layers after the snapshot, each once, as decided without the restore")
                    .containsExactlyElementsOf(uninterrupted.subList(before, uninterrupted.size()));
        }
    }
}
