package dev.plantctl.models.printer;

import java.util.Objects;

/**
 * Everything that describes one printer's hardware, firmware and sensors.
 *
 * @param hotend   thermal model of the hotend
 * @param extruder extruder, nozzle and filament
 * @param firmware firmware limits and safety
 * @param sensors  sensor noise and lag
 */
public record PrinterParameters(HotendParameters hotend, ExtruderParameters extruder, FirmwareParameters firmware,
                                SensorParameters sensors) {

    /** Marlin MPC hotend defaults, a direct-drive extruder, Marlin/Klipper firmware defaults, realistic sensors. */
    public static final PrinterParameters DEFAULTS = new PrinterParameters(HotendParameters.MARLIN_MPC_DEFAULTS,
            ExtruderParameters.DEFAULTS, FirmwareParameters.DEFAULTS, SensorParameters.DEFAULTS);

    /** @throws NullPointerException naming the missing part */
    public PrinterParameters {
        Objects.requireNonNull(hotend, "hotend");
        Objects.requireNonNull(extruder, "extruder");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(sensors, "sensors");
    }

    /** These parameters with other sensors. */
    public PrinterParameters withSensors(SensorParameters other) {
        return new PrinterParameters(hotend, extruder, firmware, other);
    }

    /** These parameters with another firmware. */
    public PrinterParameters withFirmware(FirmwareParameters other) {
        return new PrinterParameters(hotend, extruder, other, sensors);
    }

    /** These parameters with another extruder. */
    public PrinterParameters withExtruder(ExtruderParameters other) {
        return new PrinterParameters(hotend, other, firmware, sensors);
    }
}
