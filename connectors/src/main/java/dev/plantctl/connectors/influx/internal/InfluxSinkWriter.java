package dev.plantctl.connectors.influx.internal;

import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.connectors.influx.InfluxSink;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Buffers points as lines and sends them in batches, one request at a time, while the next batch fills. A batch is
 * retried on 5xx, timeouts and refused connections with capped exponential backoff; a 4xx fails the writer with the
 * server's reason and the refused line. All waiting happens in {@code write} (buffer full) and {@code flush}
 * (checkpoint), on the task thread.
 */
public final class InfluxSinkWriter implements SinkWriter<InfluxPoint> {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Pattern UNPARSABLE = Pattern.compile("unable to parse '([^']*)'");
    private static final Pattern MEASUREMENT = Pattern.compile("on measurement \"([^\"]+)\"");

    private final InfluxSink.Settings settings;
    private final ProcessingTimeService timers;
    private final HttpClient http;
    private final URI writeUri;
    private final String authorization;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private List<String> buffer = new ArrayList<>();
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    private int inFlightPoints;

    public InfluxSinkWriter(InfluxSink.Settings settings, ProcessingTimeService timers, MetricGroup metrics) {
        this.settings = settings;
        this.timers = timers;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        StringBuilder uri = new StringBuilder(settings.url()).append("/write?precision=ns&db=")
                .append(URLEncoder.encode(settings.database(), StandardCharsets.UTF_8));
        if (settings.retentionPolicy() != null) {
            uri.append("&rp=").append(URLEncoder.encode(settings.retentionPolicy(), StandardCharsets.UTF_8));
        }
        this.writeUri = URI.create(uri.toString());
        if (settings.user() != null) {
            authorization = "Basic " + Base64.getEncoder().encodeToString((settings.user() + ":"
                    + settings.password().value()).getBytes(StandardCharsets.UTF_8));
        } else if (settings.token() != null) {
            authorization = "Token " + settings.token().value();
        } else {
            authorization = null;
        }
        if (settings.insecure() && (authorization == null || settings.url().startsWith("http:"))) {
            LOG.warn("InfluxDB sink writes to {} without the secure defaults ({}{}): fit for loopback and tests only",
                    settings.url(), settings.url().startsWith("http:") ? "no TLS" : "TLS",
                    authorization == null ? ", no authentication" : "");
        }
        metrics.gauge("pointsWritten", written::get);
        metrics.gauge("requestsRetried", retried::get);
        metrics.gauge("pointsRefused", refused::get);
        metrics.gauge("bufferedPoints", () -> buffer.size() + inFlightPoints);
        scheduleFlush();
    }

    private void scheduleFlush() {
        timers.registerTimer(timers.getCurrentProcessingTime() + settings.flushInterval().toMillis(), time -> {
            if (!buffer.isEmpty() && inFlight.isDone()) {
                dispatch();
            }
            scheduleFlush();
        });
    }

    @Override
    public void write(InfluxPoint point, Context context) throws IOException, InterruptedException {
        buffer.add(point.toLineProtocol());
        if (buffer.size() >= settings.batchSize()) {
            if (!inFlight.isDone() && buffer.size() + inFlightPoints < settings.maxBufferedPoints()) {
                return; // keep filling while the previous batch travels
            }
            dispatch();
        }
    }

    /** Waits for the request in flight, then sends the buffer (in batches, one after the other). */
    private void dispatch() throws IOException, InterruptedException {
        awaitInFlight();
        List<String> lines = buffer;
        buffer = new ArrayList<>();
        inFlightPoints = lines.size();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < lines.size(); from += settings.batchSize()) {
            List<String> batch = lines.subList(from, Math.min(lines.size(), from + settings.batchSize()));
            chain = chain.thenCompose(v -> send(batch, System.nanoTime() + settings.retryTimeout().toNanos(),
                    FIRST_BACKOFF));
        }
        inFlight = chain;
    }

    private void awaitInFlight() throws IOException, InterruptedException {
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
                    : e.getCause();
            throw cause instanceof IOException io ? new IOException(io.getMessage(), io)
                    : new IOException("InfluxDB sink failed: " + cause, cause);
        } finally {
            if (inFlight.isDone()) {
                inFlightPoints = 0;
            }
        }
    }

    private CompletableFuture<Void> send(List<String> batch, long deadlineNanos, Duration backoff) {
        HttpRequest.Builder request = HttpRequest.newBuilder(writeUri).timeout(settings.requestTimeout())
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", batch)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error == null && response.statusCode() / 100 == 2) {
                        written.addAndGet(batch.size());
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    if (error == null && response.statusCode() / 100 == 4 && response.statusCode() != 408
                            && response.statusCode() != 429) {
                        refused.addAndGet(batch.size());
                        return CompletableFuture.<Void>failedFuture(refusal(response, batch));
                    }
                    String problem = error != null ? describe(error)
                            : "HTTP " + response.statusCode() + " " + response.body().strip();
                    if (System.nanoTime() + backoff.toNanos() > deadlineNanos) {
                        return CompletableFuture.<Void>failedFuture(new IOException("InfluxDB at " + settings.url()
                                + " did not take a batch of " + batch.size() + " points within retryTimeout "
                                + settings.retryTimeout() + "; last: " + problem));
                    }
                    retried.incrementAndGet();
                    LOG.warn("InfluxDB at {} did not take a batch of {} points ({}); retrying in {} ms", settings.url(),
                            batch.size(), problem, backoff.toMillis());
                    Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
                            : backoff.multipliedBy(2);
                    return CompletableFuture.runAsync(() -> { },
                                    CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS))
                            .thenCompose(v -> send(batch, deadlineNanos, next));
                })
                .thenCompose(f -> f);
    }

    private IOException refusal(HttpResponse<String> response, List<String> batch) {
        String body = response.body().strip().replace("\\\"", "\"").replace("\\n", "; ");
        String line = null;
        Matcher unparsable = UNPARSABLE.matcher(body);
        if (unparsable.find()) {
            line = unparsable.group(1);
        } else {
            Matcher measurement = MEASUREMENT.matcher(body);
            if (measurement.find()) {
                String prefix = measurement.group(1);
                line = batch.stream().filter(l -> l.startsWith(prefix + ",") || l.startsWith(prefix + " "))
                        .findFirst().orElse(null);
            }
        }
        String what = switch (response.statusCode()) {
            case 401, 403 -> "refused the credentials";
            case 404 -> "does not know the database or endpoint";
            default -> "refused a batch of " + batch.size() + " points";
        };
        return new IOException("InfluxDB at " + settings.url() + " " + what + " (HTTP " + response.statusCode()
                + "): " + body + (line == null ? "" : "; offending line: " + line));
    }

    private static String describe(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Sends what is buffered and waits until the server took every point (the checkpoint waits for this). */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (!buffer.isEmpty()) {
            dispatch();
        }
        awaitInFlight();
    }

    @Override
    public void close() {
        inFlight.cancel(true);
        if (!buffer.isEmpty()) {
            LOG.warn("InfluxDB sink closes with {} points unsent; the job's replay writes them again", buffer.size());
        }
    }
}
