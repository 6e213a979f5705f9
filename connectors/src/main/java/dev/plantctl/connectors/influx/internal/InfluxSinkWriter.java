package dev.plantctl.connectors.influx.internal;

import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.connectors.influx.InfluxSink;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The task-thread side of the InfluxDB sink: turns points into line protocol and hands them to an
 * {@link InfluxDelivery}, which sends them on its own thread. Nothing here waits for the server: {@code write} only
 * queues, {@code flush} at a checkpoint moves the queue to the disk spill, and only the end of input waits, at most
 * {@code drainTimeout}, for the last points to land. A timer on the task thread copies the delivery's counts into
 * the standard metrics every flush interval.
 */
public final class InfluxSinkWriter implements SinkWriter<InfluxPoint> {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

    private final InfluxSink.Settings settings;
    private final ProcessingTimeService timers;
    private final InfluxDelivery delivery;
    private final Counter sent;
    private final Counter sendErrors;
    private long sentReported;
    private long errorsReported;

    /**
     * Opens the subtask's spill ({@code <spillDirectory>/subtask-<n>}, draining what an earlier writer left) and
     * starts the sender.
     *
     * @throws IOException naming the spill directory when it cannot be opened
     */
    public InfluxSinkWriter(InfluxSink.Settings settings, ProcessingTimeService timers, SinkWriterMetricGroup metrics,
                            int subtask) throws IOException {
        this.settings = settings;
        this.timers = timers;
        if (settings.insecure() && (settings.user() == null && settings.token() == null
                || settings.url().startsWith("http:"))) {
            LOG.warn("InfluxDB sink writes to {} without the secure defaults ({}{}): fit for loopback and tests only",
                    settings.url(), settings.url().startsWith("http:") ? "no TLS" : "TLS",
                    settings.user() == null && settings.token() == null ? ", no authentication" : "");
        }
        Path spillDir = settings.spillDirectory().resolve("subtask-" + subtask);
        SpillBuffer spill = SpillBuffer.open(spillDir, settings.spillMaxBytes());
        this.delivery = new InfluxDelivery(settings, spill,
                new TelemetryDeadLetterFile(settings.deadLetterPath(), settings.url()),
                "influxdb-sender-" + subtask);
        this.sent = metrics.getNumRecordsSendCounter();
        this.sendErrors = metrics.getNumRecordsSendErrorsCounter();
        metrics.counter("pointsWritten", delivery.written());
        metrics.counter("pointsDeadLettered", delivery.deadLettered());
        metrics.counter("pointsSpilled", delivery.spilled());
        metrics.counter("pointsDrained", delivery.drained());
        metrics.counter("pointsDropped", delivery.dropped());
        metrics.gauge("queuedPoints", delivery::queued);
        metrics.gauge("spilledPoints", delivery::inSpill);
        metrics.gauge("spillBytes", delivery::spillBytes);
        scheduleMetrics();
    }

    private void scheduleMetrics() {
        timers.registerTimer(timers.getCurrentProcessingTime() + settings.flushInterval().toMillis(), time -> {
            publishMetrics();
            scheduleMetrics();
        });
    }

    /** Copies the delivery's counts into Flink's counters, which are not for other threads. */
    private void publishMetrics() {
        long written = delivery.written().getCount();
        sent.inc(written - sentReported);
        sentReported = written;
        long errors = delivery.deadLettered().getCount() + delivery.dropped().getCount();
        sendErrors.inc(errors - errorsReported);
        errorsReported = errors;
    }

    @Override
    public void write(InfluxPoint point, Context context) {
        delivery.offer(point.toLineProtocol());
    }

    /**
     * At a checkpoint: moves the points still queued in memory to the disk spill (no request: the checkpoint never
     * waits for the server), so that every point written before the checkpoint is delivered, refused, on disk, in
     * the one batch in flight, or counted as dropped. At the end of input: waits at most {@code drainTimeout} for
     * every point to be delivered; what is left stays in the spill for the next writer.
     */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        if (!endOfInput) {
            delivery.persistQueued();
        } else if (!delivery.awaitIdle(settings.drainTimeout())) {
            LOG.warn("InfluxDB sink: input ended, but {} points were not delivered to {} within {}; they stay in {} "
                    + "for the next start", delivery.queued() + delivery.inSpill(), settings.url(),
                    settings.drainTimeout(), settings.spillDirectory());
        }
        publishMetrics();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        delivery.close();
    }
}
