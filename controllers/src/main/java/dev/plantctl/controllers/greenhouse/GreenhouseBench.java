package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Observation;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.EconomicPrices;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.SeasonLedger;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.models.greenhouse.WeatherSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Scores greenhouse controllers on scenario sets ({@link BenchScenario}) in lockstep on the in-process van Henten
 * model ({@link GreenhouseSeason}, benchmark band and prices, 15-minute steps): one season per controller and
 * weather seed, the plant's coefficients perturbed per step by the set's δ. Per controller and set it reports
 * the mean and the 10 %-CVaR (the mean of the worst ⌈10 %⌉ of seasons, at least one) of the net profit, the
 * comfort-band violations (means over the seasons), the real-environment steps its training used, the decision
 * latency and the share of decisions that fell back to the rule-based controller.
 */
public final class GreenhouseBench {

    /** The control step of the bench. */
    public static final Duration STEP = Duration.ofMinutes(15);

    /**
     * A controller under test.
     *
     * @param name      its name in bench.json
     * @param realSteps real-environment steps its training used (0 when untrained)
     * @param factory   a fresh controller for a season under the given weather (which only a true-model MPC may
     *                  read as its forecast); null for all actuators off
     */
    public record Contender(String name, long realSteps, ControllerFactory factory) {
    }

    /** Makes one controller per season. */
    @FunctionalInterface
    public interface ControllerFactory {
        /** A controller for a season under this weather. */
        GreenhouseController create(WeatherSource weather) throws Exception;
    }

    /**
     * One controller on one scenario set.
     *
     * @param controller        the contender's name
     * @param scenario          the set's name
     * @param delta             the set's δ
     * @param profits           net profit of each season, € m⁻², in seed order
     * @param meanProfit        their mean
     * @param cvar10Profit      10 %-CVaR
     * @param kpis              the seasons' mean ledger figures ({@link SeasonLedger#kpis()})
     * @param realSteps         real-environment steps of its training
     * @param latencyMeanMicros mean decision latency, µs
     * @param latencyP99Micros  99th percentile decision latency, µs
     * @param fallbackShare     share of decisions that fell back
     */
    public record Row(String controller, String scenario, double delta, List<Double> profits, double meanProfit,
                      double cvar10Profit, Map<String, Double> kpis, long realSteps, double latencyMeanMicros,
                      double latencyP99Micros, double fallbackShare) {
    }

    /**
     * Runs every contender on every set.
     *
     * @param progress hears each row as it completes
     * @throws Exception when a controller cannot be made
     */
    public List<Row> run(List<Contender> contenders, List<BenchScenario> scenarios, Consumer<Row> progress)
            throws Exception {
        List<Row> rows = new ArrayList<>();
        for (BenchScenario s : scenarios) {
            GreenhouseSeason season = new GreenhouseSeason(ComfortBand.benchmark(), EconomicPrices.benchmark(),
                    s.start());
            for (Contender c : contenders) {
                List<Double> profits = new ArrayList<>();
                List<SeasonLedger> ledgers = new ArrayList<>();
                List<Long> latencies = new ArrayList<>();
                long fallbacks = 0;
                long decisions = 0;
                for (long seed : s.weatherSeeds()) {
                    WeatherSource weather = new SyntheticWeather(seed);
                    GreenhouseController controller = c.factory() == null ? null : c.factory().create(weather);
                    Timed timed = controller == null ? null : new Timed(controller);
                    try {
                        SeasonResult r = season.run(timed, weather, GreenhouseParameters.benchmark(), s.delta(),
                                seed, s.days(), STEP);
                        profits.add(r.netProfitEur());
                        ledgers.add(r.ledger());
                    } finally {
                        if (controller instanceof AutoCloseable closeable) {
                            closeable.close();
                        }
                    }
                    if (timed != null) {
                        latencies.addAll(timed.nanos);
                        fallbacks += timed.fallbacks;
                        decisions += timed.nanos.size();
                    }
                }
                long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                Row row = new Row(c.name(), s.name(), s.delta(), profits, mean(profits), cvar10(profits),
                        SeasonLedger.mean(ledgers).kpis(), c.realSteps(),
                        lat.length == 0 ? 0 : Arrays.stream(lat).average().orElse(0) / 1e3,
                        lat.length == 0 ? 0 : lat[(int) Math.floor(0.99 * (lat.length - 1))] / 1e3,
                        decisions == 0 ? 0 : fallbacks / (double) decisions);
                rows.add(row);
                progress.accept(row);
            }
        }
        return rows;
    }

    /** The mean of the worst ⌈10 %⌉ of the values, at least one. */
    public static double cvar10(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = Math.max(1, (int) Math.ceil(0.1 * v.length));
        return Arrays.stream(v, 0, n).average().orElseThrow();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** bench.json's content for rows. */
    public static Map<String, Object> json(List<Row> rows, Map<String, Object> header) {
        Map<String, Object> out = new LinkedHashMap<>(header);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("controller", r.controller());
            m.put("scenario", r.scenario());
            m.put("delta", r.delta());
            m.put("seasons", r.profits().size());
            m.put("net_profit_eur_m2", r.profits());
            m.put("mean_net_profit_eur_m2", r.meanProfit());
            m.put("cvar10_net_profit_eur_m2", r.cvar10Profit());
            m.put("violations", Map.of("temp_degree_hours", r.kpis().get("temp_violation_degree_hours"),
                    "co2_ppm_hours", r.kpis().get("co2_violation_ppm_hours"),
                    "rh_pct_hours", r.kpis().get("rh_violation_pct_hours"),
                    "temp_in_band_fraction", r.kpis().get("temp_in_band_fraction")));
            m.put("kpis", r.kpis());
            m.put("real_env_steps_in_training", r.realSteps());
            m.put("decision_latency_mean_us", r.latencyMeanMicros());
            m.put("decision_latency_p99_us", r.latencyP99Micros());
            m.put("fallback_share", r.fallbackShare());
            results.add(m);
        }
        out.put("results", results);
        return out;
    }

    /** Times each decision and counts fallbacks (a factor named {@code fallback} with value 1). */
    private static final class Timed implements GreenhouseController {
        private final GreenhouseController delegate;
        private final List<Long> nanos = new ArrayList<>();
        private long fallbacks;

        Timed(GreenhouseController delegate) {
            this.delegate = Objects.requireNonNull(delegate);
        }

        @Override
        public Decision decide(Observation observation, Controls previous) {
            long t0 = System.nanoTime();
            Decision d = delegate.decide(observation, previous);
            nanos.add(System.nanoTime() - t0);
            if (d.explanation().factors().stream()
                    .anyMatch(f -> f.name().equals(MbrlGreenhouseController.FALLBACK_FACTOR) && f.value() == 1)) {
                fallbacks++;
            }
            return d;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String version() {
            return delegate.version();
        }
    }
}
