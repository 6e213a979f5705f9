package dev.plantctl.models.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWeatherTest {

    private static final String HEADER = "time,radiation_w_m2,temperature_c,relative_humidity_pct";

    @TempDir
    Path dir;

    @Test
    void loadsTheCommittedSampleAndInterpolatesLinearly() throws Exception {
        CsvWeather weather = CsvWeather.load(Path.of(getClass().getResource("weather-sample.csv").toURI()));
        assertThat(weather.start()).isEqualTo(Instant.parse("2024-02-01T07:00:00Z"));
        assertThat(weather.end()).isEqualTo(Instant.parse("2024-02-01T10:00:00Z"));

        // Halfway between the 08:00 and 09:00 rows.
        Weather mid = weather.at(Instant.parse("2024-02-01T08:30:00Z"));
        assertThat(mid.radiation()).isCloseTo(50, within(1e-9));
        assertThat(mid.temperature()).isCloseTo(3.0, within(1e-9));
        assertThat(mid.humidity()).isCloseTo(ClimateSensors.absoluteHumidity(86.5, 3.0), within(1e-12));
        assertThat(mid.co2()).isCloseTo(ClimateSensors.co2KgM3(411, 3.0), within(1e-12));

        // A quarter of the way from 09:00 to 10:00.
        assertThat(weather.at(Instant.parse("2024-02-01T09:15:00Z")).radiation()).isCloseTo(97.5, within(1e-9));
    }

    @Test
    void givesRowValuesAtRowTimesIncludingBothEnds() throws Exception {
        CsvWeather weather = CsvWeather.load(Path.of(getClass().getResource("weather-sample.csv").toURI()));
        assertThat(weather.at(weather.start()))
                .isEqualTo(new Weather(0, ClimateSensors.co2KgM3(415, 2.0), 2.0,
                        ClimateSensors.absoluteHumidity(90, 2.0)));
        assertThat(weather.at(weather.end()).radiation()).isEqualTo(150);
        assertThat(weather.at(Instant.parse("2024-02-01T08:00:00Z")).temperature()).isEqualTo(2.5);
    }

    @Test
    void refusesInstantsOutsideTheFileNamingIt() throws Exception {
        Path file = Path.of(getClass().getResource("weather-sample.csv").toURI());
        CsvWeather weather = CsvWeather.load(file);
        assertThatThrownBy(() -> weather.at(Instant.parse("2024-02-01T10:00:01Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weather-sample.csv").hasMessageContaining("2024-02-01T10:00:00Z");
    }

    @Test
    void defaultsCo2WhenTheColumnIsAbsentAndFindsColumnsByName() throws IOException {
        Path file = write("w.csv", "relative_humidity_pct,temperature_c,time,radiation_w_m2,note",
                "80,5,2024-02-01T00:00:00Z,0,a",
                "80,5,2024-02-01T01:00:00Z,0,b");
        Weather w = CsvWeather.load(file).at(Instant.parse("2024-02-01T00:30:00Z"));
        assertThat(w.co2()).isCloseTo(ClimateSensors.co2KgM3(CsvWeather.DEFAULT_CO2_PPM, 5), within(1e-15));
        assertThat(ClimateSensors.relativeHumidity(w.humidity(), w.temperature())).isCloseTo(80, within(1e-9));
    }

    @Test
    void malformedNumberNamesFileLineAndColumn() throws IOException {
        Path file = write("bad.csv", HEADER,
                "2024-02-01T00:00:00Z,0,3.0,90",
                "",
                "2024-02-01T01:00:00Z,0,warm,90");
        assertThatThrownBy(() -> CsvWeather.load(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bad.csv:4:")
                .hasMessageContaining("column 3 (temperature_c)")
                .hasMessageContaining("'warm'");
    }

    @Test
    void otherMalformedContentNamesFileAndLine() throws IOException {
        assertLoadFails(write("time.csv", HEADER, "yesterday,0,3,90", "2024-02-01T01:00:00Z,0,3,90"),
                "time.csv:2:", "column 1 (time)");
        assertLoadFails(write("order.csv", HEADER, "2024-02-01T01:00:00Z,0,3,90", "2024-02-01T00:00:00Z,0,3,90"),
                "order.csv:3:", "not after");
        assertLoadFails(write("cells.csv", HEADER, "2024-02-01T00:00:00Z,0,3", "2024-02-01T01:00:00Z,0,3,90"),
                "cells.csv:2:", "3 cells");
        assertLoadFails(write("range.csv", HEADER, "2024-02-01T00:00:00Z,0,3,101", "2024-02-01T01:00:00Z,0,3,90"),
                "range.csv:2:", "relative_humidity_pct");
        assertLoadFails(write("header.csv", "time,radiation_w_m2,temperature_c", "2024-02-01T00:00:00Z,0,3"),
                "header.csv:1:", "relative_humidity_pct");
        assertLoadFails(write("short.csv", HEADER, "2024-02-01T00:00:00Z,0,3,90"), "short.csv", "two data rows");
    }

    private static void assertLoadFails(Path file, String where, String what) {
        assertThatThrownBy(() -> CsvWeather.load(file))
                .isInstanceOf(IOException.class).hasMessageContaining(where).hasMessageContaining(what);
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }
}
