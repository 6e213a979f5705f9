package dev.plantctl.app.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of a chart: values over time.
 *
 * @param name   the legend's name
 * @param times  when, ascending
 * @param values the values, one per time, finite
 * @param bound  true for a limit (a comfort band's edge), drawn dashed
 */
public record ChartSeries(String name, List<Instant> times, List<Double> values, boolean bound) {

    public ChartSeries {
        Objects.requireNonNull(name, "name");
        times = List.copyOf(times);
        values = List.copyOf(values);
        if (times.size() != values.size()) {
            throw new IllegalArgumentException("series " + name + ": " + times.size() + " times but "
                    + values.size() + " values");
        }
        for (int i = 0; i < values.size(); i++) {
            if (!Double.isFinite(values.get(i))) {
                throw new IllegalArgumentException("series " + name + ": value " + i + " at " + times.get(i)
                        + " is not finite: " + values.get(i));
            }
        }
    }
}
