package dev.plantctl.app.printer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The printer bench's HTML report: its key figures, the recovery chart and the explained decisions. */
class BenchSummaryHtmlTest {

    @Test
    void theReportShowsTheFiguresTheRecoveryChartAndTheDecisions(@TempDir Path out) throws Exception {
        Map<String, Object> policy = Map.of("cases", 12, "left_band", 11, "recovered", 11, "recovered_rate", 11 / 12.0,
                "in_band_after_mean", 0.9, "commands", 20, "refused", 0);
        Map<String, Object> none = Map.of("cases", 12, "left_band", 12, "recovered", 1, "recovered_rate", 1 / 12.0,
                "in_band_after_mean", 0.1, "commands", 0, "refused", 0);
        Map<String, Object> summary = Map.of(
                "expert_model", "printer-expert/1",
                "expert_held_out", Map.of("all", Map.of("windows", 4800, "flow_mae_pct", 1.63, "z_mae_mm", 0.0277,
                        "temperature_mae_c", 0.15, "flow_class_accuracy", 0.963, "inside_2_sigma", 0.97,
                        "z_inside_2_sigma", 0.96)),
                "disturbance", Map.of("all", Map.of("none", none, "cipher", policy)),
                "out_of_distribution", Map.of("all", Map.of("cases", 36, "no_auto_adjust", 36,
                        "no_auto_adjust_rate", 1.0, "explained", 35, "explained_rate", 35 / 36.0)));
        Files.writeString(out.resolve("explanations.jsonl"), new ObjectMapper().writeValueAsString(Map.of(
                "time", "2026-02-01T00:10:00Z", "unit", "p2", "summary", "Flow reads 84 %: M221 S119 brings it back.",
                "uncertainty", 0.1, "factors", java.util.List.of(Map.of("name", "flow_pct", "value", 84.0)),
                "safety", java.util.List.of())) + "\n");

        Path html = BenchSummary.html(summary, out);

        String report = Files.readString(html);
        assertThat(report).contains("flow MAE 1.63 pp, Z MAE 0.0277 mm").contains("11 of 12 cases")
                .contains("36 of 36 cases (35 explained)").contains("<img src=\"recovery.png\"")
                .contains("M221 S119 brings it back.").contains("flow_pct 84.00");
        BufferedImage chart = ImageIO.read(out.resolve("recovery.png").toFile());
        assertThat(chart.getWidth()).isPositive();
    }
}
