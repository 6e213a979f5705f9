package dev.plantctl.models.printer;

import java.util.List;
import java.util.Objects;

/**
 * The canonical names of a printer farm's signals, shared by the simulator, ingestion and the controllers: the
 * printers' instance ids, their Moonraker-style MQTT topics and status fields, and the OPC UA process values the
 * simulator serves in namespace {@value #NAMESPACE_URI}.
 *
 * <p><b>MQTT</b> (as Moonraker with {@code publish_split_status}): status per field on
 * {@code {instance}/klipper/state/{object}/{field}} as {@code {"eventtime": …, "value": …}}, JSON-RPC 2.0 requests on
 * {@code {instance}/moonraker/api/request}, responses on {@code {instance}/moonraker/api/response}, and the
 * instance's availability on {@code {instance}/moonraker/status}.
 */
public final class PrinterSignals {

    /** The plant's name, as in {@code Reading.plant()}. */
    public static final String PLANT = "printer";
    /** The OPC UA namespace URI of the simulated printer farm. */
    public static final String NAMESPACE_URI = "urn:plantctl:sim:printer";

    /**
     * A status field as Moonraker publishes it.
     *
     * @param object      the Klipper object, e.g. {@code extruder}
     * @param field       the field of the object, e.g. {@code temperature}
     * @param unit        the unit of its value ({@code -} for states and structures)
     * @param description what it is
     */
    public record StatusField(String object, String field, String unit, String description) {

        /** {@code object/field}, the end of its topic. */
        public String path() {
            return object + "/" + field;
        }
    }

    /** Hotend temperature reading, °C. */
    public static final StatusField EXTRUDER_TEMPERATURE =
            new StatusField("extruder", "temperature", "degC", "hotend temperature reading");
    /** Hotend target, °C (0: off). */
    public static final StatusField EXTRUDER_TARGET =
            new StatusField("extruder", "target", "degC", "hotend target (0: heater off)");
    /** Heater PWM duty, 0 … 1, as Klipper reports it. */
    public static final StatusField EXTRUDER_POWER =
            new StatusField("extruder", "power", "fraction", "heater PWM duty, 0 … 1");
    /** Whether the firmware lets the extruder feed (not below the minimum extrusion temperature). */
    public static final StatusField EXTRUDER_CAN_EXTRUDE =
            new StatusField("extruder", "can_extrude", "-", "true unless cold extrusion is being prevented");
    /** Pressure advance K, s. */
    public static final StatusField EXTRUDER_PRESSURE_ADVANCE =
            new StatusField("extruder", "pressure_advance", "s", "pressure advance K");
    /** Speed factor (M220), 1 = 100 %. */
    public static final StatusField SPEED_FACTOR =
            new StatusField("gcode_move", "speed_factor", "fraction", "speed factor (M220), 1 = 100 %");
    /** Flow factor (M221), 1 = 100 %. */
    public static final StatusField EXTRUDE_FACTOR =
            new StatusField("gcode_move", "extrude_factor", "fraction", "flow factor (M221), 1 = 100 %");
    /** G-code offset {@code [x, y, z, e]}, mm; z holds the live Z adjustment. */
    public static final StatusField HOMING_ORIGIN =
            new StatusField("gcode_move", "homing_origin", "mm", "G-code offset [x, y, z, e]; z = live Z adjustment");
    /** Commanded toolhead velocity, mm/s. */
    public static final StatusField LIVE_VELOCITY =
            new StatusField("motion_report", "live_velocity", "mm/s", "commanded toolhead velocity");
    /** Commanded filament velocity, mm/s. */
    public static final StatusField LIVE_EXTRUDER_VELOCITY =
            new StatusField("motion_report", "live_extruder_velocity", "mm/s", "commanded filament velocity");
    /** Job state: {@code printing}, {@code paused}, {@code complete}, {@code error}. */
    public static final StatusField PRINT_STATE =
            new StatusField("print_stats", "state", "-", "printing, paused, complete or error");
    /** Why the printer shut down, or empty. */
    public static final StatusField PRINT_MESSAGE =
            new StatusField("print_stats", "message", "-", "why the printer shut down, or empty");
    /** {@code {"total_layer": n, "current_layer": k}}. */
    public static final StatusField PRINT_INFO =
            new StatusField("print_stats", "info", "-", "{\"total_layer\": n, \"current_layer\": k}");
    /** Extruder motor load from its stepper driver, 0 … 1 (1: at the gear's grip, skipping). */
    public static final StatusField MOTOR_LOAD =
            new StatusField("extruder_load", "motor_load", "fraction", "extruder motor load, 0 … 1 (1: skipping)");
    /** Filament motion sensor: filament actually moving, mm/s. */
    public static final StatusField FILAMENT_VELOCITY =
            new StatusField("filament_motion", "velocity", "mm/s", "filament motion sensor: filament moving");
    /** Number of the last scanned layer, from 1. */
    public static final StatusField SCAN_LAYER =
            new StatusField("layer_scan", "layer", "-", "number of the last finished and scanned layer");
    /** Measured mean line width of the last scanned layer, mm. */
    public static final StatusField SCAN_LINE_WIDTH =
            new StatusField("layer_scan", "line_width", "mm", "measured mean line width of that layer");
    /** Measured mean line height of the last scanned layer, mm. */
    public static final StatusField SCAN_LINE_HEIGHT =
            new StatusField("layer_scan", "line_height", "mm", "measured mean line height of that layer");

