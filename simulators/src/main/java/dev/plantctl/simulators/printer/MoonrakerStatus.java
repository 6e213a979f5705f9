package dev.plantctl.simulators.printer;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.plantctl.models.printer.LayerMeasurement;
import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.PrinterSignals.StatusField;
import dev.plantctl.models.printer.PrinterStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one printer's successive {@link PrinterStatus}es into Moonraker's per-field status messages
 * ({@code {"eventtime": …, "value": …}} on {@code {instance}/klipper/state/{object}/{field}}), publishing a field
 * only when its value changed since it was last published, as Moonraker with {@code publish_split_status} does
 * (Klipper reports changed fields only). The first status publishes every field; the layer-scan fields are
 * published together whenever a new layer was scanned, even when a value repeats.
 *
 * <p><b>eventtime</b> is the simulated time in seconds since the Unix epoch, to the millisecond. (Klipper's is its
 * host's monotonic clock; a simulator that runs faster than real time has only its simulated clock to offer, and
 * a consumer can use it as event time directly.)
 *
 * <p>Values are rounded as Klipper reports them: temperatures to 0.01 °C, velocities to 0.001 mm/s, factors and
 * loads to 4 digits. Not thread-safe: one instance per printer, used by one thread at a time.
 */
final class MoonrakerStatus {

    /** One status message. */
    record Message(String topic, byte[] payload) {
    }

    private final String[] topics;
    private final String[] last;
    private int lastScannedLayer;

    MoonrakerStatus(String instance) {
        List<StatusField> fields = PrinterSignals.STATUS_FIELDS;
        this.topics = new String[fields.size()];
        this.last = new String[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            topics[i] = PrinterSignals.statusTopic(instance, fields.get(i));
        }
    }

    /** The messages for the fields that changed since the last call (all of them on the first call). */
    List<Message> changes(PrinterStatus s, Instant time) {
        String[] values = values(s);
        LayerMeasurement scan = s.lastLayer();
        boolean newScan = scan != null && scan.layer() != lastScannedLayer;
        if (newScan) {
            lastScannedLayer = scan.layer();
        }
        String eventtime = decimal(time.getEpochSecond() + time.getNano() * 1e-9, 3);
        List<Message> out = new ArrayList<>();
        List<StatusField> fields = PrinterSignals.STATUS_FIELDS;
        for (int i = 0; i < values.length; i++) {
            boolean scanField = PrinterSignals.SCAN_FIELDS.contains(fields.get(i));
            if (values[i].equals(last[i]) && !(scanField && newScan)) {
                continue;
            }
            last[i] = values[i];
            String payload = "{\"eventtime\":" + eventtime + ",\"value\":" + values[i] + "}";
            out.add(new Message(topics[i], payload.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The JSON values of every field of {@link PrinterSignals#STATUS_FIELDS}, in its order. */
    static String[] values(PrinterStatus s) {
        LayerMeasurement scan = s.lastLayer();
        return new String[] {
            decimal(s.temperatureC(), 2),
            decimal(s.targetC(), 1),
            decimal(s.heaterDuty(), 3),
            Boolean.toString(s.canExtrude()),
            decimal(s.pressureAdvanceS(), 4),
            decimal(s.speedFactor(), 4),
            decimal(s.extrudeFactor(), 4),
            "[0.0,0.0," + decimal(s.zAdjustMm(), 4) + ",0.0]",
            decimal(s.toolheadVelocityMmS(), 2),
            decimal(s.extruderVelocityMmS(), 3),
            string(s.state().moonrakerName()),
            string(s.message()),
            "{\"total_layer\":" + s.totalLayers() + ",\"current_layer\":" + s.currentLayer() + "}",
            decimal(s.motorLoad(), 4),
            decimal(s.filamentVelocityMmS(), 3),
            scan == null ? "null" : Integer.toString(scan.layer()),
            scan == null ? "null" : decimal(scan.widthMm(), 4),
            scan == null ? "null" : decimal(scan.heightMm(), 4),
        };
    }

    /** A JSON number rounded to {@code digits} decimals without trailing zeros ({@code null} when not finite). */
    static String decimal(double value, int digits) {
        if (!Double.isFinite(value)) {
            return "null";
        }
        long scale = 1;
        for (int i = 0; i < digits; i++) {
            scale *= 10;
        }
        long r = Math.round(value * scale);
        StringBuilder b = new StringBuilder(24);
        if (r < 0) {
            b.append('-');
            r = -r;
        }
        b.append(r / scale);
        long frac = r % scale;
        if (frac != 0) {
            String f = Long.toString(frac + scale).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(f, 0, end);
        } else {
            b.append(".0");
        }
        return b.toString();
    }

    private static String string(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
