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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a job writes its telemetry (the schema of {@code dev.plantctl.dashboards.telemetry}): an InfluxDB database
 * over the v1 HTTP API, and how often the job samples its own health.
 *
 * @param url            the server's base URL, e.g. {@code https://influx:8086}
 * @param database       the database (with InfluxDB 2.x/3.x, the bucket mapped to it)
 * @param user           the user, or null to write without credentials
 * @param password       the user's password, or null
 * @param healthInterval wall time between two samples of the job's health
 */
public record TelemetryTarget(String url, String database, String user, Secret password, Duration healthInterval)
        implements Serializable {

    /** The database the demo and the dashboards use by default. */
    public static final String DEFAULT_DATABASE = "plantctl";
    /** Default wall time between two samples of the job's health: one second. */
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(1);

    public TelemetryTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(healthInterval, "healthInterval");
        if (healthInterval.isNegative() || healthInterval.isZero()) {
            throw new IllegalArgumentException("telemetry: option 'healthInterval' must be positive, got "
                    + healthInterval);
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("telemetry: give both a user and a password, or neither");
        }
    }

    /** A target without credentials (plain http allowed: the sink warns), default database and health interval. */
    public static TelemetryTarget withoutCredentials(String url) {
        return new TelemetryTarget(url, DEFAULT_DATABASE, null, null, DEFAULT_HEALTH_INTERVAL);
    }

    /**
     * The InfluxDB sink for this target: at-least-once, flushed on every checkpoint. Without credentials or over
     * plain http it is built with {@code allowInsecure()}, and each writer logs a warning.
     *
     * @throws IllegalArgumentException naming the option that is wrong (a malformed URL, ...)
     */
    public InfluxSink sink() {
        InfluxSink.Builder b = InfluxSink.builder().url(url).database(database);
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
