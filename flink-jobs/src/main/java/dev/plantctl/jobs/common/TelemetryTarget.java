package dev.plantctl.jobs.common;

import dev.plantctl.connectors.Secret;
import dev.plantctl.connectors.influx.InfluxSink;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a job writes its telemetry (the schema of {@code dev.plantctl.dashboards.telemetry}): an InfluxDB database
 * over the v1 HTTP API, how often the job samples its own health, and where telemetry goes that InfluxDB refuses
 * (the dead-letter file) or cannot take yet (the disk spill): see {@code InfluxSink}.
 *
 * @param url            the server's base URL, e.g. {@code https://influx:8086}
 * @param database       the database (with InfluxDB 2.x/3.x, the bucket mapped to it)
 * @param user           the user, or null to write without credentials
 * @param password       the user's password, or null
 * @param healthInterval wall time between two samples of the job's health
 * @param deadLetterFile the telemetry dead-letter file (JSON lines: point, HTTP status, the server's error, time)
 * @param spillDirectory the disk spill for outages (a subdirectory per subtask, each with its report)
 * @param spillMaxBytes  bound of each subtask's spill
 */
public record TelemetryTarget(String url, String database, String user, Secret password, Duration healthInterval,
                              String deadLetterFile, String spillDirectory, long spillMaxBytes)
        implements Serializable {

    /** The database the demo and the dashboards use by default. */
    public static final String DEFAULT_DATABASE = "plantctl";
    /** Default wall time between two samples of the job's health: one second. */
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(1);
    /** Default name of the dead-letter file beside a job's other output. */
    public static final String DEFAULT_DEAD_LETTER_FILE = "telemetry-dead-letters.jsonl";
    /** Default name of the spill directory beside a job's other output. */
    public static final String DEFAULT_SPILL_DIRECTORY = "telemetry-spill";

    public TelemetryTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(healthInterval, "healthInterval");
        Objects.requireNonNull(deadLetterFile, "deadLetterFile");
        Objects.requireNonNull(spillDirectory, "spillDirectory");
        if (healthInterval.isNegative() || healthInterval.isZero()) {
            throw new IllegalArgumentException("telemetry: option 'healthInterval' must be positive, got "
                    + healthInterval);
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("telemetry: give both a user and a password, or neither");
        }
        if (spillMaxBytes < 1024) {
            throw new IllegalArgumentException("telemetry: option 'spillMaxBytes' must be at least 1024, got "
                    + spillMaxBytes);
        }
    }

    /**
     * A target without credentials (plain http allowed: the sink warns), default database and health interval, the
     * dead-letter file and the spill ({@value #DEFAULT_DEAD_LETTER_FILE}, {@value #DEFAULT_SPILL_DIRECTORY}) in
     * {@code dir}, the spill bounded at {@code InfluxSink.DEFAULT_SPILL_MAX_BYTES}.
     */
    public static TelemetryTarget withoutCredentials(String url, Path dir) {
        return new TelemetryTarget(url, DEFAULT_DATABASE, null, null, DEFAULT_HEALTH_INTERVAL,
                dir.resolve(DEFAULT_DEAD_LETTER_FILE).toString(), dir.resolve(DEFAULT_SPILL_DIRECTORY).toString(),
                InfluxSink.DEFAULT_SPILL_MAX_BYTES);
    }

    /** This target writing as {@code user} (null with a null password: no credentials). */
    public TelemetryTarget withCredentials(String user, Secret password) {
        return new TelemetryTarget(url, database, user, password, healthInterval, deadLetterFile, spillDirectory,
                spillMaxBytes);
    }

    /**
     * This target with its dead-letter file and spill directory under {@code dir}, for a second sink of one job:
     * two sinks must not share a spill directory.
     */
    public TelemetryTarget withFilesUnder(Path dir) {
        return new TelemetryTarget(url, database, user, password, healthInterval,
                dir.resolve(DEFAULT_DEAD_LETTER_FILE).toString(), dir.resolve(DEFAULT_SPILL_DIRECTORY).toString(),
                spillMaxBytes);
    }

    /** This target writing to another database. */
    public TelemetryTarget withDatabase(String db) {
        return new TelemetryTarget(url, db, user, password, healthInterval, deadLetterFile, spillDirectory,
                spillMaxBytes);
    }

    /** The spill directory as a path. */
    public Path spillPath() {
        return Path.of(spillDirectory);
    }

    /** The dead-letter file as a path. */
    public Path deadLetterPath() {
        return Path.of(deadLetterFile);
    }

    /**
     * The InfluxDB sink for this target: it never waits for the server (refused points to the dead-letter file,
     * outages to the spill; delivery guarantee in {@code InfluxSink}). Without credentials or over plain http it is
     * built with {@code allowInsecure()}, and each writer logs a warning.
     *
     * @throws IllegalArgumentException naming the option that is wrong (a malformed URL, ...)
     */
    public InfluxSink sink() {
        InfluxSink.Builder b = InfluxSink.builder().url(url).database(database).deadLetterFile(deadLetterPath())
                .spillDirectory(spillPath()).spillMaxBytes(spillMaxBytes);
        if (user != null) {
            b.credentials(user, password);
        }
        if (user == null || url.startsWith("http:")) {
            b.allowInsecure();
        }
        return b.build();
    }

    /**
     * Creates the database unless it exists ({@code CREATE DATABASE} over the v1 query API), so that a first run
     * against a fresh server can write.
     *
     * @throws IllegalStateException naming the server and its answer when it refuses or cannot be reached
     */
    public void createDatabase() {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/query"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode("CREATE DATABASE \"" + database
                        + "\"", StandardCharsets.UTF_8)));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password.value()).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("InfluxDB at " + url + " refused to create database " + database
                        + ": " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach InfluxDB at " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating database " + database + " at " + url, e);
        }
    }
}
