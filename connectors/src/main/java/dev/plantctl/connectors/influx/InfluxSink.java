package dev.plantctl.connectors.influx;

import dev.plantctl.connectors.Secret;
import dev.plantctl.connectors.influx.internal.InfluxSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Sink V2 that writes {@link InfluxPoint}s to InfluxDB over the v1 HTTP API ({@code POST /write}, line protocol),
 * which InfluxDB 1.x, 2.x (v1 compatibility) and 3.x all serve.
 *
 * <p>It speaks line protocol over {@code java.net.http} rather than through {@code org.influxdb:influxdb-java}:
 * that client brings OkHttp, Retrofit, Moshi and msgpack onto the job's class path and reports failures only to a
 * handler, while this sink needs the status code of every request and the server's error text per point.
 *
 * <p><b>Telemetry never holds up the job.</b> {@code write} puts the point's line into a bounded in-memory queue
 * ({@link Builder#maxQueuedPoints}) and returns; a sender thread per subtask sends batches of
 * {@link Builder#batchSize} points, at least every {@link Builder#flushInterval}. A checkpoint does not wait for
 * the server. No server problem fails the task:
 * <ul>
 *   <li><b>Refused points</b> (HTTP 400 and other 4xx but 408/429; e.g. {@code partial write: field type
 *       conflict}): the batch is split in halves and sent again down to single points, so that every point the
 *       server accepts lands, and each refused point goes to the {@linkplain Builder#deadLetterFile dead-letter file}
 *       (JSON lines: the point, the HTTP status, the server's error text, the server, the time). 401, 403 and 404
 *       (credentials, permissions, an unknown database) dead-letter the whole batch. A refused point is never
 *       retried.</li>
 *   <li><b>Outages</b> (refused connections, timeouts of {@link Builder#requestTimeout}, 408, 429, 5xx): the points
 *       go to a disk spill in {@link Builder#spillDirectory} ({@code subtask-<n>} per subtask, at most
 *       {@link Builder#spillMaxBytes} unread bytes), and the sender retries its head with backoff (100 ms doubling
 *       to 30 s) until the server answers, then drains the spill in order before newer points.</li>
 * </ul>
 *
 * <p><b>Delivery guarantee.</b> At a checkpoint the writer moves the points still queued in memory to the spill (a
 * disk append, no request), so every point written before a checkpoint is then delivered, refused (in the
 * dead-letter file), on disk, in the one batch being sent, or counted as dropped. At-least-once for every point that
 * reached the spill, for as long as the spill directory holds: across outages of any length, and across task and job
 * restarts (a new writer on the same directory drains what the last one left before anything new; a closing writer
 * moves its queue there too). A point written twice (a drain repeated after a crash, a split batch) lands on the same
 * series and timestamp and overwrites itself. Lost, and counted in {@code pointsDropped}: points offered while the
 * in-memory queue is full (the sender is behind by {@code maxQueuedPoints}) and points that no longer fit into a
 * full spill (the newest are dropped, so what is kept is one unbroken stretch from the outage's start). Lost
 * uncounted, when a process dies without closing its writer: the batch being sent (at most {@code batchSize}
 * points) and what was queued since the last checkpoint, which the restored job writes again from its sources
 * only if they replay it: the price of checkpoints that never wait for the server. Points reach the spill in the
 * order they were queued, except that a batch being sent when the outage began follows what a checkpoint moved
 * there meanwhile; InfluxDB orders by timestamp, not by arrival. At the end of input the writer waits at most
 * {@link Builder#drainTimeout} for the last points to land; what is left stays in the spill. Each writer saves an
 * {@link InfluxSinkReport} in its spill subdirectory when it closes.
 *
 * <p>Metrics: the standard {@code numRecordsSend} (points written) and {@code numRecordsSendErrors} (points
 * dead-lettered or dropped), and counters {@code pointsWritten}, {@code pointsDeadLettered}, {@code pointsSpilled},
 * {@code pointsDrained}, {@code pointsDropped}; gauges {@code queuedPoints}, {@code spilledPoints},
 * {@code spillBytes}.
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
    /** Default bound of the in-memory queue between the task thread and the sender. */
    public static final int DEFAULT_MAX_QUEUED_POINTS = 100_000;
    /** Default timeout of one request. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default bound of the unread bytes in a subtask's disk spill: 256 MiB. */
    public static final long DEFAULT_SPILL_MAX_BYTES = 256L * 1024 * 1024;
    /** Default time the end of input waits for the last points to land. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;

    private InfluxSink(Settings settings) {
        this.settings = settings;
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SinkWriter<InfluxPoint> createWriter(WriterInitContext context) throws IOException {
        return new InfluxSinkWriter(settings, context.getProcessingTimeService(), context.metricGroup(),
                context.getTaskInfo().getIndexOfThisSubtask());
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
     * @param maxQueuedPoints   bound of the in-memory queue
     * @param requestTimeout    timeout of one request
     * @param deadLetterFile    where refused points go (JSON lines)
     * @param spillDir          the directory of the disk spill (a subdirectory per subtask)
     * @param spillMaxBytes     bound of a subtask's spill
     * @param drainTimeout      how long the end of input waits for the last points
     */
    public record Settings(String url, String database, String retentionPolicy, String user, Secret password,
                           Secret token, boolean insecure, int batchSize, Duration flushInterval,
                           int maxQueuedPoints, Duration requestTimeout, String deadLetterFile, String spillDir,
                           long spillMaxBytes, Duration drainTimeout) implements Serializable {

        /** The dead-letter file. */
        public Path deadLetterPath() {
            return Path.of(deadLetterFile);
        }

        /** The spill directory. */
        public Path spillDirectory() {
            return Path.of(spillDir);
        }
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
        private int maxQueuedPoints = DEFAULT_MAX_QUEUED_POINTS;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Path deadLetterFile;
        private Path spillDirectory;
        private long spillMaxBytes = DEFAULT_SPILL_MAX_BYTES;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

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

        /** Bound of the in-memory queue between the task thread and the sender; at least the batch size. */
        public Builder maxQueuedPoints(int max) {
            this.maxQueuedPoints = max;
            return this;
        }

        /** The telemetry dead-letter file, JSON lines, appended to (required). */
        public Builder deadLetterFile(Path file) {
            this.deadLetterFile = file;
            return this;
        }

        /**
         * The directory of the disk spill (required; a subdirectory per subtask). It must survive a task restart for
         * the spilled points to survive it: a local disk of the task manager, not a temporary directory that is
         * wiped.
         */
        public Builder spillDirectory(Path dir) {
            this.spillDirectory = dir;
            return this;
        }

        /** Bound of the unread bytes in a subtask's spill; at least 1 KiB (default 256 MiB). */
        public Builder spillMaxBytes(long max) {
            this.spillMaxBytes = max;
            return this;
        }

        /** How long the end of input waits for the last points to land; zero or positive. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /** Timeout of one request; positive. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
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
            if (maxQueuedPoints < batchSize) {
                throw new IllegalArgumentException(NAME + ": option 'maxQueuedPoints' must be >= batchSize ("
                        + batchSize + "), got " + maxQueuedPoints);
            }
            requirePositive("flushInterval", flushInterval);
            requirePositive("requestTimeout", requestTimeout);
            if (deadLetterFile == null) {
                throw new IllegalArgumentException(NAME + ": option 'deadLetterFile' is required (where refused "
                        + "points go)");
            }
            if (spillDirectory == null) {
                throw new IllegalArgumentException(NAME + ": option 'spillDirectory' is required (where points wait "
                        + "while InfluxDB is unreachable)");
            }
            if (spillMaxBytes < 1024) {
                throw new IllegalArgumentException(NAME + ": option 'spillMaxBytes' must be >= 1024, got "
                        + spillMaxBytes);
            }
            if (drainTimeout == null || drainTimeout.isNegative()) {
                throw new IllegalArgumentException(NAME + ": option 'drainTimeout' must be zero or positive, got "
                        + drainTimeout);
            }
            return new InfluxSink(new Settings(url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
                    database, retentionPolicy, user, password, token, insecure, batchSize, flushInterval,
                    maxQueuedPoints, requestTimeout, deadLetterFile.toString(), spillDirectory.toString(),
                    spillMaxBytes, drainTimeout));
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
