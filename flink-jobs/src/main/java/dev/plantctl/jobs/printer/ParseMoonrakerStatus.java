package dev.plantctl.jobs.printer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.RawMessage;
import dev.plantctl.models.printer.PrintState;
import dev.plantctl.models.printer.PrinterSignals;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses Moonraker's per-field status messages ({@code {"eventtime": …, "value": …}} on
 * {@code {instance}/klipper/state/{object}/{field}}) into {@link StatusUpdate}s, keeping {@code eventtime} as the
 * status's time: the simulator's is its simulated clock, which is what layer windows must be measured in (a real
 * Klipper's is its host's monotonic clock, equally good for durations). A message on an unknown field, without a
 * finite {@code eventtime}, or with a value of the wrong type goes to {@link #DEAD_LETTERS} with the reason.
 */
public final class ParseMoonrakerStatus extends ProcessFunction<RawMessage, StatusUpdate> {

    private static final long serialVersionUID = 1L;

    /** Messages that are not printer status, with why. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("printer-dead-letters") {
    };

    private static final Set<String> FIELDS = PrinterSignals.STATUS_FIELDS.stream()
            .map(PrinterSignals.StatusField::path).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> TEXT_FIELDS = Set.of(PrinterSignals.PRINT_STATE.path(),
            PrinterSignals.PRINT_MESSAGE.path());
    private static final String STATE = "/klipper/state/";
    private static final Set<String> STATES = java.util.Arrays.stream(PrintState.values())
            .map(PrintState::moonrakerName).collect(Collectors.toUnmodifiableSet());

    private transient ObjectMapper json;

    @Override
    public void processElement(RawMessage m, Context ctx, Collector<StatusUpdate> out) {
        if (json == null) {
            json = new ObjectMapper();
        }
        int at = m.topic().indexOf(STATE);
        if (at <= 0) {
            ctx.output(DEAD_LETTERS, new DeadLetter(m, DeadLetter.Reason.UNKNOWN_ADDRESS, "topic " + m.topic()
                    + " is not {instance}/klipper/state/{object}/{field}"));
            return;
        }
        String printer = m.topic().substring(0, at);
        String field = m.topic().substring(at + STATE.length());
        if (!FIELDS.contains(field)) {
            ctx.output(DEAD_LETTERS, new DeadLetter(m, DeadLetter.Reason.UNKNOWN_ADDRESS, "status field '" + field
                    + "' of " + printer + " is not one the printer controller reads"));
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(m.payload());
        } catch (IOException e) {
            ctx.output(DEAD_LETTERS, new DeadLetter(m, DeadLetter.Reason.MALFORMED_PAYLOAD, "payload on "
                    + m.topic() + " is not JSON: " + e.getMessage()));
            return;
        }
        JsonNode eventtime = root == null ? null : root.get("eventtime");
        if (eventtime == null || !eventtime.isNumber() || !Double.isFinite(eventtime.doubleValue())) {
            ctx.output(DEAD_LETTERS, new DeadLetter(m, DeadLetter.Reason.MALFORMED_PAYLOAD, "payload on "
                    + m.topic() + " has no finite number 'eventtime'"));
            return;
        }
        JsonNode v = root.path("value");
        String problem = null;
        double number = Double.NaN;
        String text = "";
        if (TEXT_FIELDS.contains(field)) {
            if (field.equals(PrinterSignals.PRINT_STATE.path()) && !STATES.contains(v.asText(""))) {
                problem = "one of " + STATES;
            } else if (v.isTextual()) {
                text = v.asText();
            } else {
                problem = "a string";
            }
        } else if (field.equals(PrinterSignals.PRINT_INFO.path())) {
            JsonNode layer = v.path("current_layer");
            if (layer.isNumber()) {
                number = layer.doubleValue();
            } else {
                problem = "an object with a number 'current_layer'";
            }
        } else if (field.equals(PrinterSignals.HOMING_ORIGIN.path())) {
            if (v.isArray() && v.size() == 4 && v.get(2).isNumber()) {
                number = v.get(2).doubleValue();
            } else {
                problem = "an array [x, y, z, e] of numbers";
            }
        } else if (v.isBoolean()) {
            number = v.booleanValue() ? 1 : 0;
        } else if (v.isNumber()) {
            number = v.doubleValue();
        } else if (!v.isNull() || !PrinterSignals.SCAN_FIELDS.stream().anyMatch(f -> f.path().equals(field))) {
            problem = "a number";
        }
        if (problem != null) {
            ctx.output(DEAD_LETTERS, new DeadLetter(m, DeadLetter.Reason.NOT_A_NUMBER, "value of " + field + " of "
                    + printer + " must be " + problem + ", got " + v));
            return;
        }
        out.collect(new StatusUpdate(printer, field, eventtime.doubleValue(), number, text));
    }
}
