package dev.plantctl.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plantctl.app.report.Chart;
import dev.plantctl.app.report.ChartSeries;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.GreenhouseSignals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * The greenhouse demo's series and decisions for its HTML report, read from the explanations (one JSON object per
 * decision: the factors hold the climate the controller saw, the setpoints what it decided) and the comfort band.
 */
final class GreenhouseReport {

    private GreenhouseReport() {
    }

    /** Temperature against the band, CO₂ against the band, the setpoints, and the cumulative profit. */
    static List<Chart> charts(List<JsonNode> explanations, ComfortBand band, List<Instant> profitTimes,
                              List<Double> profits) {
        List<Chart> charts = new ArrayList<>();
        List<ChartSeries> temperature = perUnit(explanations, "air temperature",
                e -> factor(e, GreenhouseSignals.AIR_TEMPERATURE));
        temperature.add(bandEdge(explanations, "band min", e -> day(e) == null ? null : band.tempMin(day(e))));
        temperature.add(bandEdge(explanations, "band max", e -> day(e) == null ? null : band.tempMax(day(e))));
        charts.add(new Chart("Air temperature and comfort band", "°C", temperature));
        List<ChartSeries> co2 = perUnit(explanations, "CO2", e -> factor(e, GreenhouseSignals.CO2));
        co2.add(bandEdge(explanations, "band min", e -> band.co2MinPpm()));
        co2.add(bandEdge(explanations, "band max", e -> band.co2MaxPpm()));
        charts.add(new Chart("CO2 and comfort band", "ppm", co2));
        charts.add(new Chart("Heating setpoint", "W/m²",
                perUnit(explanations, "heating", e -> setpoint(e, GreenhouseSignals.HEATING))));
        List<ChartSeries> other = perUnit(explanations, "ventilation (mm/s)",
                e -> setpoint(e, GreenhouseSignals.VENTILATION));
        other.addAll(perUnit(explanations, "CO2 supply (mg/m²/s)", e -> setpoint(e, GreenhouseSignals.CO2_SUPPLY)));
        charts.add(new Chart("Ventilation and CO2 supply setpoints", "mm/s, mg/m²/s", other));
        charts.add(new Chart("Cumulative net profit", "EUR/m²",
                List.of(new ChartSeries("net profit", profitTimes, profits, false))));
        return charts;
    }

    private static List<ChartSeries> perUnit(List<JsonNode> explanations, String name,
                                             Function<JsonNode, Double> value) {
        TreeSet<String> units = new TreeSet<>();
        explanations.forEach(e -> units.add(e.path("unit").asText()));
        List<ChartSeries> out = new ArrayList<>();
        for (String unit : units) {
            List<JsonNode> mine = explanations.stream().filter(e -> unit.equals(e.path("unit").asText())).toList();
            out.add(series(units.size() == 1 ? name : name + " " + unit, mine, value, false));
        }
        return out;
    }

    private static ChartSeries bandEdge(List<JsonNode> explanations, String name, Function<JsonNode, Double> value) {
        String first = explanations.isEmpty() ? "" : explanations.get(0).path("unit").asText();
        return series(name, explanations.stream().filter(e -> first.equals(e.path("unit").asText())).toList(),
                value, true);
    }

    private static ChartSeries series(String name, List<JsonNode> explanations, Function<JsonNode, Double> value,
                                      boolean bound) {
        List<Instant> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (JsonNode e : explanations) {
            Double v = value.apply(e);
            if (v != null) {
                times.add(Instant.parse(e.path("time").asText()));
                values.add(v);
            }
        }
        return new ChartSeries(name, times, values, bound);
    }

    private static Double factor(JsonNode explanation, String name) {
        return StreamSupport.stream(explanation.path("factors").spliterator(), false)
                .filter(f -> name.equals(f.path("name").asText()))
                .map(f -> f.path("value").asDouble()).findFirst().orElse(null);
    }

    private static Double setpoint(JsonNode explanation, String actuator) {
        JsonNode v = explanation.path("setpoints").path(actuator);
        return v.isNumber() ? v.asDouble() : null;
    }

    /** Day while the radiation the controller saw is above zero; null when it did not see it. */
    private static Boolean day(JsonNode explanation) {
        Double radiation = factor(explanation, GreenhouseSignals.RADIATION);
        return radiation == null ? null : radiation > 0;
    }
}
