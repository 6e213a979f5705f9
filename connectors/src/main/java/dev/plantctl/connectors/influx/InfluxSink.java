package dev.plantctl.connectors.influx;

import dev.plantctl.connectors.Secret;
import dev.plantctl.connectors.influx.internal.InfluxSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * A Sink V2 that writes {@link InfluxPoint}s to InfluxDB over the v1 HTTP API ({@code POST /write}, line protocol),
 * which InfluxDB 1.x, 2.x (v1 compatibility) and 3.x all serve.
 *
 * <p>It speaks line protocol over {@code java.net.http} rather than through {@code org.influxdb:influxdb-java}:
 * that client brings OkHttp, Retrofit, Moshi and msgpack onto the job's class path, and its batching thread drops
 * points when a retry buffer fills and reports failures only to a handler, while this sink needs the status code of
 * every request (retry or fail), the server's error text (to quote the refused line) and a flush it can wait for.
 *
 * <p>Delivery guarantee: at-least-once. Points are sent in batches of {@link Builder#batchSize} or every
 * {@link Builder#flushInterval}; a checkpoint waits until every point written before it was accepted by the server
 * (flush on checkpoint), so a replay after a failure starts from points that all reached the database. A point
 * written twice (a replay) lands on the same series and timestamp and overwrites itself. Server errors (5xx),
 * timeouts and refused connections are retried with exponential backoff (100 ms doubling up to 5 s) until
 * {@link Builder#retryTimeout}, then the task fails naming the server. A 4xx answer fails the task at once with the
 * server's reason, quoting the refused line (a malformed line, a field type conflict, an unknown database, refused
 * credentials): retrying would not mend it.
 *
 * <p>Backpressure: at most {@link Builder#maxBufferedPoints} points are buffered or in flight; {@code write} waits
 * beyond that, so a stalled database slows the job instead of filling its memory. Metrics: {@code pointsWritten},
 * {@code requestsRetried}, {@code pointsRefused}, {@code bufferedPoints} (gauges).
 *
 * <p>Secure is the default: {@code https} URLs and credentials (user and password, or a token, from a
 * {@link Secret}). A plain {@code http} URL or no credentials must be asked for with {@link Builder#allowInsecure()},
 * and the writer then logs a warning.
 */
public final class InfluxSink implements Sink<InfluxPoint> {

    private static final long serialVersionUID = 1L;

    /** Default points per request. */
    public static final int DEFAULT_BATCH_SIZE = 5_000;
    /** Default time after which a partial batch is sent. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Default bound of buffered and in-flight points. */
    public static final int DEFAULT_MAX_BUFFERED_POINTS = 50_000;
    /** Default timeout of one request. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a batch may be retried before the task fails. */
    public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofMinutes(2);

    private final Settings settings;

    private InfluxSink(Settings settings) {
        this.settings = settings;
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SinkWriter<InfluxPoint> createWriter(WriterInitContext context) {
        return new InfluxSinkWriter(settings, context.getProcessingTimeService(), context.metricGroup());
    }

    /**
     * The writer's settings, validated by the builder.
     *
     * @param url               the server's base URL
     * @param database          the database
     * @param retentionPolicy   the retention policy, or null for the database's default
     * @param user              the user for basic authentication, or null
     * @param password          the user's password, or null
     * @param token             a token ({@code Authorization: Token ...}), or null
     * @param insecure          true when asked for without TLS or credentials
     * @param batchSize         points per request
     * @param flushInterval     time after which a partial batch is sent
     * @param maxBufferedPoints bound of buffered and in-flight points
     * @param requestTimeout    timeout of one request
     * @param retryTimeout      how long a batch may be retried
     */
    public record Settings(String url, String database, String retentionPolicy, String user, Secret password,
                           Secret token, boolean insecure, int batchSize, Duration flushInterval,
                           int maxBufferedPoints, Duration requestTimeout, Duration retryTimeout)
            implements Serializable {
    }

    /** Builds an {@link InfluxSink}; {@link #build()} checks every option and names the bad one. */
    public static final class Builder {
        private static final String NAME = "InfluxDB sink";

        private String url;
        private String database;
        private String retentionPolicy;
        private String user;
        private Secret password;
        private Secret token;
        private boolean insecure;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int maxBufferedPoints = DEFAULT_MAX_BUFFERED_POINTS;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration retryTimeout = DEFAULT_RETRY_TIMEOUT;

        private Builder() {
        }

        /** The server's base URL, {@code https://host:port} (required). */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** The database (required; with InfluxDB 2.x/3.x, the bucket mapped to it). */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /** The retention policy (default: the database's default). */
        public Builder retentionPolicy(String retentionPolicy) {
            this.retentionPolicy = retentionPolicy;
            return this;
        }

        /** Basic authentication with a user and a password from a secret. */
        public Builder credentials(String user, Secret password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** Token authentication ({@code Authorization: Token ...}, InfluxDB 2.x/3.x). */
        public Builder token(Secret token) {
            this.token = token;
            return this;
        }

        /** Allows a plain {@code http} URL and no credentials; every writer logs a warning. */
        public Builder allowInsecure() {
            this.insecure = true;
            return this;
        }

        /** Points per request; 1 … 1,000,000. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Time after which a partial batch is sent; positive. */
        public Builder flushInterval(Duration interval) {
            this.flushInterval = interval;
            return this;
        }

        /** Bound of buffered and in-flight points; at least the batch size. */
        public Builder maxBufferedPoints(int max) {
            this.maxBufferedPoints = max;
            return this;
        }

        /** Timeout of one request; positive. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** How long a batch may be retried before the task fails; positive. */
        public Builder retryTimeout(Duration timeout) {
            this.retryTimeout = timeout;
            return this;
        }

        /**
         * The sink.
         *
         * @throws IllegalArgumentException naming the option that is missing, malformed or out of range
         */
        public InfluxSink build() {
            checkUrl();
            if (database == null || database.isBlank()) {
                throw new IllegalArgumentException(NAME + ": option 'database' is required");
            }
            if (user != null && token != null) {
                throw new IllegalArgumentException(NAME + ": give option 'credentials' or option 'token', not both");
            }
            if (user != null) {
                if (user.isBlank()) {
                    throw new IllegalArgumentException(NAME + ": option 'credentials' has an empty user");
                }
                if (password == null) {
                    throw new IllegalArgumentException(NAME + ": option 'credentials' has no password");
                }
                password.check(NAME + ": option 'password'");
            }
            if (token != null) {
                token.check(NAME + ": option 'token'");
            }
            if (!insecure && user == null && token == null) {
                throw new IllegalArgumentException(NAME + ": option 'credentials' (or 'token') is missing; to write "
                        + "without authentication say so with allowInsecure()");
            }
            if (batchSize < 1 || batchSize > 1_000_000) {
                throw new IllegalArgumentException(NAME + ": option 'batchSize' must be 1 … 1000000, got " + batchSize);
            }
            if (maxBufferedPoints < batchSize) {
                throw new IllegalArgumentException(NAME + ": option 'maxBufferedPoints' must be >= batchSize ("
                        + batchSize + "), got " + maxBufferedPoints);
            }
            requirePositive("flushInterval", flushInterval);
            requirePositive("requestTimeout", requestTimeout);
            requirePositive("retryTimeout", retryTimeout);
            return new InfluxSink(new Settings(url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
                    database, retentionPolicy, user, password, token, insecure, batchSize, flushInterval,
                    maxBufferedPoints, requestTimeout, retryTimeout));
        }

        private void checkUrl() {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException(NAME + ": option 'url' is required");
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(NAME + ": option 'url' '" + url + "' is malformed: " + e.getMessage(),
                        e);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(NAME + ": option 'url' '" + url
                        + "' must look like https://host:port");
            }
            if ("http".equals(uri.getScheme()) && !insecure) {
                throw new IllegalArgumentException(NAME + ": option 'url' '" + url + "' is not TLS (https); to write "
                        + "over plain http say so with allowInsecure()");
            }
        }

        private static void requirePositive(String option, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(NAME + ": option '" + option + "' must be positive, got " + d);
            }
        }
    }
}