    /** Every status field a printer publishes, in this order. */
    public static final List<StatusField> STATUS_FIELDS = List.of(EXTRUDER_TEMPERATURE, EXTRUDER_TARGET,
            EXTRUDER_POWER, EXTRUDER_CAN_EXTRUDE, EXTRUDER_PRESSURE_ADVANCE, SPEED_FACTOR, EXTRUDE_FACTOR,
            HOMING_ORIGIN, LIVE_VELOCITY, LIVE_EXTRUDER_VELOCITY, PRINT_STATE, PRINT_MESSAGE, PRINT_INFO, MOTOR_LOAD,
            FILAMENT_VELOCITY, SCAN_LAYER, SCAN_LINE_WIDTH, SCAN_LINE_HEIGHT);

    /** The layer-scan fields, published together once per finished layer. */
    public static final List<StatusField> SCAN_FIELDS = List.of(SCAN_LAYER, SCAN_LINE_WIDTH, SCAN_LINE_HEIGHT);

    private PrinterSignals() {
    }

    /**
     * The id of the n-th printer: {@code "p" + n}.
     *
     * @throws IllegalArgumentException when n &lt; 1
     */
    public static String instanceId(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("printers are numbered from 1: " + n);
        }
        return "p" + n;
    }

    /** {@code {instance}/klipper/state/{object}/{field}}. */
    public static String statusTopic(String instance, StatusField field) {
        return requireInstance(instance) + "/klipper/state/" + field.path();
    }

    /** {@code {instance}/moonraker/api/request}. */
    public static String requestTopic(String instance) {
        return requireInstance(instance) + "/moonraker/api/request";
    }

    /** {@code {instance}/moonraker/api/response}. */
    public static String responseTopic(String instance) {
        return requireInstance(instance) + "/moonraker/api/response";
    }

    /** {@code {instance}/moonraker/status}: {@code {"server": "online"}} or {@code "offline"}, retained. */
    public static String availabilityTopic(String instance) {
        return requireInstance(instance) + "/moonraker/status";
    }

    /**
     * The identifier of an OPC UA string NodeId in {@link #NAMESPACE_URI}: the parts joined by {@code /}, e.g.
     * {@code p1/hotend_temperature/AnalogSignal}.
     *
     * @throws IllegalArgumentException when a part is blank or contains '/'
     */
    public static String nodeIdentifier(String instance, String... parts) {
        StringBuilder id = new StringBuilder(requireInstance(instance));
        for (String part : parts) {
            id.append('/').append(requirePart(part));
        }
        return id.toString();
    }

    private static String requireInstance(String instance) {
        return requirePart(instance);
    }

    private static String requirePart(String part) {
        Objects.requireNonNull(part, "part");
        if (part.isBlank() || part.indexOf('/') >= 0 || part.indexOf('+') >= 0 || part.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a name part must be non-blank without '/', '+' or '#': '" + part
                    + "'");
        }
        return part;
    }
}
