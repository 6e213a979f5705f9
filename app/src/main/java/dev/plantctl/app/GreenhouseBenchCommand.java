package dev.plantctl.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.plantctl.app.report.Figure;
import dev.plantctl.app.report.HtmlReport;
import dev.plantctl.controllers.greenhouse.BenchScenario;
import dev.plantctl.controllers.greenhouse.GreenhouseBench;
import dev.plantctl.controllers.greenhouse.GreenhouseSafetyShield;
import dev.plantctl.controllers.greenhouse.MbrlGreenhouseController;
import dev.plantctl.controllers.greenhouse.RuleBasedGrowerController;
import dev.plantctl.controllers.greenhouse.TrueModelMpcController;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.EconomicPrices;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code plantctl bench greenhouse}: the greenhouse controllers on nominal and perturbed seasons. */
@Command(name = "greenhouse", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs 40-day greenhouse seasons in lockstep on the in-process van Henten model with: all actuators",
                "off, the rule-based grower, MPC with the true model (CEM, perfect weather forecast; the upper",
                "reference), model-free SAC on the simulator, MBRL (alpha = 0) and robust MBRL (alpha > 0), on the",
                "nominal plant and with every coefficient perturbed per step by delta in {5, 10, 20, 30 %}, one",
                "season per weather seed. Writes OUT/bench.json (per controller and scenario set: mean and 10 %-CVaR",
                "of net profit, violations, real steps of training, decision latency, fallback share; learning",
                "curves; normalised nominal scores), OUT/profit-vs-delta.png and OUT/report.html. Scenario file format:",
                "controllers/README.md."})
final class GreenhouseBenchCommand implements Callable<Integer> {

    /** The all-actuators-off contender: in bench.json, left out of the chart whose scale it would flatten. */
    private static final String ALL_OFF = "all-off";
    /**
     * The robust planning controller without a weather forecast (the weather now held over its horizon), as the
     * Flink job runs it; the other planning contenders get the season's weather as their forecast, like the MPC.
     */
    static final String ROBUST_WITHOUT_FORECAST = GreenhousePolicyTrainer.ROBUST + "-no-forecast";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for bench.json and the PNG.")
    Path out;

    @Option(names = "--scenarios", paramLabel = "FILE",
            description = "Scenario sets (JSON); default: nominal and delta 5/10/20/30 %, weather seeds 101 and 102.")
    Path scenarios;

    @Option(names = "--full", description = "Ten weather seeds per set and a larger MPC (takes much longer).")
    boolean full;

    @Option(names = "--days", defaultValue = "40", description = "Season length of the default sets (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--policies", paramLabel = "DIR",
            description = "Directory with the bundles mbrl-robust/, mbrl-plain/, model-free/ of `plantctl train greenhouse`;"
                    + " default: the shipped ones.")
    Path policies;

    @Mixin
    ModelTrustOptions trust;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = new PrintWriter(System.err, true);
        List<BenchScenario> sets = scenarios != null ? BenchScenario.read(scenarios)
                : BenchScenario.defaults(full ? BenchScenario.FULL_SEEDS : BenchScenario.DEFAULT_SEEDS, days);
        Map<String, MbrlBundle> bundles = new LinkedHashMap<>();
        for (String name : List.of(GreenhousePolicyTrainer.MODEL_FREE, GreenhousePolicyTrainer.PLAIN,
                GreenhousePolicyTrainer.ROBUST)) {
            bundles.put(name, policies != null ? MbrlBundle.read(policies.resolve(name), trust.keys())
                    : MbrlBundle.resource(MbrlBundle.SHIPPED_POLICIES + name + "/"));
        }
        ComfortBand band = ComfortBand.benchmark();
        List<GreenhouseBench.Contender> contenders = new ArrayList<>();
        contenders.add(new GreenhouseBench.Contender(ALL_OFF, 0, null));
        contenders.add(new GreenhouseBench.Contender("rule-based", 0, w -> rules()));
        int samples = full ? 100 : 40;
        int iterations = full ? 3 : 2;
        contenders.add(new GreenhouseBench.Contender("mpc-true-model", 0,
                w -> new TrueModelMpcController(GreenhouseParameters.benchmark(), w, band, EconomicPrices.benchmark(),
                        GreenhouseBench.STEP, 8, samples, iterations, 7)));
        bundles.forEach((name, bundle) -> contenders.add(new GreenhouseBench.Contender(name, bundle.realSteps(),
                w -> new MbrlGreenhouseController(bundle, rules(), new GreenhouseSafetyShield(band),
                        GreenhouseBench.STEP, w))));
        MbrlBundle robust = bundles.get(GreenhousePolicyTrainer.ROBUST);
        if (robust.planning().isPresent()) {
            contenders.add(new GreenhouseBench.Contender(ROBUST_WITHOUT_FORECAST, robust.realSteps(),
                    w -> new MbrlGreenhouseController(robust, rules(), new GreenhouseSafetyShield(band),
                            GreenhouseBench.STEP, null)));
        }
        long start = System.nanoTime();
        List<GreenhouseBench.Row> rows = new GreenhouseBench().run(contenders, sets, r -> err.printf(Locale.ROOT,
                "%-9s %-15s mean %8.3f  CVaR10 %8.3f EUR/m2  latency %7.1f us  fallback %4.1f %%  (%.0f s)%n",
                r.scenario(), r.controller(), r.meanProfit(), r.cvar10Profit(), r.latencyMeanMicros(),
                100 * r.fallbackShare(), (System.nanoTime() - start) / 1e9));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("bench", "greenhouse");
        header.put("step_minutes", GreenhouseBench.STEP.toMinutes());
        header.put("scenarios", sets.stream().map(s -> Map.of("name", s.name(), "delta", s.delta(),
                "weather_seeds", s.weatherSeeds(), "days", s.days(), "start", s.start().toString())).toList());
        header.put("mpc", Map.of("horizon_steps", 8, "samples", samples, "iterations", iterations,
                "method", "cem", "model", "van Henten, nominal coefficients, perfect weather forecast"));
        header.put("normalised_score_nominal", normalisedScores(rows));
        Map<String, Object> curves = new LinkedHashMap<>();
        bundles.forEach((name, b) -> curves.put(name, b.metadata().get("learning_curve")));
        header.put("learning_curves", curves);
        header.put("policies", bundles.values().stream().map(MbrlBundle::id).toList());
        header.put("wall_seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        Files.createDirectories(out);
        JSON.writeValue(out.resolve("bench.json").toFile(), GreenhouseBench.json(rows, header));
        chart(rows, out.resolve("profit-vs-delta.png"));
        Path report = report(rows, normalisedScores(rows), out);
        err.printf("wrote %s, %s and %s%n", out.resolve("bench.json"), out.resolve("profit-vs-delta.png"), report);
        return 0;
    }

