package dev.plantctl.controllers.printer;

import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import java.util.Locale;
import java.util.Optional;

/**
 * The simple baseline the printer benchmark compares against: after every layer, a measured width more than
 * {@value #BAND} off the nominal moves the flow factor by {@value #STEP_PCT} points against it, within 80–120 %.
 * No expert, no physics, no debounce, no dead time.
 */
public final class WidthThresholdRule {

    /** Relative width error that triggers a step. */
    public static final double BAND = 0.05;
    /** Flow change per step, percentage points. */
    public static final double STEP_PCT = 5;

    private final ControlLimits limits;

    /** A rule within the controller's flow bounds. */
    public WidthThresholdRule(ControlLimits limits) {
        this.limits = limits;
    }

    /** The M221 command for a window, if its width is out of the band and the bounds leave room. */
    public Optional<String> decide(MonitoringWindow w, PrintContext job) {
        double error = w.widthMm() / job.nominalWidthMm() - 1;
        if (Math.abs(error) <= BAND) {
            return Optional.empty();
        }
        double set = 100 * w.extrudeFactor();
        double next = Math.max(limits.minFlowPct(), Math.min(limits.maxFlowPct(), set - Math.signum(error) * STEP_PCT));
        return Math.abs(next - set) < 0.05 ? Optional.empty()
                : Optional.of(String.format(Locale.ROOT, "M221 S%.1f", next));
    }
}
