package dev.plantctl.app.printer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.app.report.Figure;
import dev.plantctl.app.report.HtmlReport;
import dev.plantctl.app.report.ReportDecision;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Aggregates {@link CaseResult}s into the benchmark's figures and writes them as JSON and Markdown. */
final class BenchSummary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchSummary() {
    }

    /** Per disturbance kind and for all, per policy: cases, recovered, rate, mean share of layers in band after. */
    static Map<String, Object> disturbance(List<CaseResult> results) {
        List<CaseResult> d = results.stream().filter(r -> r.scenario().kind().disturbance()).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, List<CaseResult>> byKind = d.stream().collect(Collectors.groupingBy(
                r -> r.scenario().kind().label(), TreeMap::new, Collectors.toList()));
        byKind.forEach((kind, rs) -> out.put(kind, perPolicy(rs)));
        out.put("all", perPolicy(d));
        return out;
    }

    private static Map<String, Object> perPolicy(List<CaseResult> rs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String policy : List.of("none", "threshold", "cipher")) {
            List<CaseResult> p = rs.stream().filter(r -> r.policy().equals(policy)).toList();
            if (p.isEmpty()) {
                continue;
            }
            long recovered = p.stream().filter(CaseResult::recovered).count();
            long left = p.stream().filter(r -> r.firstOutLayer() > 0).count();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cases", p.size());
            m.put("left_band", left);
            m.put("recovered", recovered);
            m.put("recovered_rate", (double) recovered / p.size());
            m.put("in_band_after_mean", p.stream().mapToDouble(CaseResult::inBandAfter).filter(Double::isFinite)
                    .average().orElse(Double.NaN));
            m.put("commands", p.stream().mapToInt(CaseResult::commands).sum());
            m.put("refused", p.stream().mapToInt(CaseResult::refused).sum());
            out.put(policy, m);
        }
        return out;
    }

    /** Per out-of-distribution kind and for all: cases, without automatic adjustment, explained. */
    static Map<String, Object> outOfDistribution(List<CaseResult> results) {
        List<CaseResult> o = results.stream().filter(r -> !r.scenario().kind().disturbance()).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, List<CaseResult>> byKind = o.stream().collect(Collectors.groupingBy(
                r -> r.scenario().kind().label(), TreeMap::new, Collectors.toList()));
        byKind.forEach((kind, rs) -> out.put(kind, ood(rs)));
        out.put("all", ood(o));
        return out;
    }

    private static Map<String, Object> ood(List<CaseResult> rs) {
        long noAuto = rs.stream().filter(r -> !r.autoAdjusted()).count();
        long explained = rs.stream().filter(CaseResult::explainedOod).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cases", rs.size());
        m.put("no_auto_adjust", noAuto);
        m.put("no_auto_adjust_rate", rs.isEmpty() ? Double.NaN : (double) noAuto / rs.size());
        m.put("explained", explained);
        m.put("explained_rate", rs.isEmpty() ? Double.NaN : (double) explained / rs.size());
        return m;
    }

    /** One case as a JSON line. */
    static String caseLine(CaseResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.scenario().name());
        m.put("kind", r.scenario().kind().label());
        m.put("policy", r.policy());
        m.put("seed", r.scenario().seed());
        m.put("onset_s", r.scenario().onsetS());
        m.put("value", r.scenario().value());
        m.put("first_out_layer", r.firstOutLayer());
        m.put("recovered", r.recovered());
        m.put("auto_adjusted_after_onset", r.autoAdjusted());
        m.put("explained_ood", r.explainedOod());
        m.put("commands", r.commands());
        m.put("refused", r.refused());
        m.put("width_errors", r.widthErrors().stream().map(e -> Math.round(e * 10000) / 10000.0).toList());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of numbers and strings is always JSON", e);
        }
    }

    /** The summary as a Markdown report. */
    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> summary) {
        StringBuilder b = new StringBuilder("# plantctl bench printer\n\n");
        b.append("Expert ").append(summary.get("expert_model")).append(", held-out simulated layers:\n\n");
        b.append("| subset | windows | flow MAE (pp) | Z MAE (mm) | temperature MAE (°C) | class accuracy |"
                + " inside ±2σ | Z inside ±2σ |\n|---|---|---|---|---|---|---|---|\n");
        ((Map<String, Object>) summary.get("expert_held_out")).forEach((subset, v) -> {
            Map<String, Object> s = (Map<String, Object>) v;
            b.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.4f | %.2f | %.3f | %.3f | %.3f |%n", subset,
                    s.get("windows"), s.get("flow_mae_pct"), s.get("z_mae_mm"), s.get("temperature_mae_c"),
                    s.get("flow_class_accuracy"), s.get("inside_2_sigma"), s.get("z_inside_2_sigma")));
        });
        b.append("\nDisturbances: cases whose true line width came back within ±5 % within 3 layers\n\n");
        b.append("| kind | policy | cases | left band | recovered | rate | layers in band after |\n"
                + "|---|---|---|---|---|---|---|\n");
        ((Map<String, Object>) summary.get("disturbance")).forEach((kind, v) ->
                ((Map<String, Object>) v).forEach((policy, w) -> {
                    Map<String, Object> s = (Map<String, Object>) w;
                    b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.3f | %.3f |%n", kind, policy,
                            s.get("cases"), s.get("left_band"), s.get("recovered"), s.get("recovered_rate"),
                            s.get("in_band_after_mean")));
                }));
        b.append("\nOut of distribution (controller only)\n\n| kind | cases | no automatic adjustment | rate |"
                + " explained | rate |\n|---|---|---|---|---|---|\n");
        ((Map<String, Object>) summary.get("out_of_distribution")).forEach((kind, v) -> {
            Map<String, Object> s = (Map<String, Object>) v;
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %s | %.3f |%n", kind, s.get("cases"),
                    s.get("no_auto_adjust"), s.get("no_auto_adjust_rate"), s.get("explained"),
                    s.get("explained_rate")));
        });
        return b.toString();
    }

    /**
     * The summary as {@code report.html}: the key figures, recovery rates per disturbance and policy as a chart, and
     * the most important decisions of {@code explanations.jsonl}.
     */
    @SuppressWarnings("unchecked")
    static Path html(Map<String, Object> summary, Path out) throws IOException {
        Map<String, String> kpis = new LinkedHashMap<>();
        kpis.put("process expert", String.valueOf(summary.get("expert_model")));
        ((Map<String, Object>) summary.get("expert_held_out")).forEach((subset, v) -> {
            Map<String, Object> s = (Map<String, Object>) v;
            kpis.put("expert, " + subset, String.format(Locale.ROOT, "flow MAE %.2f pp, Z MAE %.4f mm (±2σ covers"
                    + " %.3f), temperature MAE %.2f °C, class accuracy %.3f", s.get("flow_mae_pct"), s.get("z_mae_mm"),
                    s.get("z_inside_2_sigma"), s.get("temperature_mae_c"), s.get("flow_class_accuracy")));
        });
        DefaultCategoryDataset recovered = new DefaultCategoryDataset();
        ((Map<String, Object>) summary.get("disturbance")).forEach((kind, v) ->
                ((Map<String, Object>) v).forEach((policy, w) -> {
                    Map<String, Object> s = (Map<String, Object>) w;
                    recovered.addValue(100 * ((Number) s.get("recovered_rate")).doubleValue(), policy, kind);
                    if (kind.equals("all")) {
                        kpis.put("recovered within 3 layers, " + policy, String.format(Locale.ROOT,
                                "%s of %s cases", s.get("recovered"), s.get("cases")));
                    }
                }));
        Map<String, Object> ood = (Map<String, Object>) ((Map<String, Object>) summary.get("out_of_distribution"))
                .get("all");
        kpis.put("out of distribution: no automatic adjustment", String.format(Locale.ROOT, "%s of %s cases "
                + "(%s explained)", ood.get("no_auto_adjust"), ood.get("cases"), ood.get("explained")));
        Path png = out.resolve("recovery.png");
        JFreeChart chart = ChartFactory.createBarChart("Line width back within ±5 % within 3 layers",
                "disturbance", "cases recovered (%)", recovered, PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, HtmlReport.WIDTH, HtmlReport.HEIGHT);
        List<JsonNode> explanations = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("explanations.jsonl"), StandardCharsets.UTF_8)) {
            explanations.add(JSON.readTree(line));
        }
        return new HtmlReport("plantctl bench: printer", "The shipped process expert scored on held-out simulated "
                + "layers; disturbance cases under no control, a width threshold rule and the CIPHER-style "
                + "controller; out-of-distribution cases under the controller. Method and every figure: "
                + "summary.json and report.md.")
                .write(out, kpis, List.of(), List.of(new Figure("Recovery per disturbance and policy", png)),
                        ReportDecision.fromExplanations(explanations));
    }
}
