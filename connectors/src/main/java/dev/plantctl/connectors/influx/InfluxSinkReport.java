package dev.plantctl.connectors.influx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an {@link InfluxSink} writer did with its points: how many landed, were refused (and why), spilled to disk
 * during an outage and drained after, or were dropped. Each writer saves its report as {@value #FILE} in its own
 * subdirectory of the spill directory when it closes; {@link #read} adds up those of all subtasks, so that a
 * command line can say what happened to the telemetry after the job.
 *
 * @param server              the server's URL
 * @param pointsWritten       points the server took
 * @param pointsDeadLettered  points the server refused, each in the dead-letter file
 * @param refusals            the server's reasons for refusing, with how many points each
 * @param deadLetterFile      the dead-letter file
 * @param pointsSpilled       points put into the disk spill: while the server was unreachable, and those still
 *                            queued at a checkpoint
 * @param pointsDrained       points taken out of the spill and delivered (written or dead-lettered)
 * @param pointsInSpill       points still in the spill when the writer closed (the next writer drains them)
 * @param spillDirectory      the spill directory
 * @param pointsDropped       points lost: the in-memory queue or the spill was full
 * @param outages             periods during which the server could not be reached
 * @param unreachableMillis   their total length
 * @param lastOutageCause     what the last failed request met (a refused connection, a 5xx answer, a timeout)
 */
public record InfluxSinkReport(String server, long pointsWritten, long pointsDeadLettered, Map<String, Long> refusals,
                               String deadLetterFile, long pointsSpilled, long pointsDrained, long pointsInSpill,
                               String spillDirectory, long pointsDropped, long outages, long unreachableMillis,
                               String lastOutageCause) {

    /** The name of a writer's report in its subdirectory of the spill directory. */
    public static final String FILE = "report.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public InfluxSinkReport {
        refusals = Map.copyOf(refusals);
    }

    /** Saves the report as JSON. */
    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The sum of the reports the writers left in a spill directory, or null when there is none.
     *
     * @throws IOException naming a report that cannot be read
     */
    public static InfluxSinkReport read(Path spillDirectory) throws IOException {
        if (!Files.isDirectory(spillDirectory)) {
            return null;
        }
        List<InfluxSinkReport> reports = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(spillDirectory)) {
            for (Path d : dirs.sorted().toList()) {
                Path file = d.resolve(FILE);
                if (Files.isRegularFile(file)) {
                    try {
                        reports.add(JSON.readValue(file.toFile(), InfluxSinkReport.class));
                    } catch (IOException e) {
                        throw new IOException("cannot read the telemetry report " + file + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return reports.stream().reduce(InfluxSinkReport::plus).orElse(null);
    }

    private InfluxSinkReport plus(InfluxSinkReport o) {
        Map<String, Long> reasons = new LinkedHashMap<>(refusals);
        o.refusals.forEach((k, v) -> reasons.merge(k, v, Long::sum));
        return new InfluxSinkReport(server, pointsWritten + o.pointsWritten, pointsDeadLettered + o.pointsDeadLettered,
                reasons, deadLetterFile, pointsSpilled + o.pointsSpilled, pointsDrained + o.pointsDrained,
                pointsInSpill + o.pointsInSpill, spillDirectory, pointsDropped + o.pointsDropped, outages + o.outages,
                Math.max(unreachableMillis, o.unreachableMillis),
                o.lastOutageCause != null ? o.lastOutageCause : lastOutageCause);
    }

    /** True when every point landed: none refused, dropped or left in the spill. */
    public boolean clean() {
        return pointsDeadLettered == 0 && pointsDropped == 0 && pointsInSpill == 0;
    }

    /**
     * What went wrong, one sentence each, e.g. {@code telemetry: 71 points refused by InfluxDB at http://...:
     * partial write: field type conflict ... -> telemetry-dead-letters.jsonl}; empty when nothing did.
     */
    public List<String> problems() {
        List<String> lines = new ArrayList<>();
        if (pointsDeadLettered > 0) {
            StringBuilder why = new StringBuilder();
            refusals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> why.append(why.isEmpty() ? "" : "; ").append(e.getKey())
                            .append(refusals.size() > 1 ? " (" + count(e.getValue()) + ")" : ""));
            lines.add("telemetry: " + count(pointsDeadLettered) + " points refused by InfluxDB at " + server + ": "
                    + why + " -> " + deadLetterFile);
        }
        if (outages > 0) {
            lines.add(String.format(Locale.ROOT, "telemetry: InfluxDB at %s unreachable for %.1f s (%d outage%s, "
                            + "last: %s), %s points spilled, %s", server, unreachableMillis / 1000.0, outages,
                    outages == 1 ? "" : "s", lastOutageCause, count(pointsSpilled),
                    pointsInSpill == 0 ? "all drained" : count(pointsDrained) + " drained, " + count(pointsInSpill)
                            + " still in " + spillDirectory + " (the next start drains them)"));
        }
        if (outages == 0 && pointsInSpill > 0) {
            lines.add("telemetry: " + count(pointsInSpill) + " points not yet sent to InfluxDB at " + server
                    + " wait in " + spillDirectory + " (the next start drains them)");
        }
        if (pointsDropped > 0) {
            lines.add("telemetry: " + count(pointsDropped) + " points dropped: the in-memory queue or the spill at "
                    + spillDirectory + " was full");
        }
        return lines;
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
