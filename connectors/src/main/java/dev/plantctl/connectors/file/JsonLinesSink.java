package dev.plantctl.connectors.file;

import dev.plantctl.connectors.internal.TornLines;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;

/**
 * A Sink V2 that writes each string as one line of a local file: the JSON-lines output of the demo
 * ({@code explanations.jsonl}). Subtask 0 writes the file itself; with parallelism above one, subtask i
 * writes {@code <file>.<i>}. The file is created anew when a job starts; a writer restored from a checkpoint (a
 * restarted job, on this or another task manager sharing the directory) appends to it, after cutting off a last line
 * that a killed writer left torn (without its line break). Its checkpointed state is the
 * number of lines it has written, so that every restarted writer is a restored one (Flink restores only tasks with
 * state).
 *
 * <p>Delivery guarantee: lines are flushed to the operating system at every checkpoint and at the end of
 * input; after a failure, lines since the last checkpoint may be lost or, after a restore, written again.
 * It is meant for a local run's record, not as a durable store: production telemetry goes to InfluxDB.
 */
public final class JsonLinesSink implements Sink<String>, SupportsWriterState<String, Long> {

    private static final long serialVersionUID = 1L;

    private final String path;

    /** @param path the file to write; its parent directory is created when missing */
    public JsonLinesSink(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public StatefulSinkWriter<String, Long> createWriter(WriterInitContext context) throws IOException {
        return open(context, 0, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    @Override
    public StatefulSinkWriter<String, Long> restoreWriter(WriterInitContext context, Collection<Long> recoveredState)
            throws IOException {
        long lines = recoveredState.stream().mapToLong(Long::longValue).sum();
        TornLines.dropTornLastLine(file(context));
        return open(context, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Path file(WriterInitContext context) {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        return subtask == 0 ? Paths.get(path) : Paths.get(path + "." + subtask);
    }

    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return new LineCountSerializer();
    }

    private LineWriter open(WriterInitContext context, long lines, OpenOption... options) throws IOException {
        Path file = file(context);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return new LineWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, options), lines);
    }

    private static final class LineWriter implements StatefulSinkWriter<String, Long> {
        private final BufferedWriter out;
        private long lines;

        LineWriter(BufferedWriter out, long lines) {
            this.out = out;
            this.lines = lines;
        }

        @Override
        public List<Long> snapshotState(long checkpointId) {
            return List.of(lines);
        }

        @Override
        public void write(String line, Context context) throws IOException {
            if (line.indexOf('\n') >= 0) {
                throw new IOException("a JSON line must not contain a line break: " + line);
            }
            out.write(line);
            out.newLine();
            lines++;
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** The writer's state: the lines it has written, as 8 bytes. */
    private static final class LineCountSerializer implements SimpleVersionedSerializer<Long> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Long lines) {
            return ByteBuffer.allocate(Long.BYTES).putLong(lines).array();
        }

        @Override
        public Long deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1 || serialized.length != Long.BYTES) {
                throw new IOException("JSON-lines writer state: unknown version " + version + " or length "
                        + serialized.length);
            }
            return ByteBuffer.wrap(serialized).getLong();
        }
    }
}
