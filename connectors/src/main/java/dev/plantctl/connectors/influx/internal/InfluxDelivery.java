package dev.plantctl.connectors.influx.internal;

import dev.plantctl.connectors.influx.InfluxSink;
import dev.plantctl.connectors.influx.InfluxSinkReport;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers line-protocol points to InfluxDB on a thread of its own, so that the task thread only ever puts points
 * into a bounded in-memory queue ({@link #offer}, never waiting).
 *
 * <p>The sender takes batches from the queue, or, while the disk spill holds anything, from the spill (older points
 * first; new points then go to the spill behind them). Each request has one of three outcomes:
 * <ul>
 *   <li>2xx: the points landed.</li>
 *   <li>A refusal (a 4xx other than 408 and 429; 400, 413, 422 and the like): the batch is taken apart until every
 *       point has landed or been refused. When the server says that it dropped every point of the request
 *       ({@code dropped=N}, InfluxDB 1.x), they are all refused with its reason. When it names a measurement
 *       ({@code ... on measurement "reading" ...}, a field type conflict), that measurement's points are sent apart
 *       from the others. Otherwise the request is split in halves, down to single points. InfluxDB 1.x already wrote
 *       the good points of its "partial write"; writing a point again overwrites it with itself. Each refused point
 *       goes to the dead-letter file with the server's reason and is never retried. 401, 403 and 404 (credentials,
 *       permissions, an unknown database) are not about a point: the whole batch goes to the dead-letter file at
 *       once.</li>
 *   <li>An outage (refused connection, timeout, 408, 429, 5xx): the batch goes to the spill (or stays there), and
 *       the sender waits (100 ms doubling to 30 s), moving new points from the queue to the spill meanwhile, then
 *       tries the spill's head again. Retried until the server answers; the spill's bound caps what is kept.</li>
 * </ul>
 * A batch is delivered as a whole or not at all: its dead letters are written, and its points counted, only once
 * every part of it was answered. An outage in the middle of taking a batch apart leaves the whole batch to be sent
 * again (the parts that landed overwrite themselves), so no point is dead-lettered or counted twice.
 */
public final class InfluxDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxDelivery.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int MAX_DISTINCT_REASONS = 20;

    private final InfluxSink.Settings settings;
    private final InfluxWriteRequests requests;
    private final BlockingQueue<String> queue;
    private final SpillBuffer spill;
    private final TelemetryDeadLetterFile deadLetters;
    private final Thread sender;

    private final Counter written = new ThreadSafeSimpleCounter();
    private final Counter deadLettered = new ThreadSafeSimpleCounter();
    private final Counter spilled = new ThreadSafeSimpleCounter();
    private final Counter drained = new ThreadSafeSimpleCounter();
    private final Counter dropped = new ThreadSafeSimpleCounter();
    private final AtomicLong outages = new AtomicLong();
    private final AtomicLong unreachableMillis = new AtomicLong();
    private final Map<String, Long> refusals = new LinkedHashMap<>();
    private volatile String lastOutageCause;
    private volatile long outageSince = -1;
    /** Points taken by {@link #offer} that are neither delivered nor in the spill yet. */
    private final AtomicLong inMemory = new AtomicLong();
    private volatile boolean closing;
    /** Set by an outage, cleared (and said in the log) when the spill is empty again. */
    private boolean drainingAfterOutage;

    /**
     * Starts the sender.
     *
     * @param spill       the disk spill, owned (closed) by this delivery from now on
     * @param deadLetters where refused points go
     */
    public InfluxDelivery(InfluxSink.Settings settings, SpillBuffer spill, TelemetryDeadLetterFile deadLetters,
                          String threadName) {
        this.settings = settings;
        this.spill = spill;
        this.deadLetters = deadLetters;
        this.queue = new ArrayBlockingQueue<>(settings.maxQueuedPoints());
        this.requests = new InfluxWriteRequests(settings);
        if (!spill.isEmpty()) {
            LOG.info("InfluxDB sink found {} points left in {}: drains them first", spill.records(),
                    spill.directory());
        }
        this.sender = new Thread(this::run, threadName);
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues a point for sending; never waits. When the queue is full the point is dropped and counted. */
    public void offer(String line) {
        inMemory.incrementAndGet();
        if (!queue.offer(line)) {
            inMemory.decrementAndGet();
            dropped.inc();
            if (dropped.getCount() % 10_000 == 1) {
                LOG.warn("InfluxDB sink: in-memory queue of {} points is full (the sender is behind {}); dropping "
                        + "points, {} so far", settings.maxQueuedPoints(), settings.url(), dropped.getCount());
            }
        }
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!closing) {
            try {
                boolean outage = spill.isEmpty() ? sendFromQueue() : sendFromSpill();
                if (outage) {
                    waitSpilling(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
                            : backoff.multipliedBy(2);
                } else {
                    backoff = FIRST_BACKOFF;
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closing) {
                    return;
                }
                // The spill cannot be read: say so and keep going; the task goes on.
                LOG.error("InfluxDB sink: {}", e.getMessage(), e);
                // Wait before trying again; meanwhile the queue may fill, and what does not fit is counted as dropped.
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = MAX_BACKOFF;
            }
        }
    }

    /** @return true when the server was unreachable */
    private boolean sendFromQueue() throws InterruptedException {
        String first = queue.poll(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        List<String> batch = new ArrayList<>(Math.min(settings.batchSize(), queue.size() + 1));
        batch.add(first);
        queue.drainTo(batch, settings.batchSize() - 1);
        boolean delivered = deliver(batch);
        if (!delivered) {
            toSpill(batch);
        }
        inMemory.addAndGet(-batch.size());
        return !delivered;
    }

    private boolean sendFromSpill() throws IOException {
        moveQueueToSpill();
        List<String> batch = spill.peek(settings.batchSize());
        if (!deliver(batch)) {
            return true;
        }
        spill.remove(batch.size());
        drained.inc(batch.size());
        if (spill.isEmpty() && drainingAfterOutage) {
            drainingAfterOutage = false;
            LOG.info("InfluxDB sink: the spill in {} is drained ({} points in all)", spill.directory(),
                    drained.getCount());
        }
        return false;
    }

    private void waitSpilling(Duration backoff) throws InterruptedException {
        long until = System.nanoTime() + backoff.toNanos();
        long left;
        while (!closing && (left = until - System.nanoTime()) > 0) {
            String line = queue.poll(left, TimeUnit.NANOSECONDS);
            if (line != null) {
                List<String> lines = new ArrayList<>();
                lines.add(line);
                queue.drainTo(lines);
                toSpill(lines);
                inMemory.addAndGet(-lines.size());
            }
        }
    }

    /**
     * Moves what waits in memory into the spill, on the caller's thread (the task thread at a checkpoint): a disk
     * append, no request. From then on those points survive a crash of the process as well.
     */
    public void persistQueued() {
        moveQueueToSpill();
    }

    private void moveQueueToSpill() {
        List<String> lines = new ArrayList<>();
        queue.drainTo(lines);
        if (!lines.isEmpty()) {
            toSpill(lines);
            inMemory.addAndGet(-lines.size());
        }
    }

    /** Appends to the spill; what does not fit, or what a failing disk refuses, is dropped and counted. */
    private void toSpill(List<String> lines) {
        int kept;
        try {
            kept = spill.append(lines);
        } catch (IOException e) {
            dropped.inc(lines.size());
            LOG.error("InfluxDB sink: cannot write the spill in {}: {}; {} points dropped ({} so far)",
                    spill.directory(), e.getMessage(), lines.size(), dropped.getCount(), e);
            return;
        }
        spilled.inc(kept);
        if (kept < lines.size()) {
            long before = dropped.getCount();
            dropped.inc(lines.size() - kept);
            if (before == 0 || before / 10_000 != (before + lines.size() - kept) / 10_000) {
                LOG.warn("InfluxDB sink: the spill in {} is full ({} bytes): dropping the newest points, {} so far",
                        spill.directory(), settings.spillMaxBytes(), dropped.getCount());
            }
        }
    }

    /**
     * Sends a batch, taking it apart on refusals.
     *
     * @return true when every point was answered (written or dead-lettered), false when the server became
     *     unreachable first: then nothing of the batch is counted or dead-lettered, and all of it is sent again
     */
    private boolean deliver(List<String> batch) {
        Deque<List<String>> work = new ArrayDeque<>();
        work.push(batch);
        long landed = 0;
        Map<InfluxAnswer, List<String>> refused = new LinkedHashMap<>();
        while (!work.isEmpty()) {
            List<String> part = work.pop();
            InfluxAnswer answer = requests.post(part);
            switch (answer.kind()) {
                case WRITTEN -> landed += part.size();
                case REFUSED -> {
                    List<List<String>> pieces = answer.aboutTheWholeRequest() || answer.dropped() == part.size()
                            ? List.of() : split(part, answer.measurement());
                    if (pieces.isEmpty()) {
                        refused.computeIfAbsent(answer, a -> new ArrayList<>()).addAll(part);
                    } else {
                        pieces.forEach(work::push);
                    }
                }
                case UNREACHABLE -> {
                    if (!closing) {
                        serverUnreachable(answer.error());
                    }
                    return false;
                }
            }
        }
        serverReachable();
        written.inc(landed);
        for (Map.Entry<InfluxAnswer, List<String>> r : refused.entrySet()) {
            try {
                deadLetter(r.getValue(), r.getKey());
            } catch (IOException e) {
                dropped.inc(r.getValue().size());
                LOG.error("InfluxDB at {} refused {} point(s) ({}), and the dead-letter file cannot take them: {}; "
                        + "dropped", settings.url(), r.getValue().size(), r.getKey().error(), e.getMessage(), e);
            }
        }
        return true;
    }

    /**
     * The parts to send again: the points of the measurement the server named apart from the others, or else two
     * halves; none for a single point.
     */
    private static List<List<String>> split(List<String> part, String measurement) {
        if (part.size() < 2) {
            return List.of();
        }
        if (measurement != null) {
            List<String> named = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (String line : part) {
                (measurement.equals(LineProtocol.measurement(line)) ? named : others).add(line);
            }
            if (!named.isEmpty() && !others.isEmpty()) {
                return List.of(named, others);
            }
        }
        int half = part.size() / 2;
        return List.of(part.subList(half, part.size()), part.subList(0, half));
    }

    private void deadLetter(List<String> points, InfluxAnswer answer) throws IOException {
        deadLetters.append(points, answer.status(), answer.error(), Instant.now());
        long before = deadLettered.getCount();
        deadLettered.inc(points.size());
        String reason = answer.reason();
        synchronized (refusals) {
            if (refusals.containsKey(reason) || refusals.size() < MAX_DISTINCT_REASONS) {
                refusals.merge(reason, (long) points.size(), Long::sum);
            } else {
                refusals.merge("other reasons", (long) points.size(), Long::sum);
            }
        }
        if (before == 0 || before / 1_000 != (before + points.size()) / 1_000) {
            LOG.warn("InfluxDB at {} refused {} point(s) (HTTP {}: {}), e.g. {}; in {} ({} so far)", settings.url(),
                    points.size(), answer.status(), answer.error(), points.get(0), deadLetters.file(),
                    deadLettered.getCount());
        }
    }

    private void serverReachable() {
        if (outageSince >= 0) {
            long millis = (System.nanoTime() - outageSince) / 1_000_000;
            unreachableMillis.addAndGet(millis);
            outageSince = -1;
            LOG.info("InfluxDB at {} is reachable again after {} ms; draining {} spilled points", settings.url(),
                    millis, spill.records());
        }
    }

    private void serverUnreachable(String cause) {
        lastOutageCause = cause;
        drainingAfterOutage = true;
        if (outageSince < 0) {
            outageSince = System.nanoTime();
            outages.incrementAndGet();
            LOG.warn("InfluxDB at {} is unreachable ({}): spilling points to {} (at most {} bytes) until it is back",
                    settings.url(), cause, spill.directory(), settings.spillMaxBytes());
        }
    }

    /** Points waiting in memory. */
    public int queued() {
        return queue.size();
    }

    /** Points waiting in the spill. */
    public long inSpill() {
        return spill.records();
    }

    /** Bytes waiting in the spill. */
    public long spillBytes() {
        return spill.bytes();
    }

    /** Points the server took (thread-safe, for the metrics). */
    public Counter written() {
        return written;
    }

    /** Points refused and dead-lettered (thread-safe, for the metrics). */
    public Counter deadLettered() {
        return deadLettered;
    }

    /** Points put into the spill (thread-safe, for the metrics). */
    public Counter spilled() {
        return spilled;
    }

    /** Points taken out of the spill and delivered (thread-safe, for the metrics). */
    public Counter drained() {
        return drained;
    }

    /** Points dropped because the queue or the spill was full (thread-safe, for the metrics). */
    public Counter dropped() {
        return dropped;
    }

    /** True when nothing waits: every point offered was delivered, dead-lettered or dropped. */
    public boolean idle() {
        return inMemory.get() == 0 && spill.isEmpty();
    }

    /**
     * Waits until nothing waits or the timeout passed.
     *
     * @return true when everything was delivered
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!idle()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** What happened so far. */
    public InfluxSinkReport report() {
        long unreachable = unreachableMillis.get();
        long since = outageSince;
        if (since >= 0) {
            unreachable += (System.nanoTime() - since) / 1_000_000;
        }
        Map<String, Long> reasons;
        synchronized (refusals) {
            reasons = new LinkedHashMap<>(refusals);
        }
        return new InfluxSinkReport(settings.url(), written.getCount(), deadLettered.getCount(), reasons,
                deadLetters.file().toString(), spilled.getCount(), drained.getCount(), spill.records(),
                spill.directory().toString(), dropped.getCount(), outages.get(), unreachable, lastOutageCause);
    }

    /**
     * Stops the sender (a request in flight is abandoned; its points not yet delivered go to the spill), moves the
     * queued points to the spill for the next writer, closes the spill and saves the report
     * beside it.
     */
    @Override
    public void close() throws IOException {
        closing = true;
        sender.interrupt();
        boolean interrupted = false;
        try {
            sender.join(settings.requestTimeout().toMillis() + 1_000);
        } catch (InterruptedException e) {
            // A cancelled task is interrupted while it closes: still save the queue, then pass the interrupt on.
            interrupted = true;
        }
        try {
            moveQueueToSpill();
        } finally {
            spill.close();
            report().save(spill.directory().resolve(InfluxSinkReport.FILE));
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
