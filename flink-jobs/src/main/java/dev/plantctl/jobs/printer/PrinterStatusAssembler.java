package dev.plantctl.jobs.printer;

import dev.plantctl.models.printer.LayerMeasurement;
import dev.plantctl.models.printer.PrintState;
import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.PrinterStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Rebuilds one printer's {@link PrinterStatus}es from its per-field Moonraker updates. Moonraker publishes a field
 * only when it changed, all fields of one status with the same {@code eventtime}; so when an update with a later
 * time arrives, the status of the earlier time is complete and is returned. No status comes out before every field
 * but the layer scan and the message was seen once (the first status publishes all of them). The status's
 * {@code elapsedS} is the time since the first update seen. Scan fields without nominal values carry NaN for the
 * true and nominal line sizes (only the measured ones are published).
 *
 * <p>What it holds between updates is a {@link Snapshot}, so that a Flink job keeps it in keyed state and a
 * restored job goes on with the status it was assembling. Not thread-safe: one per printer.
 */
public final class PrinterStatusAssembler {

    /** The numeric fields, in the order of {@link Snapshot#numbers()}. */
    static final List<String> NUMERIC = PrinterSignals.STATUS_FIELDS.stream()
            .filter(f -> f != PrinterSignals.PRINT_MESSAGE && f != PrinterSignals.PRINT_INFO
                    && f != PrinterSignals.PRINT_STATE)
            .map(PrinterSignals.StatusField::path).toList();
    private static final List<String> REQUIRED = PrinterSignals.STATUS_FIELDS.stream()
            .filter(f -> !PrinterSignals.SCAN_FIELDS.contains(f) && f != PrinterSignals.PRINT_MESSAGE
                    && f != PrinterSignals.PRINT_INFO && f != PrinterSignals.PRINT_STATE)
            .map(PrinterSignals.StatusField::path).toList();

    /**
     * Everything the assembler knows of its printer: a Flink POJO (a record of primitives, a primitive array and
     * strings), so its serializer can evolve without Kryo.
     *
     * @param numbers      the last value of each numeric field in {@link #NUMERIC}'s order, NaN while unseen
     * @param seen         whether each numeric field was seen (a field may be null, hence NaN, once seen)
     * @param state        the last print state, null while unseen
     * @param message      the last print message
     * @param currentLayer the last current layer, NaN while unseen
     * @param firstTime    the first update's time, s (NaN: none yet)
     * @param time         the last update's time, s (NaN: none yet)
     */
    public record Snapshot(double[] numbers, boolean[] seen, String state, String message, double currentLayer,
                           double firstTime, double time) {

        /** Nothing seen yet. */
        public static Snapshot empty() {
            double[] numbers = new double[NUMERIC.size()];
            Arrays.fill(numbers, Double.NaN);
            return new Snapshot(numbers, new boolean[NUMERIC.size()], null, "", Double.NaN, Double.NaN, Double.NaN);
        }
    }

    private final double[] numbers;
    private final boolean[] seen;
    private String state;
    private String message;
    private double currentLayer;
    private double firstTime;
    private double time;

    /** An assembler that has seen nothing. */
    public PrinterStatusAssembler() {
        this(Snapshot.empty());
    }

    /**
     * An assembler that goes on from a snapshot.
     *
     * @throws IllegalArgumentException when the snapshot's arrays do not cover the numeric fields
     */
    public PrinterStatusAssembler(Snapshot s) {
        if (s.numbers().length != NUMERIC.size() || s.seen().length != NUMERIC.size()) {
            throw new IllegalArgumentException("status assembler snapshot holds " + s.numbers().length
                    + " numeric fields, the assembler reads " + NUMERIC.size() + " (" + NUMERIC + ")");
        }
        numbers = s.numbers().clone();
        seen = s.seen().clone();
        state = s.state();
        message = s.message();
        currentLayer = s.currentLayer();
        firstTime = s.firstTime();
        time = s.time();
    }

    /** What the assembler holds now, as a copy. */
    public Snapshot snapshot() {
        return new Snapshot(numbers.clone(), seen.clone(), state, message, currentLayer, firstTime, time);
    }

    /**
     * Applies one update.
     *
     * @return the completed status of the previous time, when this update starts a later one and every field is
     * known
     * @throws IllegalArgumentException when the update is older than the one before (out of order, or a replay of
     *                                  what was applied already)
     */
    public Optional<PrinterStatus> update(StatusUpdate u) {
        Optional<PrinterStatus> completed = Optional.empty();
        if (Double.isNaN(firstTime)) {
            firstTime = u.eventtime();
        } else if (u.eventtime() < time) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "status of %s at %.3f s arrived after"
                    + " one at %.3f s", u.printer(), u.eventtime(), time));
        } else if (u.eventtime() > time) {
            completed = status();
        }
        time = u.eventtime();
        if (u.field().equals(PrinterSignals.PRINT_STATE.path())) {
            state = u.text();
        } else if (u.field().equals(PrinterSignals.PRINT_MESSAGE.path())) {
            message = u.text();
        } else if (u.field().equals(PrinterSignals.PRINT_INFO.path())) {
            currentLayer = u.number();
        } else {
            int i = NUMERIC.indexOf(u.field());
            if (i < 0) {
                throw new IllegalArgumentException("status field '" + u.field() + "' of " + u.printer()
                        + " is not one the printer controller reads");
            }
            numbers[i] = u.number();
            seen[i] = true;
        }
        return completed;
    }

    private Optional<PrinterStatus> status() {
        if (state == null || Double.isNaN(currentLayer)
                || !REQUIRED.stream().allMatch(f -> seen[NUMERIC.indexOf(f)])) {
            return Optional.empty();
        }
        double scanLayer = get(PrinterSignals.SCAN_LAYER);
        double elapsed = time - firstTime;
        LayerMeasurement scan = Double.isNaN(scanLayer) ? null : new LayerMeasurement((int) scanLayer, elapsed,
                get(PrinterSignals.SCAN_LINE_WIDTH), get(PrinterSignals.SCAN_LINE_HEIGHT), Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
        return Optional.of(new PrinterStatus(elapsed, PrintState.valueOf(state.toUpperCase(Locale.ROOT)), message,
                (int) currentLayer, 0, get(PrinterSignals.EXTRUDER_TEMPERATURE), get(PrinterSignals.EXTRUDER_TARGET),
                get(PrinterSignals.EXTRUDER_POWER), Double.NaN, get(PrinterSignals.SPEED_FACTOR),
                get(PrinterSignals.EXTRUDE_FACTOR), get(PrinterSignals.HOMING_ORIGIN),
                get(PrinterSignals.EXTRUDER_PRESSURE_ADVANCE), get(PrinterSignals.LIVE_VELOCITY),
                get(PrinterSignals.LIVE_EXTRUDER_VELOCITY), get(PrinterSignals.MOTOR_LOAD),
                get(PrinterSignals.FILAMENT_VELOCITY), get(PrinterSignals.EXTRUDER_CAN_EXTRUDE) > 0, scan));
    }

    private double get(PrinterSignals.StatusField f) {
        return numbers[NUMERIC.indexOf(f.path())];
    }
}
