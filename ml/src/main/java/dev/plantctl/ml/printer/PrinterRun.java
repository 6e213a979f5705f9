package dev.plantctl.ml.printer;

import dev.plantctl.models.printer.GcodeException;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.MonitoringWindowBuilder;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.PrintState;
import dev.plantctl.models.printer.PrinterModel;
import dev.plantctl.models.printer.PrinterStatus;
import dev.plantctl.models.printer.ProcessTruth;
import java.util.Objects;
import java.util.Optional;

/**
 * One simulated printer driven in status intervals, turning its statuses into {@link LabelledWindow}s: the windows a
 * controller would see, with the truth accumulated over the same statuses. Shared by the expert's training data,
 * its evaluation and the closed-loop benchmark, so all three see exactly what the control job sees.
 *
 * <p>Not thread-safe.
 */
public final class PrinterRun {

    /** The status interval the simulator publishes at, s (4 Hz). */
    public static final double STATUS_INTERVAL_S = 0.25;

    private final PrinterModel model;
    private final PrintContext context;
    private final MonitoringWindowBuilder windows = new MonitoringWindowBuilder();
    private double weight;
    private double flowWeight;
    private double flowSum;
    private double zSum;
    private double blockSum;
    private double lastS;

    /** A run of a model whose job the context describes. */
    public PrinterRun(PrinterModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.context = PrintContext.of(model.job());
    }

    /** The printer. */
    public PrinterModel model() {
        return model;
    }

    /** What the controller knows about the job. */
    public PrintContext context() {
        return context;
    }

    /** True while the job is printing or paused (not complete or shut down). */
    public boolean running() {
        PrintState s = model.status().state();
        return s == PrintState.PRINTING || s == PrintState.PAUSED;
    }

    /** Submits a live G-code script to the printer. */
    public void submit(String script) throws GcodeException {
        model.submit(script);
    }

    /**
     * Advances one status interval.
     *
     * @return the window of a layer whose scan arrived in this interval, if any
     */
    public Optional<LabelledWindow> step() {
        model.advance(STATUS_INTERVAL_S);
        PrinterStatus s = model.status();
        ProcessTruth t = model.truth();
        double dt = s.elapsedS() - lastS;
        lastS = s.elapsedS();
        if (s.state() == PrintState.PRINTING && s.currentLayer() >= 1) {
            weight += dt;
            zSum += t.gapErrorMm() * dt;
            blockSum += t.blockC() * dt;
            if (Double.isFinite(t.flowRatio())) {
                flowWeight += dt;
                flowSum += t.flowRatio() * dt;
            }
        }
        Optional<MonitoringWindow> w = windows.add(s);
        if (w.isEmpty()) {
            return Optional.empty();
        }
        LabelledWindow out = new LabelledWindow(w.get(), flowWeight > 0 ? 100 * flowSum / flowWeight : 0,
                zSum / weight, blockSum / weight - context.plannedTemperatureC(), s.lastLayer().trueWidthMm());
        weight = 0;
        flowWeight = 0;
        flowSum = 0;
        zSum = 0;
        blockSum = 0;
        return Optional.of(out);
    }
}
