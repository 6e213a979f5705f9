package dev.plantctl.app.report;

import java.util.List;
import java.util.Objects;

/**
 * A time-series chart of a report.
 *
 * @param title  the chart's title
 * @param yLabel the value axis's label, with its unit
 * @param series the lines, at least one
 */
public record Chart(String title, String yLabel, List<ChartSeries> series) {

    public Chart {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(yLabel, "yLabel");
        series = List.copyOf(series);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("chart " + title + " has no series");
        }
    }
}
