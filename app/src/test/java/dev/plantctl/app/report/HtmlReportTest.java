package dev.plantctl.app.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlReportTest {

    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    @Test
    void writesTheFiguresOneDrawnPngPerChartAndTheMostImportantDecisionsFirst(@TempDir Path dir) throws Exception {
        List<Instant> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            times.add(T0.plusSeconds(900L * i));
            values.add(15 + 3 * Math.sin(i / 10.0));
        }
        Chart chart = new Chart("Air temperature", "°C", List.of(new ChartSeries("air", times, values, false),
                new ChartSeries("band max", times, times.stream().map(t -> 20.0).toList(), true)));
        List<ReportDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            decisions.add(new ReportDecision(T0.plusSeconds(900L * i).toString(), "c1", "routine " + i, 0, false,
                    List.of(), "air 15"));
        }
        decisions.add(new ReportDecision("late", "c2", "fell back <stale>", 0.9, true, List.of(), "co2 400"));
        decisions.add(new ReportDecision("shielded", "c1", "shield acted", 0.1, false,
                List.of("heating rate_limit: too fast"), "air 9"));
        Map<String, String> kpis = new LinkedHashMap<>();
        kpis.put("net profit", "-0.5 EUR/m² & more");

        Path html = new HtmlReport("Run", "What ran.").write(dir, kpis, List.of(chart), decisions);

        String text = Files.readString(html);
        assertThat(text).contains("-0.5 EUR/m² &amp; more", "fell back &lt;stale&gt;", "<img src=\"chart-1.png\"")
                .doesNotContain("routine 19");
        assertThat(text.indexOf("fell back")).isLessThan(text.indexOf("shield acted"));
        assertThat(text.indexOf("shield acted")).isLessThan(text.indexOf("routine 0"));
        BufferedImage png = ImageIO.read(dir.resolve("chart-1.png").toFile());
        assertThat(png.getWidth()).isEqualTo(HtmlReport.WIDTH);
        assertThat(png.getHeight()).isEqualTo(HtmlReport.HEIGHT);
        long line = 0;
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                if ((png.getRGB(x, y) & 0xffffff) == 0x1f77b4) {
                    line++;
                }
            }
        }
        assertThat(line).as("pixels of the first line's colour").isGreaterThan(300);
    }

    @Test
    void aFigureDrawnElsewhereIsCopiedBesideTheReportAndShown(@TempDir Path dir) throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path png = elsewhere.resolve("drawn.png");
        ImageIO.write(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        Path out = dir.resolve("out");
        Path html = new HtmlReport("Bench", "What ran.").write(out, Map.of("k", "v"), List.of(),
                List.of(new Figure("A <drawn> chart", png)), List.of());
        assertThat(Files.readString(html)).contains("<img src=\"drawn.png\" alt=\"A &lt;drawn&gt; chart\">");
        assertThat(Files.mismatch(out.resolve("drawn.png"), png)).isEqualTo(-1);
    }

    @Test
    void aSeriesWithoutAValueForEachTimeOrWithANonFiniteValueIsRefused() {
        assertThatThrownBy(() -> new ChartSeries("co2", List.of(T0), List.of(), false))
                .hasMessageContaining("series co2: 1 times but 0 values");
        assertThatThrownBy(() -> new ChartSeries("co2", List.of(T0), List.of(Double.NaN), false))
                .hasMessageContaining("is not finite");
        assertThatThrownBy(() -> new Chart("empty", "x", List.of())).hasMessageContaining("has no series");
    }
}
