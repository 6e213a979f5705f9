package dev.plantctl.models.printer;

import java.util.Locale;

/**
 * The firmware's thermal protection for the hotend, as Marlin does it ({@link FirmwareParameters} holds the
 * numbers):
 * <ul>
 *   <li>after every change of target, the protection waits for the reading to reach the target within the settle
 *       band; while it heats toward it, the reading must rise by the watch increase in every watch period, or the
 *       heater is shut down ("heating failed");</li>
 *   <li>once reached, a reading more than the hysteresis off target for the runaway period without a break shuts
 *       the printer down ("thermal runaway");</li>
 *   <li>a target of 0 (heater off) disarms it.</li>
 * </ul>
 * Mutable, not thread-safe.
 */
final class ThermalProtection {

    private enum Phase { OFF, APPROACHING, ARMED, TRIPPED }

    private final FirmwareParameters f;
    private Phase phase = Phase.OFF;
    private double target;
    private double watchStartS;
    private double watchStartC;
    private double offTargetSinceS = Double.NaN;

    ThermalProtection(FirmwareParameters firmware) {
        this.f = firmware;
    }

    /**
     * Checks one reading.
     *
     * @param nowS     the time, s
     * @param readingC the temperature reading, °C
     * @param targetC  the current target, °C (≤ 0: off)
     * @return the fault message when the protection trips now, otherwise {@code null}
     */
    String check(double nowS, double readingC, double targetC) {
        if (phase == Phase.TRIPPED) {
            return null;
        }
        if (targetC != target) {
            target = targetC;
            phase = targetC > 0 ? Phase.APPROACHING : Phase.OFF;
            watchStartS = nowS;
            watchStartC = readingC;
            offTargetSinceS = Double.NaN;
        }
        switch (phase) {
            case APPROACHING -> {
                if (Math.abs(readingC - target) <= f.settleBandC()) {
                    phase = Phase.ARMED;
                } else if (readingC < target && nowS - watchStartS >= f.watchPeriodS()) {
                    if (readingC < watchStartC + f.watchIncreaseC()) {
                        return trip(String.format(Locale.ROOT, "Heating failed: extruder rose %.1f °C in %.0f s,"
                                + " expected %.1f °C", readingC - watchStartC, f.watchPeriodS(), f.watchIncreaseC()));
                    }
                    watchStartS = nowS;
                    watchStartC = readingC;
                }
            }
            case ARMED -> {
                if (Math.abs(readingC - target) <= f.runawayHysteresisC()) {
                    offTargetSinceS = Double.NaN;
                } else if (Double.isNaN(offTargetSinceS)) {
                    offTargetSinceS = nowS;
                } else if (nowS - offTargetSinceS >= f.runawayPeriodS()) {
                    return trip(String.format(Locale.ROOT, "Thermal runaway: extruder %.1f °C off its target of"
                            + " %.1f °C for %.0f s", readingC - target, target, f.runawayPeriodS()));
                }
            }
            default -> {
            }
        }
        return null;
    }

    /** Whether the protection watches a reached target now. */
    boolean armed() {
        return phase == Phase.ARMED;
    }

    private String trip(String message) {
        phase = Phase.TRIPPED;
        return message;
    }
}
