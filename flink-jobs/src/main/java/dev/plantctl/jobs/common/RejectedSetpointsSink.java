package dev.plantctl.jobs.common;

import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.connectors.opcua.RejectedSetpoint;
import dev.plantctl.dashboards.telemetry.TelemetryPoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The error output of a setpoint sink: every setpoint it did not write (refused by its write policy gate or by the
 * plant, no node, read-back mismatch) as a JSON line appended to a file ({@link Rejections#jsonLine}; subtask i
 * above 0 writes {@code <file>.<i>}), and, with a telemetry sink, as a {@code setpoint_rejected} point with
 * {@code where=sink}. The file is appended to across restarts: it is the plant boundary's log, and a decision
 * replayed after a restore may appear twice. Lines are flushed when the setpoint sink flushes (checkpoints, end).
 */
public final class RejectedSetpointsSink implements Sink<RejectedSetpoint> {

    private static final long serialVersionUID = 1L;
    /** The {@code where} of these rejections in the file and in telemetry. */
    public static final String WHERE = "sink";

    private final String path;
    private final Sink<InfluxPoint> telemetry;

    /**
     * @param file      the JSON-lines file
     * @param telemetry where {@code setpoint_rejected} points go, or null for none
     */
    public RejectedSetpointsSink(Path file, Sink<InfluxPoint> telemetry) {
        this.path = file.toAbsolutePath().toString();
        this.telemetry = telemetry;
    }

    @Override
    public SinkWriter<RejectedSetpoint> createWriter(WriterInitContext context) throws IOException {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        Path file = subtask == 0 ? Paths.get(path) : Paths.get(path + "." + subtask);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        SinkWriter<InfluxPoint> points = telemetry == null ? null : telemetry.createWriter(context);
        return new Writer(out, points);
    }

    private record Writer(BufferedWriter out, SinkWriter<InfluxPoint> points) implements SinkWriter<RejectedSetpoint> {

        @Override
        public void write(RejectedSetpoint r, Context context) throws IOException, InterruptedException {
            out.write(Rejections.jsonLine(r, WHERE));
            out.newLine();
            if (points != null) {
                for (TelemetryPoint p : Rejections.telemetry(r, WHERE)) {
                    points.write(ToInfluxPoints.influx(p), context);
                }
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            out.flush();
            if (points != null) {
                points.flush(endOfInput);
            }
        }

        @Override
        public void close() throws Exception {
            try {
                out.close();
            } finally {
                if (points != null) {
                    points.close();
                }
            }
        }
    }
}
