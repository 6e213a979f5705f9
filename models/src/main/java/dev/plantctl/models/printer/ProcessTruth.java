package dev.plantctl.models.printer;

/**
 * The true process state behind a {@link PrinterStatus}, which no sensor shows directly: what a process expert
 * estimates, and the labels to train and test it with.
 *
 * @param blockC             true hotend block temperature, °C
 * @param thermistorC        the thermistor's own temperature, °C
 * @param gapErrorMm         the nozzle's gap error (Z offset + drift + live adjustment), mm; positive is too high
 * @param filamentDiameterMm the filament's diameter now, mm
 * @param boreFraction       effective nozzle bore as a fraction of the clean one (1: no clog)
 * @param slip               fraction of the turned filament the gear delivers, k_eff (1: no slip)
 * @param meltCapacityMm3s   what the hotend can melt at this temperature for this material, mm³/s
 * @param feedMm3s           volume the gear tries to push, mm³/s
 * @param deliveredMm3s      volume entering the melt zone after slip and melt limit, mm³/s
 * @param outflowMm3s        volume leaving the nozzle (after the pressure lag), mm³/s
 * @param flowRatio          outflow over the slicer's flow at the current speed (1: nominal); NaN when not moving
 * @param lineWidthMm        width of the line being laid now, mm (0 when none)
 * @param lineHeightMm       height of the line being laid now, mm (0 when none)
 * @param material           the material being fed
 * @param heaterFailed       whether the heater cartridge has failed
 */
public record ProcessTruth(double blockC, double thermistorC, double gapErrorMm, double filamentDiameterMm,
                           double boreFraction, double slip, double meltCapacityMm3s, double feedMm3s,
                           double deliveredMm3s, double outflowMm3s, double flowRatio, double lineWidthMm,
                           double lineHeightMm, Material material, boolean heaterFailed) {
}
