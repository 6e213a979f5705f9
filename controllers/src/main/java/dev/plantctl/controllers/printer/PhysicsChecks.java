package dev.plantctl.controllers.printer;

import dev.plantctl.models.printer.Bead;
import dev.plantctl.models.printer.ExtruderParameters;
import dev.plantctl.models.printer.HotendParameters;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.ProcessEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The deterministic, physics-informed checks of the printer controller, each on one window and the expert's
 * estimate, in the order the controller runs them: plausibility (is the evidence in the expert's domain?), thermal
 * state, extrusion capacity (slip, melt capacity), Z offset, and only then the flow. Each returns a
 * {@link Finding} with its reasoning step and, where it found an issue, the correction inside the envelope.
 */
public final class PhysicsChecks {

    /** Filament sensor over commanded feed below this is slip. */
    public static final double SLIP_RATIO = 0.92;
    /** Motor load above this is near the gear's grip. */
    public static final double LOAD_LIMIT = 0.8;
    /** Commanded flow above this share of the melt capacity is melt-limited. */
    public static final double MELT_SHARE = 0.9;
    /** A reading further than this from its target is a thermal transient, °C. */
    public static final double SETTLED_C = 3;
    /** The load a slowed-down extruder aims for. */
    public static final double TARGET_LOAD = 0.6;
    /** The most a drift is carried ahead into a babystep, mm. */
    public static final double MAX_DRIFT_LEAD_MM = 0.015;
    /** The material the expert was trained on. */
    public static final Material TRAINED_MATERIAL = Material.PLA;

    private static final HotendParameters HOTEND = HotendParameters.MARLIN_MPC_DEFAULTS;
    private static final double FILAMENT_MM = ExtruderParameters.DEFAULTS.filamentDiameterMm();

    private PhysicsChecks() {
    }

    /**
     * Is the evidence inside the expert's domain? Unknown or untrained material, implausible sensor values, a
     * heater duty the reading cannot explain, or an expert more uncertain than the limits allow.
     */
    public static Finding plausibility(MonitoringWindow w, PrintContext job, ProcessEstimate e, ControlLimits l) {
        if (job.material().isEmpty()) {
            return escalation("unknown_material", "the job's material '" + job.materialLabel()
                    + "' is unknown: its temperature window and melt capacity are not known and the expert was"
                    + " trained on " + TRAINED_MATERIAL.label() + " only");
        }
        Material m = job.material().get();
        if (!m.equals(TRAINED_MATERIAL)) {
            return escalation("untrained_material", "the job's material is " + m.label() + ", the expert was trained"
                    + " on " + TRAINED_MATERIAL.label() + " only: its estimates are extrapolations");
        }
        String implausible = implausibleSignals(w);
        if (implausible != null) {
            return escalation("implausible_sensor", implausible);
        }
        if (Math.abs(w.temperatureC() - w.targetC()) <= 1 && w.canExtrudeFraction() >= 0.99) {
            double needed = neededDuty(w, m);
            double gap = w.heaterDuty() / needed - 1;
            if (Math.abs(gap) > l.heaterPowerTolerance()) {
                return escalation("implausible_sensor", String.format(Locale.ROOT, "the heater runs at %.3f duty"
                        + " where holding the reading %.1f °C needs %.3f (%+.0f %%): the temperature reading cannot"
                        + " be trusted (thermistor %s)", w.heaterDuty(), w.temperatureC(), needed, 100 * gap,
                        gap < 0 ? "reads high" : "reads low or is detached"));
            }
        }
        if (e.flowSigmaPct() > l.maxFlowSigmaPct() || e.zSigmaMm() > l.maxZSigmaMm()
                || e.temperatureSigmaC() > l.maxTemperatureSigmaC()) {
            return escalation("expert_uncertain", String.format(Locale.ROOT, "the expert is uncertain beyond its"
                    + " limits (σ flow %.1f pp, Z %.3f mm, temperature %.1f °C; limits %.1f, %.3f, %.1f): the window"
                    + " lies outside what it was trained on", e.flowSigmaPct(), e.zSigmaMm(), e.temperatureSigmaC(),
                    l.maxFlowSigmaPct(), l.maxZSigmaMm(), l.maxTemperatureSigmaC()));
        }
        return Finding.ok(String.format(Locale.ROOT, "plausibility: %s job, signals in range, heater duty %.3f fits"
                + " the reading, expert σ flow %.1f pp, Z %.3f mm, temperature %.1f °C within limits", m.label(),
                w.heaterDuty(), e.flowSigmaPct(), e.zSigmaMm(), e.temperatureSigmaC()));
    }

    /**
     * The heater duty that holds the window's reading with its part-cooling fan and filament feed, by the nominal
     * hotend model (Marlin MPC defaults).
     */
    public static double neededDuty(MonitoringWindow w, Material m) {
        double fan = w.layer() >= 2 ? m.coolingFan() : 0;
        return HOTEND.holdingPowerW(w.temperatureC(), fan, w.extruderVelocityMmS()) / HOTEND.heaterPowerW();
    }

    private static String implausibleSignals(MonitoringWindow w) {
        double[] values = {w.widthMm(), w.heightMm(), w.temperatureC(), w.targetC(), w.heaterDuty(),
            w.motorLoad(), w.filamentVelocityMmS(), w.extruderVelocityMmS(), w.speedFactor(), w.extrudeFactor()};
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return "a signal of layer " + w.layer() + " is not a number";
            }
        }
        if (w.temperatureC() < 0 || w.temperatureC() > 400) {
            return String.format(Locale.ROOT, "hotend reading %.1f °C is outside 0 … 400 °C", w.temperatureC());
        }
        if (w.widthMm() < 0 || w.heightMm() < 0 || w.widthMm() > 3 || w.heightMm() > 1.5) {
            return String.format(Locale.ROOT, "layer scan %.3f × %.3f mm is not a line", w.widthMm(), w.heightMm());
        }
        if (w.motorLoad() < 0 || w.motorLoad() > 1 || w.heaterDuty() < 0 || w.heaterDuty() > 1) {
            return "motor load or heater duty outside 0 … 1";
        }
        if (w.filamentRatio() > 1.3) {
            return String.format(Locale.ROOT, "the filament sensor reads %.0f %% of the commanded feed",
                    100 * w.filamentRatio());
        }
        return null;
    }

    /** The thermal state: estimated block temperature against the window; target; settling. */
    public static Finding thermal(MonitoringWindow w, PrintContext job, ProcessEstimate e, Material m,
                                  ControlLimits l) {
        double block = job.plannedTemperatureC() + e.temperatureDevC();
        String state = String.format(Locale.ROOT, "block ≈ %.1f ± %.1f °C (target %.1f, reading %.1f), %s window"
                + " %.0f–%.0f °C", block, e.temperatureSigmaC(), w.targetC(), w.temperatureC(), m.label(),
                m.windowLowC(), m.windowHighC());
        if (block < m.windowLowC()) {
            double wanted = Math.max(job.plannedTemperatureC(), m.windowLowC() + l.temperatureMarginC());
            return temperatureChange("thermal_cold", "thermal: too cold, " + state + "; cold melt is viscous and"
                    + " melts less, so flow is not blamed", w.targetC(), wanted, m, l);
        }
        if (block > m.windowHighC()) {
            double wanted = Math.min(job.plannedTemperatureC(), m.windowHighC() - l.temperatureMarginC());
            return temperatureChange("thermal_hot", "thermal: too hot, " + state, w.targetC(), wanted, m, l);
        }
        if (Math.abs(w.temperatureC() - w.targetC()) > SETTLED_C) {
            return new Finding("thermal_settling", "thermal: not settled, " + state + "; the line is not judged"
                    + " until it is", List.of(), List.of(), false);
        }
        return Finding.ok("thermal: settled, " + state);
    }

    private static Finding temperatureChange(String issue, String step, double target, double wanted, Material m,
                                             ControlLimits l) {
        double bounded = Math.max(target - l.maxTemperatureStepC(), Math.min(target + l.maxTemperatureStepC(),
                wanted));
        bounded = Math.max(m.windowLowC() + l.temperatureMarginC(), Math.min(m.windowHighC() - l.temperatureMarginC(),
                bounded));
        List<Finding.Clamp> clamps = new ArrayList<>();
        if (Math.abs(bounded - wanted) > 0.05) {
            clamps.add(new Finding.Clamp("hotend_target_c", wanted, bounded, "≤ " + l.maxTemperatureStepC()
                    + " °C per step inside the " + m.label() + " window"));
        }
        if (Math.abs(bounded - target) < 0.5) {
            return new Finding(issue, step + "; the target is already where it should be: the heater or its sensor"
                    + " cannot hold it", List.of(), clamps, true);
        }
        return new Finding(issue, step + String.format(Locale.ROOT, "; target → %.0f °C", bounded),
                List.of(String.format(Locale.ROOT, "M104 S%.0f", bounded)), clamps, false);
    }

    /**
     * Extrusion capacity: slip at the gear, a load near the gear's grip (a clog building up, a viscous melt) and the
     * melt capacity at the estimated temperature. The remedy lowers the demand (speed) and, for slip or load, thins
     * the melt (a warmer target inside the window) — never more flow, which would need more force.
     */
    public static Finding capacity(MonitoringWindow w, PrintContext job, ProcessEstimate e, Material m,
                                   ControlLimits l) {
        double block = job.plannedTemperatureC() + e.temperatureDevC();
        double demand = w.commandedFlowMm3s(FILAMENT_MM);
        double capacity = m.meltCapacityAt(block);
        double ratio = w.filamentRatio();
        double speed = 100 * w.speedFactor();
        String state = String.format(Locale.ROOT, "filament sensor %.0f %% of the commanded feed, motor load %.2f,"
                + " demand %.2f of %.2f mm³/s melt capacity at %.0f °C", 100 * ratio, w.motorLoad(), demand,
                capacity, block);
        boolean slip = ratio < SLIP_RATIO;
        boolean nearGrip = w.motorLoad() > LOAD_LIMIT;
        boolean meltLimited = demand > MELT_SHARE * capacity;
        if (!slip && !nearGrip && !meltLimited) {
            return Finding.ok("capacity: " + state + ": no slip, load below the grip, within melt capacity");
        }
        String issue = slip ? "extruder_slip" : nearGrip ? "extruder_load" : "melt_limit";
        String why = slip ? "the gear slips (clog or viscous melt): more flow would slip more"
                : nearGrip ? "the extruder nears its grip (a clog building up or a viscous melt): more flow would"
                + " make it slip" : "the demand nears the melt capacity: more flow would not melt";
        double load = slip ? Math.max(w.motorLoad(), 1 / Math.max(ratio, 0.05)) : nearGrip ? w.motorLoad()
                : demand / (MELT_SHARE * capacity) * TARGET_LOAD;
        double ceiling = m.windowHighC() - l.temperatureMarginC();
        double warmer = slip || nearGrip ? Math.max(0, Math.min(10, ceiling - Math.max(block, w.targetC()))) : 0;
        double relief = Math.exp(-warmer / Material.VISCOSITY_SCALE_K);
        double wanted = Math.min(speed, speed * TARGET_LOAD / (load * relief));
        double bounded = Math.max(Math.max(l.minSpeedPct(), speed - l.maxSpeedStepPct()), wanted);
        List<Finding.Clamp> clamps = new ArrayList<>();
        if (bounded > wanted + 0.5) {
            clamps.add(new Finding.Clamp("speed_pct", wanted, bounded, "speed ≥ " + l.minSpeedPct() + " %, ≤ "
                    + l.maxSpeedStepPct() + " points per step"));
        }
        List<String> gcode = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        if (speed - bounded >= 0.5) {
            gcode.add(String.format(Locale.ROOT, "M220 S%.0f", bounded));
            actions.add(String.format(Locale.ROOT, "speed %.0f → %.0f %%", speed, bounded));
        }
        if (warmer >= 1) {
            double target = Math.min(Math.max(block, w.targetC()) + warmer, ceiling);
            gcode.add(String.format(Locale.ROOT, "M104 S%.0f", target));
            actions.add(String.format(Locale.ROOT, "target → %.0f °C (thinner melt)", target));
        }
        if (gcode.isEmpty()) {
            return new Finding(issue, "capacity: " + state + "; " + why + ", and the speed is at its floor of "
                    + l.minSpeedPct() + " % with the target at the window's top", List.of(), clamps, true);
        }
        return new Finding(issue, "capacity: " + state + "; " + why + ", so the demand is lowered: "
                + String.join(", ", actions), gcode, clamps, false);
    }

    /**
     * The Z offset: the expert's estimate, cross-checked with the gap the measured width implies for the estimated
     * cross-section ({@link #gapFromWidth}); the babystep follows the width when both agree within 0.02 mm. A drift
     * that makes the error worse (its rate from the last judged window, net of babysteps) is carried one window
     * ahead, at most {@value #MAX_DRIFT_LEAD_MM} mm, so that the next layer is not already off again.
     *
     * @param driftRateMmS the gap's drift rate, mm/s (0: none known)
     */
    public static Finding zOffset(MonitoringWindow w, PrintContext job, ProcessEstimate e, double driftRateMmS,
                                  ControlLimits l) {
        double area = e.flowPct() / 100 * job.nominalAreaMm2();
        double fromWidth = gapFromWidth(w.widthMm(), area) - job.nominalHeightMm();
        String state = String.format(Locale.ROOT, "Z offset ≈ %+.3f ± %.3f mm (expert), %s from the width",
                e.zOffsetMm(), e.zSigmaMm(), Double.isFinite(fromWidth)
                        ? String.format(Locale.ROOT, "%+.3f mm", fromWidth) : "not solvable");
        if (Math.abs(e.zOffsetMm()) <= l.zToleranceMm()) {
            return Finding.ok("Z: " + state + ", within ±" + l.zToleranceMm() + " mm");
        }
        boolean agree = Double.isFinite(fromWidth) && Math.abs(fromWidth - e.zOffsetMm()) <= 0.02;
        double now = agree ? fromWidth : e.zOffsetMm();
        double lead = driftRateMmS * now > 0 ? Math.max(-MAX_DRIFT_LEAD_MM, Math.min(MAX_DRIFT_LEAD_MM,
                driftRateMmS * w.durationS())) : 0;
        double error = now + lead;
        double step = Math.max(-l.maxZStepMm(), Math.min(l.maxZStepMm(), -error));
        List<Finding.Clamp> clamps = Math.abs(step + error) > 1e-4 ? List.of(new Finding.Clamp("z_babystep_mm",
                -error, step, "≤ " + l.maxZStepMm() + " mm per step")) : List.of();
        String issue = "z_offset";
        return new Finding(issue, "Z: " + state + "; babystep " + String.format(Locale.ROOT, "%+.3f mm", step)
                + (agree ? " from the width" : " from the expert (the width disagrees)")
                + (lead != 0 ? String.format(Locale.ROOT, ", %+.3f mm of it for a drift of %+.4f mm/s over the next"
                + " window", -lead, driftRateMmS) : ""),
                List.of(String.format(Locale.ROOT, "M290 Z%.3f", step)), clamps, false);
    }

    /**
     * The real gap a line of measured width implies for a cross-section: the smaller root of
     * {@code R·h² − W·h + A = 0} from {@code W = A/h + h·R}, R = 1 − π/4; NaN when none exists (a round thread).
     */
    public static double gapFromWidth(double widthMm, double areaMm2) {
        double disc = widthMm * widthMm - 4 * Bead.ROUNDING * areaMm2;
        if (!(widthMm > 0 && areaMm2 > 0 && disc >= 0)) {
            return Double.NaN;
        }
        return (widthMm - Math.sqrt(disc)) / (2 * Bead.ROUNDING);
    }

    /** The flow itself, judged last: {@code M221 S = F·100/E}, bounded in range and step. */
    public static Finding flow(MonitoringWindow w, ProcessEstimate e, ControlLimits l) {
        double set = 100 * w.extrudeFactor();
        double estimated = e.flowPct();
        String state = String.format(Locale.ROOT, "flow ≈ %.1f ± %.1f %% of nominal (%s) at M221 %.1f %%", estimated,
                e.flowSigmaPct(), ProcessEstimate.classOf(estimated).name().toLowerCase(Locale.ROOT), set);
        if (Math.abs(estimated - 100) <= l.flowTolerancePct()) {
            return Finding.ok("flow: " + state + ", within ±" + l.flowTolerancePct() + " points");
        }
        double wanted = set * 100 / Math.max(estimated, 1);
        double bounded = Math.max(set - l.maxFlowStepPct(), Math.min(set + l.maxFlowStepPct(), wanted));
        bounded = Math.max(l.minFlowPct(), Math.min(l.maxFlowPct(), bounded));
        String issue = estimated < 100 ? "flow_under" : "flow_over";
        String formula = String.format(Locale.ROOT, "M221 S = F·100/E = %.1f·100/%.1f = %.1f", set, estimated, wanted);
        List<Finding.Clamp> clamps = Math.abs(bounded - wanted) > 0.05 ? List.of(new Finding.Clamp("flow_pct", wanted,
                bounded, l.minFlowPct() + "–" + l.maxFlowPct() + " %, ≤ " + l.maxFlowStepPct() + " points per step"))
                : List.of();
        if (wanted < l.minFlowPct() || wanted > l.maxFlowPct()) {
            return new Finding(issue, "flow: " + state + "; " + formula + " lies outside " + l.minFlowPct() + "–"
                    + l.maxFlowPct() + " %: a cause flow does not fix (material, diameter, hardware)", List.of(),
                    clamps, true);
        }
        if (Math.abs(bounded - set) < 0.05) {
            return new Finding(issue, "flow: " + state + "; " + formula + ", but the envelope allows no change",
                    List.of(), clamps, true);
        }
        return new Finding(issue, "flow: " + state + "; " + formula + String.format(Locale.ROOT, " → M221 S%.1f",
                bounded), List.of(String.format(Locale.ROOT, "M221 S%.1f", bounded)), clamps, false);
    }

    private static Finding escalation(String issue, String step) {
        return new Finding(issue, "plausibility: " + step, List.of(), List.of(), true);
    }
}
