package dev.plantctl.connectors.influx.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The telemetry dead-letter file: one JSON object per line for each point InfluxDB refused, with the line-protocol
 * point ({@code point}), the HTTP status ({@code status}), the server's error text ({@code error}), the server's
 * URL ({@code server}) and when it was refused ({@code time}, ISO-8601 UTC).
 *
 * <p>Each line is one {@code write} on a file opened for appending, so writers of several subtasks (in one or more
 * processes on one host) can share the file without tearing each other's lines on a local file system.
 */
public final class TelemetryDeadLetterFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String server;

    /** Dead letters of points refused by the server at {@code server}, appended to {@code file}. */
    public TelemetryDeadLetterFile(Path file, String server) {
        this.file = file;
        this.server = server;
    }

    /**
     * Appends one line per refused point.
     *
     * @throws IOException naming the file when it cannot be written
     */
    public void append(Iterable<String> points, int status, String error, Instant time) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String point : points) {
            ObjectNode o = JSON.createObjectNode();
            o.put("time", time.toString());
            o.put("server", server);
            o.put("status", status);
            o.put("error", error);
            o.put("point", point);
            lines.append(JSON.writeValueAsString(o)).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new IOException("cannot write the telemetry dead-letter file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file. */
    public Path file() {
        return file;
    }
}
