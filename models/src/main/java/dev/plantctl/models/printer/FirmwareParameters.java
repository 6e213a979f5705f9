package dev.plantctl.models.printer;

/**
 * What the printer's firmware enforces, with Marlin's and Klipper's usual values as defaults.
 *
 * <ul>
 *   <li><b>Cold extrusion prevention:</b> no filament is fed while the hotend reads below {@code minExtrudeC}
 *       (the toolhead keeps moving, as Marlin does; the line is then missing).</li>
 *   <li><b>Heating watch:</b> after a target is raised, the reading must climb by {@code watchIncreaseC} within
 *       every {@code watchPeriodS} until it reaches the target, or the heater is shut down ("heating failed").</li>
 *   <li><b>Thermal runaway:</b> once the reading has reached its target (within {@code settleBandC}), it must not
 *       stay more than {@code runawayHysteresisC} off target for {@code runawayPeriodS}, or the printer shuts
 *       down ("thermal runaway").</li>
 *   <li><b>Dead time:</b> a live command acts only on moves planned after it: {@code deadTimeS} after it arrived
 *       (M112 acts at once).</li>
 *   <li><b>Limits:</b> {@code maxTargetC} is the highest hotend target accepted; {@code maxZAdjustMm} bounds the
 *       accumulated live Z adjustment.</li>
 * </ul>
 *
 * @param minExtrudeC         lowest reading at which the extruder may feed, °C
 * @param watchPeriodS        heating-watch period, s
 * @param watchIncreaseC      rise the heating watch expects per period, °C
 * @param settleBandC         band within which the target counts as reached, °C
 * @param runawayHysteresisC  allowed deviation from the target once reached, °C
 * @param runawayPeriodS      how long the deviation may last, s
 * @param deadTimeS           delay between a live command and its effect, s (1 … 6)
 * @param maxTargetC          highest hotend target, °C
 * @param maxZAdjustMm        bound of the accumulated live Z adjustment, mm
 */
public record FirmwareParameters(double minExtrudeC, double watchPeriodS, double watchIncreaseC, double settleBandC,
                                 double runawayHysteresisC, double runawayPeriodS, double deadTimeS,
                                 double maxTargetC, double maxZAdjustMm) {

    /** Shortest dead time between a command and its effect, s. */
    public static final double MIN_DEAD_TIME_S = 1;
    /** Longest dead time between a command and its effect, s. */
    public static final double MAX_DEAD_TIME_S = 6;

    /** 170 °C, watch 40 s / 2 °C, band 1 °C, runaway 4 °C for 40 s, dead time 2 s, 300 °C, ±1 mm. */
    public static final FirmwareParameters DEFAULTS = new FirmwareParameters(170, 40, 2, 1, 4, 40, 2, 300, 1);

    /** @throws IllegalArgumentException when a value is out of its domain, naming it */
    public FirmwareParameters {
        Checks.requirePositive("minExtrudeC", minExtrudeC);
        Checks.requirePositive("watchPeriodS", watchPeriodS);
        Checks.requirePositive("watchIncreaseC", watchIncreaseC);
        Checks.requirePositive("settleBandC", settleBandC);
        Checks.requirePositive("runawayHysteresisC", runawayHysteresisC);
        Checks.requirePositive("runawayPeriodS", runawayPeriodS);
        if (!(deadTimeS >= MIN_DEAD_TIME_S && deadTimeS <= MAX_DEAD_TIME_S)) {
            throw new IllegalArgumentException("deadTimeS must be in " + MIN_DEAD_TIME_S + " … " + MAX_DEAD_TIME_S
                    + " s: " + deadTimeS);
        }
        if (!(maxTargetC > minExtrudeC && Double.isFinite(maxTargetC))) {
            throw new IllegalArgumentException("maxTargetC must be above minExtrudeC: " + maxTargetC);
        }
        Checks.requirePositive("maxZAdjustMm", maxZAdjustMm);
    }

    /** These parameters with another dead time, s (1 … 6). */
    public FirmwareParameters withDeadTime(double seconds) {
        return new FirmwareParameters(minExtrudeC, watchPeriodS, watchIncreaseC, settleBandC, runawayHysteresisC,
                runawayPeriodS, seconds, maxTargetC, maxZAdjustMm);
    }
}
