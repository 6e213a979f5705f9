package dev.plantctl.models.printer;

/**
 * The extruder, nozzle and filament.
 *
 * <p><b>Pressure lag.</b> Outflow follows the volume pushed into the melt zone with a first-order lag of time
 * constant {@code pressureLagS} (Klipper's pressure advance K of a well-tuned printer is this τ).
 *
 * <p><b>Drive force and slip.</b> The force the gear needs is modelled as proportional to the laminar pressure
 * drop {@code ΔP = 8μLQ/(πr⁴)}: to the flow fed, to the melt's viscosity, and to {@code 1/r⁴} of the effective bore
 * (a 10 % smaller bore needs 52 % more force). Feeding more than the hotend can melt jams unmolten filament into
 * the melt zone, which multiplies the force by {@code (Q / Q_melt)²}. At the material's nominal melt capacity,
 * nominal temperature and a clean nozzle the gear needs {@code 1 / driveHeadroom} of its grip; beyond its grip it
 * slips and delivers only {@code k_eff = min(1, F_max / F_needed)} of the filament it turns.
 *
 * <p><b>Filament.</b> The slicer assumes {@code filamentDiameterMm}; the real diameter wanders around it with
 * standard deviation {@code diameterSigmaMm} and correlation time {@code diameterCorrelationS} (an
 * Ornstein–Uhlenbeck process), and delivered volume scales with the real cross-section (the ratio of areas).
 *
 * @param filamentDiameterMm   nominal filament diameter, mm
 * @param pressureLagS         τ of the outflow's lag behind the feed, s
 * @param driveHeadroom        gear grip over the force needed at nominal melt capacity, &gt; 1 for a healthy printer
 * @param diameterSigmaMm      standard deviation of the filament diameter, mm
 * @param diameterCorrelationS correlation time of the diameter's wander, s
 */
public record ExtruderParameters(double filamentDiameterMm, double pressureLagS, double driveHeadroom,
                                 double diameterSigmaMm, double diameterCorrelationS) {

    /** 1.75 mm filament (±0.01 mm, correlated over 60 s), τ = 0.05 s (a direct drive), headroom 2. */
    public static final ExtruderParameters DEFAULTS = new ExtruderParameters(1.75, 0.05, 2.0, 0.01, 60);

    /** @throws IllegalArgumentException when a value is out of its domain, naming it */
    public ExtruderParameters {
        Checks.requirePositive("filamentDiameterMm", filamentDiameterMm);
        Checks.requirePositive("pressureLagS", pressureLagS);
        Checks.requirePositive("driveHeadroom", driveHeadroom);
        Checks.requireNonNegative("diameterSigmaMm", diameterSigmaMm);
        Checks.requirePositive("diameterCorrelationS", diameterCorrelationS);
    }

    /** Cross-section of filament of a diameter, mm². */
    public static double filamentArea(double diameterMm) {
        return Math.PI * diameterMm * diameterMm / 4;
    }

    /** Cross-section of the nominal filament, mm² (2.405 mm² for 1.75 mm). */
    public double nominalFilamentArea() {
        return filamentArea(filamentDiameterMm);
    }
}
