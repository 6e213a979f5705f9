package dev.plantctl.models.greenhouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Weather read from a CSV file, linearly interpolated between its rows. Immutable and thread-safe once loaded.
 *
 * <p>Format: UTF-8, comma-separated, no quoting. Blank lines and lines starting with {@code #} are ignored.
 * The first other line is the header; columns are found by name, in any order, and unknown columns are ignored:
 * <ul>
 *   <li>{@code time}: an ISO-8601 instant such as {@code 2024-02-01T00:00:00Z}, strictly increasing;</li>
 *   <li>{@code radiation_w_m2}: global radiation, W m⁻², ≥ 0;</li>
 *   <li>{@code temperature_c}: outdoor temperature, °C, within −80 … 60;</li>
 *   <li>{@code relative_humidity_pct}: outdoor relative humidity, %, within 0 … 100;</li>
 *   <li>{@code co2_ppm} (optional): outdoor CO₂, ppm, ≥ 0; {@value #DEFAULT_CO2_PPM} ppm when the column is
 *       absent.</li>
 * </ul>
 * Radiation, temperature, relative humidity and CO₂ are interpolated as read; humidity and CO₂ are then converted
 * to kg m⁻³ at the interpolated temperature ({@link ClimateSensors}). At least two rows are needed.
 */
public final class CsvWeather implements WeatherSource {

    /** Outdoor CO₂ assumed when the file has no {@code co2_ppm} column, ppm. */
    public static final double DEFAULT_CO2_PPM = 410;

    private static final String TIME = "time";
    private static final String RADIATION = "radiation_w_m2";
    private static final String TEMPERATURE = "temperature_c";
    private static final String RELATIVE_HUMIDITY = "relative_humidity_pct";
    private static final String CO2 = "co2_ppm";

    private final Path file;
    private final Instant[] times;
    private final double[] seconds;
    private final double[] radiation;
    private final double[] temperature;
    private final double[] relativeHumidity;
    private final double[] co2Ppm;

    private CsvWeather(Path file, List<Instant> times, List<double[]> rows) {
        this.file = file;
        this.times = times.toArray(new Instant[0]);
        int n = rows.size();
        this.seconds = new double[n];
        this.radiation = new double[n];
        this.temperature = new double[n];
        this.relativeHumidity = new double[n];
        this.co2Ppm = new double[n];
        for (int i = 0; i < n; i++) {
            seconds[i] = epochSeconds(this.times[i]);
            double[] row = rows.get(i);
            radiation[i] = row[0];
            temperature[i] = row[1];
            relativeHumidity[i] = row[2];
            co2Ppm[i] = row[3];
        }
    }

    /**
     * Reads a weather file.
     *
     * @param file the CSV file, in the format described above
     * @return the weather it describes
     * @throws IOException when the file cannot be read, or when its content is malformed: the message then
     *                     names the file, the line and the column, e.g.
     *                     {@code weather.csv:7: column 3 (temperature_c): 'warm' is not a number}
     */
    public static CsvWeather load(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int[] columns = null;
        List<Instant> times = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        int headerWidth = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (columns == null) {
                columns = header(file, lineNo, cells);
                headerWidth = cells.length;
                continue;
            }
            if (cells.length != headerWidth) {
                throw error(file, lineNo, "has " + cells.length + " cells but the header has " + headerWidth);
            }
            Instant time = parseTime(file, lineNo, columns[0], cells);
            if (!times.isEmpty() && !time.isAfter(times.get(times.size() - 1))) {
                throw error(file, lineNo, "column " + (columns[0] + 1) + " (" + TIME + "): " + time
                        + " is not after the previous row's " + times.get(times.size() - 1));
            }
            times.add(time);
            rows.add(new double[] {
                    number(file, lineNo, columns[1], RADIATION, cells, 0, Double.POSITIVE_INFINITY),
                    number(file, lineNo, columns[2], TEMPERATURE, cells, -80, 60),
                    number(file, lineNo, columns[3], RELATIVE_HUMIDITY, cells, 0, 100),
                    columns[4] < 0 ? DEFAULT_CO2_PPM
                            : number(file, lineNo, columns[4], CO2, cells, 0, Double.POSITIVE_INFINITY)
            });
        }
        if (columns == null) {
            throw new IOException(file + ": no header line (expected columns " + TIME + ", " + RADIATION + ", "
                    + TEMPERATURE + ", " + RELATIVE_HUMIDITY + ")");
        }
        if (rows.size() < 2) {
            throw new IOException(file + ": needs at least two data rows to interpolate, has " + rows.size());
        }
        return new CsvWeather(file, times, rows);
    }

    /** The file this weather was read from. */
    public Path file() {
        return file;
    }

    /** The time of the first row. */
    public Instant start() {
        return times[0];
    }

    /** The time of the last row. */
    public Instant end() {
        return times[times.length - 1];
    }

    /**
     * The weather at an instant between {@link #start()} and {@link #end()}, both included, interpolated linearly
     * between the rows around it.
     *
     * @throws IllegalArgumentException when the instant lies outside the file, naming the file and its range
     */
    @Override
    public Weather at(Instant time) {
        Objects.requireNonNull(time, "time");
        if (time.isBefore(start()) || time.isAfter(end())) {
            throw new IllegalArgumentException("weather file " + file + " covers " + start() + " .. " + end()
                    + ", not " + time);
        }
        int found = Arrays.binarySearch(times, time);
        int lo = found >= 0 ? Math.min(found, times.length - 2) : -found - 2;
        double w = (epochSeconds(time) - seconds[lo]) / (seconds[lo + 1] - seconds[lo]);
        double temp = lerp(temperature, lo, w);
        return new Weather(lerp(radiation, lo, w), ClimateSensors.co2KgM3(lerp(co2Ppm, lo, w), temp), temp,
                ClimateSensors.absoluteHumidity(lerp(relativeHumidity, lo, w), temp));
    }

    private static double lerp(double[] values, int lo, double w) {
        return values[lo] + w * (values[lo + 1] - values[lo]);
    }

    private static double epochSeconds(Instant t) {
        return t.getEpochSecond() + t.getNano() * 1e-9;
    }

    /** Index of each of time, radiation, temperature, relative humidity and CO₂ (−1 when absent). */
    private static int[] header(Path file, int lineNo, String[] cells) throws IOException {
        String[] names = {TIME, RADIATION, TEMPERATURE, RELATIVE_HUMIDITY, CO2};
        int[] columns = new int[names.length];
        for (int c = 0; c < names.length; c++) {
            columns[c] = -1;
            for (int k = 0; k < cells.length; k++) {
                if (cells[k].strip().equals(names[c])) {
                    if (columns[c] >= 0) {
                        throw error(file, lineNo, "header names column '" + names[c] + "' twice");
                    }
                    columns[c] = k;
                }
            }
            if (columns[c] < 0 && !names[c].equals(CO2)) {
                throw error(file, lineNo, "header has no column '" + names[c] + "' (header: " + String.join(",", cells)
                        + ")");
            }
        }
        return columns;
    }

    private static Instant parseTime(Path file, int lineNo, int column, String[] cells) throws IOException {
        String text = cells[column].strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw error(file, lineNo, "column " + (column + 1) + " (" + TIME + "): '" + text
                    + "' is not an ISO-8601 instant such as 2024-02-01T00:00:00Z");
        }
    }

    private static double number(Path file, int lineNo, int column, String name, String[] cells, double min,
                                 double max) throws IOException {
        String text = cells[column].strip();
        String where = "column " + (column + 1) + " (" + name + "): '" + text + "' ";
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(file, lineNo, where + "is not a number");
        }
        if (!(value >= min && value <= max)) {
            throw error(file, lineNo, where + (max == Double.POSITIVE_INFINITY ? "must be >= " + min
                    : "must lie within " + min + " .. " + max));
        }
        return value;
    }

    private static IOException error(Path file, int lineNo, String problem) {
        return new IOException(file + ":" + lineNo + ": " + problem);
    }
}
