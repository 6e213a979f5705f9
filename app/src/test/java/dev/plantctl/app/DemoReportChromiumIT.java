package dev.plantctl.app;

import dev.plantctl.app.report.HtmlReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo's HTML report renders in headless Chromium with its charts: the screenshot is not blank and holds the
 * pixels of the charts' lines. Chromium is Debian's {@code /usr/bin/chromium}, or {@code PLANTCTL_CHROMIUM_BIN};
 * {@code scripts/test} installs it and sets that variable, so in CI a missing browser fails the test. Elsewhere, without
 * it, the test is skipped.
 */
class DemoReportChromiumIT {

    /** The environment variable naming the browser; set by scripts/test, which CI runs. */
    static final String BIN_VARIABLE = "PLANTCTL_CHROMIUM_BIN";
    /** The first line colour of every chart (JFreeChart draws it as given). */
    private static final int FIRST_LINE_RGB = 0x1f77b4;
    private static final int SHOT_WIDTH = 1000;
    private static final int SHOT_HEIGHT = 2600;

    private static Path report;

    @BeforeAll
    static void runTheDemo(@TempDir Path out) throws Exception {
        GreenhouseDemo.Result result = new GreenhouseDemo(12, 1, 5, 1, out.resolve("greenhouse"), null).run();
        assertThat(result.problems()).isEmpty();
        report = out.resolve("greenhouse").resolve(HtmlReport.FILE);
    }

    @Test
    void theReportHoldsTheKeyFiguresAndOneDrawnPngPerChart() throws IOException {
        String html = Files.readString(report);
        assertThat(html).contains("<h2>Key figures</h2>", "net_profit_eur_m2", "<h2>Most important decisions</h2>",
                "<th>safety shield</th>");
        Matcher img = Pattern.compile("<img src=\"(chart-\\d+\\.png)\"").matcher(html);
        int charts = 0;
        while (img.find()) {
            BufferedImage png = ImageIO.read(report.resolveSibling(img.group(1)).toFile());
            assertThat(png.getWidth()).isEqualTo(HtmlReport.WIDTH);
            assertThat(pixelsNear(png, FIRST_LINE_RGB)).as("line pixels in %s", img.group(1)).isGreaterThan(200);
            charts++;
        }
        assertThat(charts).isEqualTo(5);
    }

    @Test
    void chromiumRendersTheReportWithItsCharts(@TempDir Path tmp) throws Exception {
        Path chromium = chromium();
        Path shot = tmp.resolve("report.png");
        Process p = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + tmp.resolve("profile"),
                "--screenshot=" + shot, "--window-size=" + SHOT_WIDTH + "," + SHOT_HEIGHT,
                report.toUri().toString()))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish; its log: " + Files.readString(tmp.resolve("chromium.log")));
        }
        assertThat(Files.exists(shot)).as("screenshot; chromium log: %s", Files.readString(tmp.resolve("chromium.log")))
                .isTrue();
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image.getWidth()).isEqualTo(SHOT_WIDTH);
        long notWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    notWhite++;
                }
            }
        }
        assertThat(notWhite).as("non-white pixels").isGreaterThan((long) SHOT_WIDTH * SHOT_HEIGHT / 50);
        // Four charts have a first line in this colour; at least two lie within the window.
        assertThat(pixelsNear(image, FIRST_LINE_RGB)).as("chart line pixels in the screenshot").isGreaterThan(400);
    }

    private static Path chromium() {
        String configured = System.getenv(BIN_VARIABLE);
        boolean required = configured != null || System.getenv("CI") != null;
        Path bin = Path.of(configured != null ? configured : "/usr/bin/chromium");
        if (required) {
            assertThat(Files.isExecutable(bin)).as("%s (set by scripts/test, CI) is executable", bin).isTrue();
        } else {
            assumeTrue(Files.isExecutable(bin), bin + " is not installed (scripts/test installs it)");
        }
        return bin;
    }

    private static long pixelsNear(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int c = image.getRGB(x, y);
                if (Math.abs(((c >> 16) & 0xff) - ((rgb >> 16) & 0xff)) < 24
                        && Math.abs(((c >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 24
                        && Math.abs((c & 0xff) - (rgb & 0xff)) < 24) {
                    n++;
                }
            }
        }
        return n;
    }
}
