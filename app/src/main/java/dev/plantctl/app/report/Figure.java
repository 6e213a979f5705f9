package dev.plantctl.app.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A picture a report shows as it is: a PNG drawn elsewhere (a benchmark's own chart).
 *
 * @param title what it shows, also its alternative text
 * @param png   the PNG file
 */
public record Figure(String title, Path png) {

    public Figure {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(png, "png");
    }
}
