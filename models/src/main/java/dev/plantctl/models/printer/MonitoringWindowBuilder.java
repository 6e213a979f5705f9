package dev.plantctl.models.printer;

import java.util.Arrays;
import java.util.Optional;

/**
 * Builds {@link MonitoringWindow}s from a printer's successive {@link PrinterStatus}es: each status weighs the
 * time since the one before, statuses count only while a layer is being printed, and when a status carries the
 * scan of a layer not seen before, the window of that layer is complete. The same code serves the simulator's
 * statuses (training data, benchmarks) and statuses assembled from MQTT (the control job).
 *
 * <p>Not thread-safe: one builder per printer.
 */
public final class MonitoringWindowBuilder {

    private double lastS = Double.NaN;
    private int lastScannedLayer;
    private double startS = Double.NaN;
    private double weight;
    private final double[] sums = new double[Signal.values().length];

    private enum Signal {
        TEMPERATURE, TARGET, DUTY, SPEED, EXTRUDE, Z_ADJUST, TOOLHEAD, EXTRUDER, LOAD, FILAMENT, CAN_EXTRUDE
    }

    /**
     * Adds the next status.
     *
     * @return the window of a layer whose scan this status brings for the first time, if any and if the layer
     * was seen printing
     * @throws IllegalArgumentException when the status is older than the one before
     */
    public Optional<MonitoringWindow> add(PrinterStatus s) {
        double dt = Double.isNaN(lastS) ? 0 : s.elapsedS() - lastS;
        if (dt < 0) {
            throw new IllegalArgumentException("status at " + s.elapsedS() + " s is older than the one before at "
                    + lastS + " s");
        }
        lastS = s.elapsedS();
        if (s.state() == PrintState.PRINTING && s.currentLayer() >= 1 && dt > 0) {
            if (Double.isNaN(startS)) {
                startS = s.elapsedS() - dt;
            }
            accumulate(s, dt);
        }
        LayerMeasurement scan = s.lastLayer();
        if (scan == null || scan.layer() == lastScannedLayer) {
            return Optional.empty();
        }
        lastScannedLayer = scan.layer();
        Optional<MonitoringWindow> out = weight > 0 ? Optional.of(window(scan, s.elapsedS())) : Optional.empty();
        reset();
        return out;
    }

    private void accumulate(PrinterStatus s, double dt) {
        double[] v = {s.temperatureC(), s.targetC(), s.heaterDuty(), s.speedFactor(), s.extrudeFactor(),
            s.zAdjustMm(), s.toolheadVelocityMmS(), s.extruderVelocityMmS(), s.motorLoad(), s.filamentVelocityMmS(),
            s.canExtrude() ? 1 : 0};
        for (int i = 0; i < v.length; i++) {
            sums[i] += v[i] * dt;
        }
        weight += dt;
    }

    private MonitoringWindow window(LayerMeasurement scan, double endS) {
        return new MonitoringWindow(scan.layer(), startS, endS, scan.widthMm(), scan.heightMm(),
                mean(Signal.TEMPERATURE), mean(Signal.TARGET), mean(Signal.DUTY), mean(Signal.SPEED),
                mean(Signal.EXTRUDE), mean(Signal.Z_ADJUST), mean(Signal.TOOLHEAD), mean(Signal.EXTRUDER),
                mean(Signal.LOAD), mean(Signal.FILAMENT), mean(Signal.CAN_EXTRUDE));
    }

    private double mean(Signal signal) {
        return sums[signal.ordinal()] / weight;
    }

    private void reset() {
        Arrays.fill(sums, 0);
        weight = 0;
        startS = Double.NaN;
    }
}
