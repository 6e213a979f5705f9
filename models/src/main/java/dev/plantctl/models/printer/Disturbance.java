package dev.plantctl.models.printer;

import java.util.Objects;

/**
 * Something that goes wrong with a printer during a job, from {@link #onsetS()} seconds after the job started.
 * The effects are what a process expert has to find from the sensors and correct.
 */
public sealed interface Disturbance {

    /** Seconds after the start of the job at which the disturbance begins, ≥ 0. */
    double onsetS();

    /**
     * A partial clog builds up: the nozzle's effective bore shrinks linearly from its full radius to
     * {@code boreFraction} of it over {@code rampS}, raising the force the extruder needs by {@code 1/r⁴}.
     *
     * @param onsetS       start, s
     * @param rampS        time to reach the final bore, s, ≥ 0
     * @param boreFraction final effective bore radius as a fraction of the clean one, in (0, 1]
     */
    record ClogOnset(double onsetS, double rampS, double boreFraction) implements Disturbance {
        /** @throws IllegalArgumentException when a value is out of its domain */
        public ClogOnset {
            Checks.requireNonNegative("onsetS", onsetS);
            Checks.requireNonNegative("rampS", rampS);
            if (!(boreFraction > 0 && boreFraction <= 1)) {
                throw new IllegalArgumentException("boreFraction must be in (0, 1]: " + boreFraction);
            }
        }

        /** The bore fraction at a time since the start of the job. */
        public double boreAt(double elapsedS) {
            if (elapsedS <= onsetS) {
                return 1;
            }
            double progress = rampS == 0 ? 1 : Math.min(1, (elapsedS - onsetS) / rampS);
            return 1 - progress * (1 - boreFraction);
        }
    }

    /**
     * The job's G-code sets a wrong hotend temperature: from the onset its target is {@code offsetC} off the
     * temperature it was sliced for (the target reported by the printer shows it).
     *
     * @param onsetS  start, s
     * @param offsetC offset of the target, °C
     */
    record WrongTemperature(double onsetS, double offsetC) implements Disturbance {
        /** @throws IllegalArgumentException when a value is out of its domain */
        public WrongTemperature {
            Checks.requireNonNegative("onsetS", onsetS);
            Checks.requireFinite("offsetC", offsetC);
        }
    }

    /**
     * The nozzle's gap to the surface drifts (a loose coupling, thermal growth of the frame): it grows by
     * {@code rateMmS} per second from the onset up to {@code limitMm} (signed: positive is too high).
     *
     * @param onsetS  start, s
     * @param rateMmS drift rate, mm/s (signed)
     * @param limitMm the drift's end value, mm (same sign as the rate)
     */
    record ZDrift(double onsetS, double rateMmS, double limitMm) implements Disturbance {
        /** @throws IllegalArgumentException when a value is out of its domain */
        public ZDrift {
            Checks.requireNonNegative("onsetS", onsetS);
            Checks.requireFinite("rateMmS", rateMmS);
            Checks.requireFinite("limitMm", limitMm);
            if (rateMmS * limitMm < 0) {
                throw new IllegalArgumentException("rate and limit of a Z drift must have the same sign: "
                        + rateMmS + ", " + limitMm);
            }
        }

        /** The drift at a time since the start of the job, mm. */
        public double offsetAt(double elapsedS) {
            if (elapsedS <= onsetS) {
                return 0;
            }
            double drift = rateMmS * (elapsedS - onsetS);
            return limitMm >= 0 ? Math.min(limitMm, drift) : Math.max(limitMm, drift);
        }
    }

    /**
     * The nozzle's gap is off by a fixed amount from the onset (a wrongly set Z offset), mm; positive is too high.
     *
     * @param onsetS   start, s
     * @param offsetMm gap error, mm
     */
    record ZOffset(double onsetS, double offsetMm) implements Disturbance {
        /** @throws IllegalArgumentException when a value is out of its domain */
        public ZOffset {
            Checks.requireNonNegative("onsetS", onsetS);
            Checks.requireFinite("offsetMm", offsetMm);
        }
    }

    /**
     * From the onset the filament's mean diameter is {@code diameterMm} (a new spool, a bad batch) while the slicer
     * still assumes the nominal one.
     *
     * @param onsetS     start, s
     * @param diameterMm new mean diameter, mm
     */
    record DiameterChange(double onsetS, double diameterMm) implements Disturbance {
        /** @throws IllegalArgumentException when a value is out of its domain */
        public DiameterChange {
            Checks.requireNonNegative("onsetS", onsetS);
            Checks.requirePositive("diameterMm", diameterMm);
        }
    }

    /**
     * From the onset another material is fed (a spool swapped by mistake) while the job's temperature stays the
     * one it was sliced for.
     *
     * @param onsetS   start, s
     * @param material the material now fed
     */
    record MaterialChange(double onsetS, Material material) implements Disturbance {
        /** @throws IllegalArgumentException when a value is out of its domain */
        public MaterialChange {
            Checks.requireNonNegative("onsetS", onsetS);
            Objects.requireNonNull(material, "material");
        }
    }

    /** How a temperature sensor fails. */
    enum SensorFaultKind {
        /** The reading is off by a constant bias (a bad thermistor table, a loose connector). */
        BIAS,
        /** The thermistor has come loose from the block and reads far too low. */
        DETACHED
    }

    /**
     * The hotend's temperature sensor fails.
     *
     * @param onsetS start, s
     * @param kind   how it fails
     * @param biasC  for {@link SensorFaultKind#BIAS}: reading minus truth, °C; ignored otherwise
     */
    record SensorFault(double onsetS, SensorFaultKind kind, double biasC) implements Disturbance {
        /** @throws IllegalArgumentException when a value is out of its domain */
        public SensorFault {
            Checks.requireNonNegative("onsetS", onsetS);
            Objects.requireNonNull(kind, "kind");
            Checks.requireFinite("biasC", biasC);
        }
    }

    /**
     * The heater cartridge fails open: from the onset it delivers no heat, whatever the firmware commands.
     *
     * @param onsetS start, s
     */
    record HeaterFailure(double onsetS) implements Disturbance {
        /** @throws IllegalArgumentException when a value is out of its domain */
        public HeaterFailure {
            Checks.requireNonNegative("onsetS", onsetS);
        }
    }
}
