package dev.plantctl.app.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * Writes a run's report for people without Grafana: {@code report.html} with the key figures, one PNG per chart
 * (drawn with JFreeChart, beside the HTML as {@code chart-<n>.png}) and the most important decisions with their
 * explanations. Plain data in, files out: the demo and the benchmarks use it alike.
 */
public final class HtmlReport {

    /** The HTML file's name. */
    public static final String FILE = "report.html";
    /** How many decisions the report lists. */
    public static final int DECISIONS = 12;
    /** Chart size in pixels. */
    public static final int WIDTH = 900;
    /** Chart size in pixels. */
    public static final int HEIGHT = 380;

    private static final Color[] LINE_COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};
    private static final Color BOUND_COLOR = new Color(0x7f7f7f);

    private final String title;
    private final String introduction;

    /**
     * @param title        the report's heading
     * @param introduction one paragraph of what ran, plain text
     */
    public HtmlReport(String title, String introduction) {
        this.title = title;
        this.introduction = introduction;
    }

    /**
     * Writes {@value #FILE} and its charts into the directory.
     *
     * @param kpis      key figure to its value as text, in display order
     * @param charts    the charts, in display order
     * @param decisions decisions; the {@value #DECISIONS} most important ({@link ReportDecision#importance()}) are
     *                  listed, earliest first among equals
     * @return the HTML file
     * @throws IOException when a file cannot be written
     */
    public Path write(Path dir, Map<String, String> kpis, List<Chart> charts, List<ReportDecision> decisions)
            throws IOException {
        return write(dir, kpis, charts, List.of(), decisions);
    }

    /**
     * Writes {@value #FILE}, its charts and the figures (copied beside it unless they lie there already) into the
     * directory.
     *
     * @param figures PNGs drawn elsewhere, shown after the charts
     * @return the HTML file
     * @throws IOException when a file cannot be written or a figure cannot be read
     * @see #write(Path, Map, List, List)
     */
    public Path write(Path dir, Map<String, String> kpis, List<Chart> charts, List<Figure> figures,
                      List<ReportDecision> decisions) throws IOException {
        Files.createDirectories(dir);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:960px;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:left;vertical-align:top}\nimg{display:block;margin:1em 0}\n")
                .append(".fallback{color:#b00}\n</style>\n</head>\n<body>\n<h1>").append(escape(title))
                .append("</h1>\n<p>").append(escape(introduction)).append("</p>\n<h2>Key figures</h2>\n<table>\n");
        kpis.forEach((k, v) -> html.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v))
                .append("</td></tr>\n"));
        html.append("</table>\n<h2>Charts</h2>\n");
        for (int i = 0; i < charts.size(); i++) {
            String file = "chart-" + (i + 1) + ".png";
            ChartUtils.saveChartAsPNG(dir.resolve(file).toFile(), draw(charts.get(i)), WIDTH, HEIGHT);
            html.append("<img src=\"").append(file).append("\" width=\"").append(WIDTH).append("\" height=\"")
                    .append(HEIGHT).append("\" alt=\"").append(escape(charts.get(i).title())).append("\">\n");
        }
        for (Figure figure : figures) {
            Path target = dir.resolve(figure.png().getFileName());
            if (!Files.exists(target) || !Files.isSameFile(target, figure.png())) {
                Files.copy(figure.png(), target, StandardCopyOption.REPLACE_EXISTING);
            }
            html.append("<img src=\"").append(escape(target.getFileName().toString())).append("\" alt=\"")
                    .append(escape(figure.title())).append("\">\n");
        }
        html.append("<h2>Most important decisions</h2>\n");
        List<ReportDecision> important = decisions.stream()
                .sorted(Comparator.comparingDouble(ReportDecision::importance).reversed())
                .limit(DECISIONS).toList();
        if (important.isEmpty()) {
            html.append("<p>No decisions.</p>\n");
        } else {
            html.append("<table>\n<tr><th>time</th><th>unit</th><th>explanation</th><th>uncertainty</th>")
                    .append("<th>safety shield</th><th>top factors</th></tr>\n");
            for (ReportDecision d : important) {
                html.append("<tr><td>").append(escape(d.time())).append("</td><td>").append(escape(d.unit()))
                        .append("</td><td>").append(d.fallback() ? "<span class=\"fallback\">fallback</span> " : "")
                        .append(escape(d.summary())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.2f", d.uncertainty())).append("</td><td>")
                        .append(escape(d.shield().isEmpty() ? "no change" : String.join("; ", d.shield())))
                        .append("</td><td>").append(escape(d.topFactors())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("</body>\n</html>\n");
        Path file = dir.resolve(FILE);
        Files.writeString(file, html);
        return file;
    }

    private static JFreeChart draw(Chart chart) {
        TimeSeriesCollection data = new TimeSeriesCollection(TimeZone.getTimeZone("UTC"));
        for (ChartSeries s : chart.series()) {
            TimeSeries ts = new TimeSeries(s.name());
            for (int i = 0; i < s.times().size(); i++) {
                ts.addOrUpdate(new Millisecond(Date.from(s.times().get(i)), TimeZone.getTimeZone("UTC"),
                        Locale.ROOT), s.values().get(i));
            }
            data.addSeries(ts);
        }
        JFreeChart jfc = ChartFactory.createTimeSeriesChart(chart.title(), "time (UTC)", chart.yLabel(), data,
                true, false, false);
        jfc.setBackgroundPaint(Color.WHITE);
        XYPlot plot = jfc.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        SimpleDateFormat format = new SimpleDateFormat("MM-dd HH:mm", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        ((DateAxis) plot.getDomainAxis()).setDateFormatOverride(format);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int color = 0;
        for (int i = 0; i < chart.series().size(); i++) {
            if (chart.series().get(i).bound()) {
                renderer.setSeriesPaint(i, BOUND_COLOR);
                renderer.setSeriesStroke(i, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            } else {
                renderer.setSeriesPaint(i, LINE_COLORS[color++ % LINE_COLORS.length]);
                renderer.setSeriesStroke(i, new BasicStroke(2f));
            }
        }
        plot.setRenderer(renderer);
        return jfc;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
