package dev.plantctl.models.printer;

/**
 * What a printer reports: its firmware's state and settings, and its sensors' readings (with their noise and lag)
 * at the end of the last {@link PrinterModel#advance} call.
 *
 * @param elapsedS            seconds since the job started
 * @param state               the job state
 * @param message             why the printer shut down, or empty
 * @param currentLayer        the layer being printed, from 1; 0 while heating for the first
 * @param totalLayers         layers in the job
 * @param temperatureC        hotend temperature reading, °C
 * @param targetC             hotend target, °C (0: heater off)
 * @param heaterDuty          heater PWM duty the firmware commands, 0 … 1 (Klipper's {@code extruder.power})
 * @param heaterPowerW        heater power meter reading, W
 * @param speedFactor         speed factor, 1 = 100 % (M220)
 * @param extrudeFactor       flow factor, 1 = 100 % (M221)
 * @param zAdjustMm           accumulated live Z adjustment, mm (M290, SET_GCODE_OFFSET Z_ADJUST)
 * @param pressureAdvanceS    pressure advance K, s
 * @param toolheadVelocityMmS commanded toolhead velocity, mm/s
 * @param extruderVelocityMmS commanded filament velocity, mm/s (Klipper's {@code live_extruder_velocity})
 * @param motorLoad           extruder motor load from its driver, 0 … 1 (1: at its grip, skipping)
 * @param filamentVelocityMmS filament motion sensor reading, mm/s of filament actually moving
 * @param canExtrude          whether the firmware lets the extruder feed (reading ≥ the minimum extrusion temperature)
 * @param lastLayer           the scan of the last finished layer, or {@code null} before the first is done
 */
public record PrinterStatus(double elapsedS, PrintState state, String message, int currentLayer, int totalLayers,
                            double temperatureC, double targetC, double heaterDuty, double heaterPowerW,
                            double speedFactor, double extrudeFactor, double zAdjustMm, double pressureAdvanceS,
                            double toolheadVelocityMmS, double extruderVelocityMmS, double motorLoad,
                            double filamentVelocityMmS, boolean canExtrude, LayerMeasurement lastLayer) {
}
