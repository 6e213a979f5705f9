package dev.plantctl.simulators.printer;

import dev.plantctl.models.printer.LayerMeasurement;
import dev.plantctl.models.printer.PrinterStatus;
import dev.plantctl.simulators.opcua.EngineeringUnits;
import java.util.function.ToDoubleFunction;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;

/**
 * The process values of a printer in its OPC UA view, after the ProcessValue pattern of OPC 40001-2 that OPC 40540
 * (Additive Manufacturing) uses: each is an object with a {@code SignalTag}, an {@code AnalogSignal} (a Double
 * AnalogItemType with EngineeringUnits and EURange), and where a desired value exists a
 * {@code ProcessValueSetpoint} (same units and range) and a {@code Deviation} (signal − setpoint).
 */
enum ProcessValue {

    /** Hotend temperature reading against its target. */
    HOTEND_TEMPERATURE("hotend_temperature", "Hotend temperature reading", EngineeringUnits.CELSIUS, 0, 300,
            PrinterStatus::temperatureC, PrinterStatus::targetC),
    /** Heater power meter. */
    HEATER_POWER("heater_power", "Heater power (meter)", EngineeringUnits.WATT, 0, 40,
            PrinterStatus::heaterPowerW, null),
    /** Extruder motor load from its stepper driver. */
    EXTRUDER_MOTOR_LOAD("extruder_motor_load", "Extruder motor load (100 %: at the gear's grip, skipping)",
            EngineeringUnits.PERCENT, 0, 100, s -> 100 * s.motorLoad(), null),
    /** Filament motion sensor against the commanded filament velocity (a negative deviation is slip). */
    FILAMENT_VELOCITY("filament_velocity", "Filament moving (motion sensor) against the commanded feed",
            EngineeringUnits.MILLIMETRE_PER_SECOND, 0, 30, PrinterStatus::filamentVelocityMmS,
            PrinterStatus::extruderVelocityMmS),
    /** Commanded toolhead velocity. */
    TOOLHEAD_VELOCITY("toolhead_velocity", "Commanded toolhead velocity", EngineeringUnits.MILLIMETRE_PER_SECOND,
            0, 500, PrinterStatus::toolheadVelocityMmS, null),
    /** Flow factor (M221). */
    FLOW_FACTOR("flow_factor", "Flow factor (M221)", EngineeringUnits.PERCENT, 10, 200,
            s -> 100 * s.extrudeFactor(), null),
    /** Speed factor (M220). */
    SPEED_FACTOR("speed_factor", "Speed factor (M220)", EngineeringUnits.PERCENT, 10, 200,
            s -> 100 * s.speedFactor(), null),
    /** Live Z adjustment (babysteps). */
    Z_ADJUST("z_adjust", "Live Z adjustment (M290, SET_GCODE_OFFSET Z_ADJUST)", EngineeringUnits.MILLIMETRE, -1, 1,
            PrinterStatus::zAdjustMm, null),
    /** Pressure advance. */
    PRESSURE_ADVANCE("pressure_advance", "Pressure advance K (M900, SET_PRESSURE_ADVANCE)", EngineeringUnits.SECOND,
            0, 2, PrinterStatus::pressureAdvanceS, null),
    /** Measured mean line width of the last scanned layer against the slicer's. */
    LINE_WIDTH("line_width", "Mean line width of the last scanned layer (nozzle camera)",
            EngineeringUnits.MILLIMETRE, 0, 1.5, s -> scan(s, LayerMeasurement::widthMm),
            s -> scan(s, LayerMeasurement::nominalWidthMm)),
    /** Measured mean line height of the last scanned layer against the slicer's. */
    LINE_HEIGHT("line_height", "Mean line height of the last scanned layer (laser profiler)",
            EngineeringUnits.MILLIMETRE, 0, 1, s -> scan(s, LayerMeasurement::heightMm),
            s -> scan(s, LayerMeasurement::nominalHeightMm));

    /** Browse name of the measured value. */
    static final String ANALOG_SIGNAL = "AnalogSignal";
    /** Browse name of the desired value. */
    static final String SETPOINT = "ProcessValueSetpoint";
    /** Browse name of the signal's deviation from the setpoint. */
    static final String DEVIATION = "Deviation";
    /** Browse name of the signal's tag. */
    static final String SIGNAL_TAG = "SignalTag";

    private final String browseName;
    private final String description;
    private final EUInformation units;
    private final double low;
    private final double high;
    private final ToDoubleFunction<PrinterStatus> signal;
    private final ToDoubleFunction<PrinterStatus> setpoint;

    ProcessValue(String browseName, String description, EUInformation units, double low, double high,
                 ToDoubleFunction<PrinterStatus> signal, ToDoubleFunction<PrinterStatus> setpoint) {
        this.browseName = browseName;
        this.description = description;
        this.units = units;
        this.low = low;
        this.high = high;
        this.signal = signal;
        this.setpoint = setpoint;
    }

    String browseName() {
        return browseName;
    }

    String description() {
        return description;
    }

    EUInformation units() {
        return units;
    }

    double low() {
        return low;
    }

    double high() {
        return high;
    }

    boolean hasSetpoint() {
        return setpoint != null;
    }

    /** The measured value (NaN when there is none yet, e.g. before the first layer scan). */
    double signal(PrinterStatus s) {
        return signal.applyAsDouble(s);
    }

    /** The desired value; only when {@link #hasSetpoint()}. */
    double setpoint(PrinterStatus s) {
        return setpoint.applyAsDouble(s);
    }

    private static double scan(PrinterStatus s, ToDoubleFunction<LayerMeasurement> part) {
        return s.lastLayer() == null ? Double.NaN : part.applyAsDouble(s.lastLayer());
    }
}
