package dev.plantctl.jobs.printer;

import dev.plantctl.models.printer.LayerMeasurement;
import dev.plantctl.models.printer.PrintState;
import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.PrinterStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds one printer's {@link PrinterStatus}es from its per-field Moonraker updates. Moonraker publishes a field
 * only when it changed, all fields of one status with the same {@code eventtime}; so when an update with a later
 * time arrives, the status of the earlier time is complete and is returned. No status comes out before every field
 * but the layer scan and the message was seen once (the first status publishes all of them). The status's
 * {@code elapsedS} is the time since the first update seen. Scan fields without nominal values carry NaN for the
 * true and nominal line sizes (only the measured ones are published).
 *
 * <p>Not thread-safe: one per printer.
 */
public final class PrinterStatusAssembler {

    private static final List<String> REQUIRED = PrinterSignals.STATUS_FIELDS.stream()
            .filter(f -> !PrinterSignals.SCAN_FIELDS.contains(f) && f != PrinterSignals.PRINT_MESSAGE
                    && f != PrinterSignals.PRINT_INFO && f != PrinterSignals.PRINT_STATE)
            .map(PrinterSignals.StatusField::path).toList();

    private final Map<String, Double> numbers = new HashMap<>();
    private String state;
    private String message = "";
    private double currentLayer = Double.NaN;
    private double firstTime = Double.NaN;
    private double time = Double.NaN;

    /**
     * Applies one update.
     *
     * @return the completed status of the previous time, when this update starts a later one and every field is
     * known
     * @throws IllegalArgumentException when the update is older than the one before (out of order)
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
            numbers.put(u.field(), u.number());
        }
        return completed;
    }

    private Optional<PrinterStatus> status() {
        if (state == null || Double.isNaN(currentLayer) || !numbers.keySet().containsAll(REQUIRED)) {
            return Optional.empty();
        }
        double scanLayer = numbers.getOrDefault(PrinterSignals.SCAN_LAYER.path(), Double.NaN);
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
        return numbers.getOrDefault(f.path(), Double.NaN);
    }
}
