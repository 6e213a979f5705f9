package dev.plantctl.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A real InfluxDB 1.x (the Debian package's {@code /usr/bin/influxd}, or {@code PLANTCTL_INFLUXD_BIN}) on free
 * loopback ports (HTTP API and the meta RPC port), with its data, WAL and meta store in a temporary directory, so
 * that written points survive {@link #killAndRestart()}: InfluxDB syncs its write-ahead log before it answers a
 * write.
 *
 * <pre>{@code
 * try (InfluxServer influx = InfluxServer.builder().start()) {
 *     influx.createDatabase("plant");
 *     String json = influx.query("plant", "SELECT count(*) FROM m");
 * }
 * }</pre>
 */
public final class InfluxServer extends ServerProcess {

    /** The environment variable naming the server executable. */
    public static final String BIN_VARIABLE = "PLANTCTL_INFLUXD_BIN";
    /** Where Debian installs the server. */
    public static final String DEFAULT_BIN = "/usr/bin/influxd";

    private final String executable;
    private final String user;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private InfluxServer(Builder b, Path directory, int port) {
        super("influxd", directory, port);
        this.executable = executable(BIN_VARIABLE, DEFAULT_BIN);
        this.user = b.user;
        this.password = b.password;
        write(directory.resolve("influxdb.conf"), String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + freePort() + "\"",
                "[meta]",
                "  dir = \"" + directory.resolve("meta") + "\"",
                "[data]",
                "  dir = \"" + directory.resolve("data") + "\"",
                "  wal-dir = \"" + directory.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[monitor]",
                "  store-enabled = false",
                "[http]",
                "  bind-address = \"127.0.0.1:" + port + "\"",
                "  log-enabled = false",
                "  auth-enabled = " + (user != null),
                "[continuous_queries]",
                "  enabled = false",
                ""));
    }

    /** A builder: no authentication. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected List<String> command() {
        return List.of(executable, "-config", directory().resolve("influxdb.conf").toString());
    }

    @Override
    protected boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The HTTP API's base URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Creates a database (a no-op when it exists). */
    public void createDatabase(String database) {
        post(null, "CREATE DATABASE \"" + database + "\"");
    }

    /**
     * Runs an InfluxQL query and returns the server's JSON answer as it came.
     *
     * @throws IllegalStateException when the server answers with an error status
     */
    public String query(String database, String influxQl) {
        return post(database, influxQl);
    }

    /**
     * Writes points in line protocol, timestamps in nanoseconds.
     *
     * @throws IllegalStateException when the server answers with an error status
     */
    public void write(String database, String lineProtocol) {
        send(HttpRequest.newBuilder(URI.create(url() + "/write?db=" + URLEncoder.encode(database, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(lineProtocol)), lineProtocol);
    }

    private String post(String database, String influxQl) {
        String form = "q=" + URLEncoder.encode(influxQl, StandardCharsets.UTF_8)
                + (database == null ? "" : "&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(url() + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), influxQl);
    }

    private String send(HttpRequest.Builder request, String influxQl) {
        request.timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("InfluxDB answered " + response.statusCode() + " to '" + influxQl
                        + "': " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB query '" + influxQl + "' failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during InfluxDB query '" + influxQl + "'", e);
        }
    }

    /** Options of an {@link InfluxServer}. */
    public static final class Builder {
        private String user;
        private String password;

        private Builder() {
        }

        /**
         * Turns authentication on and creates this user as the administrator once the server runs: every request
         * then needs these credentials (or a token made of them).
         */
        public Builder admin(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Writes the configuration into a temporary directory and starts the server on free ports. */
        public InfluxServer start() {
            InfluxServer server = new InfluxServer(this, tempDirectory("plantctl-influxdb-"), freePort());
            try {
                server.start();
                if (user != null) {
                    // With authentication on and no user yet, InfluxDB accepts exactly this statement unauthenticated.
                    server.post(null, "CREATE USER \"" + user + "\" WITH PASSWORD '" + password
                            + "' WITH ALL PRIVILEGES");
                }
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }
}