    private static RuleBasedGrowerController rules() {
        return new RuleBasedGrowerController(GreenhouseBench.STEP, ComfortBand.benchmark(),
                new GreenhouseSafetyShield(ComfortBand.benchmark()));
    }

    /** (R − R_rule) / (R_mpc − R_rule) on the set named nominal, per controller. */
    private static Map<String, Double> normalisedScores(List<GreenhouseBench.Row> rows) {
        Map<String, Double> nominal = new LinkedHashMap<>();
        rows.stream().filter(r -> r.scenario().equals("nominal")).forEach(r -> nominal.put(r.controller(), r.meanProfit()));
        Map<String, Double> out = new LinkedHashMap<>();
        Double rule = nominal.get("rule-based");
        Double mpc = nominal.get("mpc-true-model");
        if (rule != null && mpc != null && mpc - rule != 0) {
            nominal.forEach((c, r) -> out.put(c, (r - rule) / (mpc - rule)));
        }
        return out;
    }

    /** The HTML report: every controller's figures per scenario set, the normalised scores and the chart. */
    private static Path report(List<GreenhouseBench.Row> rows, Map<String, Double> scores, Path out)
            throws java.io.IOException {
        Map<String, String> kpis = new LinkedHashMap<>();
        for (GreenhouseBench.Row r : rows) {
            kpis.put(r.scenario() + " · " + r.controller(), String.format(Locale.ROOT,
                    "mean %.2f EUR/m2, CVaR10 %.2f EUR/m2, decision %.0f us, fallback %.0f %%, %d real steps",
                    r.meanProfit(), r.cvar10Profit(), r.latencyMeanMicros(), 100 * r.fallbackShare(), r.realSteps()));
        }
        scores.forEach((c, v) -> kpis.put("normalised score, nominal · " + c, String.format(Locale.ROOT, "%.2f", v)));
        return new HtmlReport("plantctl bench: greenhouse", "Net profit per controller over 40-day greenhouse seasons "
                + "on the nominal plant and with every coefficient perturbed per step by delta; CVaR10 is the mean of "
                + "the worst 10 % of seasons. The normalised score is (R - R_rule) / (R_mpc - R_rule). Everything "
                + "else, with violations and learning curves, is in bench.json.")
                .write(out, kpis, List.of(), List.of(new Figure("Mean net profit against parameter uncertainty",
                        out.resolve("profit-vs-delta.png"))), List.of());
    }

    private static void chart(List<GreenhouseBench.Row> rows, Path png) throws java.io.IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (GreenhouseBench.Row r : rows) {
            if (r.controller().equals(ALL_OFF)) {
                continue;
            }
            series.computeIfAbsent(r.controller(), XYSeries::new).add(100 * r.delta(), r.meanProfit());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart("Greenhouse: mean net profit against parameter uncertainty (all-off, far below, in bench.json only)",
                "delta (%)", "net profit (EUR/m2)", data, PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 560);
    }
}
