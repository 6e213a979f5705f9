package dev.plantctl.connectors.file;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A Sink V2 that writes each string as one line of a local file: the JSON-lines output of the demo
 * ({@code explanations.jsonl}). Subtask 0 writes the file itself; with parallelism above one, subtask i
 * writes {@code <file>.<i>}. The file is created anew when the writer starts.
 *
 * <p>Delivery guarantee: lines are flushed to the operating system at every checkpoint and at the end of
 * input; after a failure, lines since the last checkpoint may be lost or, after a restore, written again.
 * It is meant for a local run's record, not as a durable store: production telemetry goes to InfluxDB.
 */
public final class JsonLinesSink implements Sink<String> {

    private static final long serialVersionUID = 1L;

    private final String path;

    /** @param path the file to write; its parent directory is created when missing */
    public JsonLinesSink(Path path) {
        this.path = path.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path file = subtask == 0 ? Paths.get(path) : Paths.get(path + "." + subtask);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return new LineWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    private static final class LineWriter implements SinkWriter<String> {
        private final BufferedWriter out;

        LineWriter(BufferedWriter out) {
            this.out = out;
        }

        @Override
        public void write(String line, Context context) throws IOException {
            if (line.indexOf('\n') >= 0) {
                throw new IOException("a JSON line must not contain a line break: " + line);
            }
            out.write(line);
            out.newLine();
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
}
