package dev.plantctl.models.printer;

/**
 * What a printer's monitoring signals showed over one layer: the layer scan's line width and height, and the
 * time-weighted means of the status signals while that layer was printed. The unit of evidence a process expert
 * estimates from and a printer controller decides on.
 *
 * @param layer               the layer's number, from 1
 * @param startS              when the first status of the window was taken, s (the printer's clock)
 * @param endS                when the layer's scan arrived, s (the printer's clock)
 * @param widthMm             measured mean line width of the layer, mm
 * @param heightMm            measured mean line height of the layer, mm
 * @param temperatureC        mean hotend temperature reading, °C
 * @param targetC             mean hotend target, °C
 * @param heaterDuty          mean heater PWM duty, 0 … 1
 * @param speedFactor         mean speed factor (M220), 1 = 100 %
 * @param extrudeFactor       mean flow factor (M221), 1 = 100 %
 * @param zAdjustMm           mean live Z adjustment, mm
 * @param toolheadVelocityMmS mean commanded toolhead velocity, mm/s
 * @param extruderVelocityMmS mean commanded filament velocity, mm/s
 * @param motorLoad           mean extruder motor load, 0 … 1
 * @param filamentVelocityMmS mean filament motion sensor reading, mm/s
 * @param canExtrudeFraction  share of the window in which the firmware let the extruder feed, 0 … 1
 */
public record MonitoringWindow(int layer, double startS, double endS, double widthMm, double heightMm,
                               double temperatureC, double targetC, double heaterDuty, double speedFactor,
                               double extrudeFactor, double zAdjustMm, double toolheadVelocityMmS,
                               double extruderVelocityMmS, double motorLoad, double filamentVelocityMmS,
                               double canExtrudeFraction) {

    /** The window's length, s. */
    public double durationS() {
        return endS - startS;
    }

    /**
     * The filament the motion sensor saw moving over the filament the firmware commanded (1: no slip); 1 when
     * nothing was commanded.
     */
    public double filamentRatio() {
        return extruderVelocityMmS > 1e-6 ? filamentVelocityMmS / extruderVelocityMmS : 1;
    }

    /** The commanded volumetric flow, mm³/s of nominal filament of the given diameter. */
    public double commandedFlowMm3s(double filamentDiameterMm) {
        return extruderVelocityMmS * ExtruderParameters.filamentArea(filamentDiameterMm);
    }
}
