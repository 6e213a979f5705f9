package dev.plantctl.models.printer;

import java.util.Arrays;
import java.util.Optional;

/**
 * Builds {@link MonitoringWindow}s from a printer's successive {@link PrinterStatus}es: each status weighs the
 * time since the one before, statuses count only while a layer is being printed, and when a status carries the
 * scan of a layer not seen before, the window of that layer is complete. The same code serves the simulator's
 * statuses (training data, benchmarks) and statuses assembled from MQTT (the control job).
 *
 * <p>What it holds between statuses is a {@link Snapshot}, so that a stream processor can keep the open window
 * in its checkpointed state and go on with it after a restore. Not thread-safe: one builder per printer.
 */
public final class MonitoringWindowBuilder {

    private double lastS;
    private int lastScannedLayer;
    private double startS;
    private double weight;
    private final double[] sums;

    private enum Signal {
        TEMPERATURE, TARGET, DUTY, SPEED, EXTRUDE, Z_ADJUST, TOOLHEAD, EXTRUDER, LOAD, FILAMENT, CAN_EXTRUDE
    }

    /**
     * The open window and the builder's bookkeeping: plain values and a primitive array, so that stream processors
     * serialize it without generic fallbacks.
     *
     * @param lastS            the last status's time, s (NaN: none yet)
     * @param lastScannedLayer the layer of the last scan seen (0: none)
     * @param startS           when the open window began, s (NaN: no window open)
     * @param weight           the open window's length so far, s
     * @param sums             the time-weighted sums of its signals
     */
    public record Snapshot(double lastS, int lastScannedLayer, double startS, double weight, double[] sums) {

        /** A builder that has seen nothing. */
        public static Snapshot empty() {
            return new Snapshot(Double.NaN, 0, Double.NaN, 0, new double[Signal.values().length]);
        }
    }

    /** A builder that has seen nothing. */
    public MonitoringWindowBuilder() {
        this(Snapshot.empty());
    }

    /**
     * A builder that goes on from a snapshot.
     *
     * @throws IllegalArgumentException when the snapshot's sums do not cover the builder's signals
     */
    public MonitoringWindowBuilder(Snapshot s) {
        if (s.sums().length != Signal.values().length) {
            throw new IllegalArgumentException("monitoring window snapshot holds " + s.sums().length
                    + " sums, the builder keeps " + Signal.values().length);
        }
        lastS = s.lastS();
        lastScannedLayer = s.lastScannedLayer();
        startS = s.startS();
        weight = s.weight();
        sums = s.sums().clone();
    }

    /** What the builder holds now, as a copy. */
    public Snapshot snapshot() {
        return new Snapshot(lastS, lastScannedLayer, startS, weight, sums.clone());
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
