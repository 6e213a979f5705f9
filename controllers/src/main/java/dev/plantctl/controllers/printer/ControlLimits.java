package dev.plantctl.controllers.printer;

import java.io.Serializable;

/**
 * The printer controller's envelope and thresholds.
 *
 * @param minFlowPct         lowest flow factor it sets, %
 * @param maxFlowPct         highest flow factor it sets, %
 * @param maxFlowStepPct     largest flow change per step, percentage points
 * @param minSpeedPct        lowest speed factor it sets, %
 * @param maxSpeedStepPct    largest speed change per step, percentage points (it only lowers the speed)
 * @param maxTemperatureStepC largest hotend target change per step, °C (inside the material's window)
 * @param maxZStepMm         largest babystep per step, mm
 * @param deadTimeS          the longest a command takes to act, s
 * @param minSettledShare    a window is judged only when at least this share of it lay after the last command's
 *                           dead time (otherwise it shows too little of the command's effect)
 * @param flowTolerancePct   estimated flow within 100 ± this is good, percentage points
 * @param zToleranceMm       estimated Z offset within ± this is good, mm
 * @param temperatureMarginC the estimated block temperature may sit this far inside the window's edges, °C
 * @param maxFlowSigmaPct    expert flow σ above this is out of distribution, percentage points
 * @param maxZSigmaMm        expert Z σ above this is out of distribution, mm
 * @param maxTemperatureSigmaC expert temperature σ above this is out of distribution, °C
 * @param persistence        consecutive windows an issue must show before an automatic adjustment (the first
 *                           ones only warn)
 * @param heaterPowerTolerance largest relative gap between the heater's duty and the duty the reading needs
 *                           (settled), beyond which the reading is implausible
 */
public record ControlLimits(double minFlowPct, double maxFlowPct, double maxFlowStepPct, double minSpeedPct,
                            double maxSpeedStepPct, double maxTemperatureStepC, double maxZStepMm, double deadTimeS,
                            double minSettledShare,
                            double flowTolerancePct, double zToleranceMm, double temperatureMarginC,
                            double maxFlowSigmaPct, double maxZSigmaMm, double maxTemperatureSigmaC,
                            int persistence, double heaterPowerTolerance) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Flow 80–120 % in steps of ≤ 10 points; speed down to 50 % in steps of ≤ 20 points; temperature steps of
     * ≤ 20 °C; babysteps of ≤ 0.05 mm; 6 s dead time, windows judged when ≥ 70 % of them followed it; good within ±4 % flow and ±0.012 mm; OOD above σ 5 points,
     * 0.03 mm, 4 °C; act on the second consecutive window; heater duty within 6 % of the reading's need.
     */
    public static final ControlLimits DEFAULTS = new ControlLimits(80, 120, 10, 50, 20, 20, 0.05, 6, 0.7, 4, 0.012, 2,
            5, 0.03, 4, 2, 0.06);

    /** @throws IllegalArgumentException when the bounds are not ordered or a step is not positive */
    public ControlLimits {
        if (!(minFlowPct > 0 && minFlowPct < 100 && maxFlowPct > 100 && maxFlowStepPct > 0)) {
            throw new IllegalArgumentException("control limits: need 0 < minFlowPct < 100 < maxFlowPct and a"
                    + " positive maxFlowStepPct");
        }
        if (!(minSpeedPct > 0 && minSpeedPct <= 100 && maxSpeedStepPct > 0 && maxTemperatureStepC > 0
                && maxZStepMm > 0 && deadTimeS >= 0 && minSettledShare >= 0 && minSettledShare <= 1
                && persistence >= 1)) {
            throw new IllegalArgumentException("control limits: speed, temperature and Z steps must be positive,"
                    + " 0 < minSpeedPct <= 100, deadTimeS >= 0,"
                    + " 0 <= minSettledShare <= 1, persistence >= 1");
        }
    }
}
