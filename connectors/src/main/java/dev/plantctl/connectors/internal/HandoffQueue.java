package dev.plantctl.connectors.internal;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Hands records from a client library's callback threads to a source reader's task thread, with the
 * availability future that FLIP-27's {@code SourceReader.isAvailable()} expects: the future completes as soon
 * as a record (or a {@link #signal()}) arrives, and is re-armed only when the queue is seen empty, so no
 * wake-up is lost between a poll and the re-arming.
 *
 * @param <T> the record type
 */
public final class HandoffQueue<T> {

    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private CompletableFuture<Void> available = new CompletableFuture<>();

    /** Adds a record and wakes the task thread; callable from any thread. */
    public void add(T record) {
        queue.add(record);
        signal();
    }

    /** Wakes the task thread without a record (a failure to rethrow, an end of input to report). */
    public void signal() {
        synchronized (lock) {
            available.complete(null);
        }
    }

    /** The next record, or null when there is none. */
    public T poll() {
        return queue.poll();
    }

    /**
     * After a {@link #poll()} that found nothing: true when records arrived meanwhile; otherwise re-arms the
     * availability future and returns false.
     */
    public boolean moreArrivedOrRearm() {
        synchronized (lock) {
            if (!queue.isEmpty()) {
                return true;
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return false;
        }
    }

    /** The future for {@code SourceReader.isAvailable()}. */
    public CompletableFuture<Void> available() {
        synchronized (lock) {
            return available;
        }
    }
}
