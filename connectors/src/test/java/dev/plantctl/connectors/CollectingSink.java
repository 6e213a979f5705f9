package dev.plantctl.connectors;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Sink V2 that puts every element into a queue of this JVM, found by name: the MiniCluster of a test runs in the
 * test's JVM, so the test reads what its job wrote.
 */
public final class CollectingSink<T> implements Sink<T> {

    private static final ConcurrentHashMap<String, Queue<Object>> QUEUES = new ConcurrentHashMap<>();

    private final String name;

    private CollectingSink(String name) {
        this.name = name;
    }

    /** A sink into the queue {@code name}, emptied first. */
    public static <T> CollectingSink<T> into(String name) {
        collected(name).clear();
        return new CollectingSink<>(name);
    }

    /** What the sinks named {@code name} have received so far. */
    @SuppressWarnings("unchecked")
    public static <T> Queue<T> collected(String name) {
        return (Queue<T>) QUEUES.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> queue = QUEUES.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                queue.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
