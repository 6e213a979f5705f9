package dev.plantctl.controllers.printer;

import dev.plantctl.models.printer.MonitoringWindow;
import java.io.Serializable;
import java.util.List;

/**
 * What the printer's status should show once the last commands took effect: each setting's value before and the
 * value expected after (NaN where the commands did not touch it). A window shows the effect when each touched
 * setting's mean over the window lies closer to the expected value than to the one before — so a correction is
 * never stacked on one whose effect has not been seen, however late the printer applies it (its dead time, a slow
 * link, a job that lags behind the plant).
 *
 * @param flowPct        expected flow factor, % (NaN: untouched)
 * @param speedPct       expected speed factor, %
 * @param targetC        expected hotend target, °C
 * @param zAdjustMm      expected live Z adjustment, mm
 * @param flowBeforePct  the flow factor before, %
 * @param speedBeforePct the speed factor before, %
 * @param targetBeforeC  the target before, °C
 * @param zBeforeMm      the Z adjustment before, mm
 * @param waited         windows already judged without the effect
 */
public record PendingEffect(double flowPct, double speedPct, double targetC, double zAdjustMm, double flowBeforePct,
                            double speedBeforePct, double targetBeforeC, double zBeforeMm, int waited)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Nothing pending. */
    public static final PendingEffect NONE = new PendingEffect(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    /** The effect of G-code lines sent after a window, relative to the window's settings. */
    public static PendingEffect of(List<String> gcode, MonitoringWindow w) {
        double flow = Double.NaN;
        double speed = Double.NaN;
        double target = Double.NaN;
        double z = Double.NaN;
        for (String line : gcode) {
            String[] t = line.split("\\s+");
            if (t.length < 2) {
                continue;
            }
            double v = Double.parseDouble(t[1].substring(1));
            switch (t[0]) {
                case "M221" -> flow = v;
                case "M220" -> speed = v;
                case "M104" -> target = v;
                case "M290" -> z = w.zAdjustMm() + v;
                default -> {
                }
            }
        }
        if (Double.isNaN(flow) && Double.isNaN(speed) && Double.isNaN(target) && Double.isNaN(z)) {
            return NONE;
        }
        return new PendingEffect(flow, speed, target, z, 100 * w.extrudeFactor(), 100 * w.speedFactor(),
                w.targetC(), w.zAdjustMm(), 0);
    }

    /** True when nothing is pending. */
    public boolean none() {
        return Double.isNaN(flowPct) && Double.isNaN(speedPct) && Double.isNaN(targetC) && Double.isNaN(zAdjustMm);
    }

    /** True when the window shows every touched setting moved past half-way to its expected value. */
    public boolean seenIn(MonitoringWindow w) {
        return closer(100 * w.extrudeFactor(), flowPct, flowBeforePct)
                && closer(100 * w.speedFactor(), speedPct, speedBeforePct)
                && closer(w.targetC(), targetC, targetBeforeC)
                && closer(w.zAdjustMm(), zAdjustMm, zBeforeMm);
    }

    /** This expectation after one more window without its effect. */
    public PendingEffect waitedOnce() {
        return new PendingEffect(flowPct, speedPct, targetC, zAdjustMm, flowBeforePct, speedBeforePct, targetBeforeC,
                zBeforeMm, waited + 1);
    }

    private static boolean closer(double mean, double expected, double before) {
        return Double.isNaN(expected) || Math.abs(mean - expected) <= Math.abs(mean - before);
    }
}
