package dev.plantctl.models.printer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the live G-code a printer honours, in Marlin's form ({@code M221 S95}) and Klipper's
 * ({@code SET_PRESSURE_ADVANCE ADVANCE=0.04}). Command names are case-insensitive; a {@code ;} starts a comment;
 * a script holds one command per line, and blank lines are skipped.
 *
 * <table>
 *   <caption>Commands and the ranges they accept</caption>
 *   <tr><th>command</th><th>parameter</th><th>range</th></tr>
 *   <tr><td>{@code M221}</td><td>{@code S} flow %</td><td>{@value #MIN_PERCENT} … {@value #MAX_PERCENT}</td></tr>
 *   <tr><td>{@code M220}</td><td>{@code S} speed %</td><td>{@value #MIN_PERCENT} … {@value #MAX_PERCENT}</td></tr>
 *   <tr><td>{@code M104}, {@code M109}</td><td>{@code S} °C (optional {@code T0})</td><td>0 (off) or
 *       0 … {@value #MAX_TEMPERATURE_C}; the printer checks its own maximum</td></tr>
 *   <tr><td>{@code M290}</td><td>{@code Z} mm</td><td>−{@value #MAX_Z_STEP_MM} … {@value #MAX_Z_STEP_MM}</td></tr>
 *   <tr><td>{@code SET_GCODE_OFFSET}</td><td>{@code Z_ADJUST=} mm (optional {@code MOVE=0|1})</td><td>as M290</td></tr>
 *   <tr><td>{@code M900}</td><td>{@code K} s</td><td>0 … {@value #MAX_PRESSURE_ADVANCE_S}</td></tr>
 *   <tr><td>{@code SET_PRESSURE_ADVANCE}</td><td>{@code ADVANCE=} s (optional {@code EXTRUDER=extruder})</td>
 *       <td>as M900</td></tr>
 *   <tr><td>{@code PAUSE}, {@code M25}, {@code RESUME}, {@code M24}, {@code M112}</td><td>none</td><td></td></tr>
 * </table>
 *
 * Anything else fails with a {@link GcodeException} of kind {@code UNKNOWN_COMMAND}, {@code MALFORMED} or
 * {@code OUT_OF_RANGE}; the message names the line and the rule. Parsing never throws anything else.
 */
public final class Gcode {

    /** Lowest flow or speed factor accepted, %. */
    public static final double MIN_PERCENT = 10;
    /** Highest flow or speed factor accepted, %. */
    public static final double MAX_PERCENT = 200;
    /** Highest hotend temperature the parser accepts, °C (a printer may accept less). */
    public static final double MAX_TEMPERATURE_C = 500;
    /** Largest single Z babystep, mm. */
    public static final double MAX_Z_STEP_MM = 0.5;
    /** Largest pressure advance, s. */
    public static final double MAX_PRESSURE_ADVANCE_S = 2;
    /** Longest script accepted, characters. */
    public static final int MAX_SCRIPT_CHARS = 4096;

    private Gcode() {
    }

    /**
     * Parses a script of one or more lines.
     *
     * @return the commands in order, at least one
     * @throws GcodeException when any line is not a command this printer honours, or the script is empty; no
     *                        command of the script is returned then
     */
    public static List<GcodeCommand> parse(String script) throws GcodeException {
        if (script == null) {
            throw new GcodeException(GcodeException.Kind.MALFORMED, "the script is missing");
        }
        if (script.length() > MAX_SCRIPT_CHARS) {
            throw new GcodeException(GcodeException.Kind.MALFORMED,
                    "the script is longer than " + MAX_SCRIPT_CHARS + " characters");
        }
        List<GcodeCommand> commands = new ArrayList<>();
        for (String raw : script.split("\\R", -1)) {
            int comment = raw.indexOf(';');
            String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
            if (!line.isEmpty()) {
                commands.add(parseLine(line));
            }
        }
        if (commands.isEmpty()) {
            throw new GcodeException(GcodeException.Kind.MALFORMED, "the script holds no command");
        }
        return List.copyOf(commands);
    }

    private static GcodeCommand parseLine(String line) throws GcodeException {
        String[] tokens = line.split("\\s+");
        String name = tokens[0].toUpperCase(Locale.ROOT);
        return switch (name) {
            case "M221" -> new GcodeCommand.SetFlow(percent(line, marlin(line, tokens, "S"), 'S'));
            case "M220" -> new GcodeCommand.SetSpeed(percent(line, marlin(line, tokens, "S"), 'S'));
            case "M104" -> new GcodeCommand.SetHotendTarget(temperature(line, marlin(line, tokens, "S", "T")));
            case "M109" -> new GcodeCommand.WaitForHotend(temperature(line, marlin(line, tokens, "S", "T")));
            case "M290" -> new GcodeCommand.AdjustZ(zStep(line, required(line, marlin(line, tokens, "Z"), "Z")));
            case "M900" -> new GcodeCommand.SetPressureAdvance(
                    advance(line, required(line, marlin(line, tokens, "K"), "K")));
            case "SET_GCODE_OFFSET" -> {
                Map<String, String> p = klipper(line, tokens, "Z_ADJUST", "MOVE");
                String move = p.get("MOVE");
                if (move != null && !move.equals("0") && !move.equals("1")) {
                    throw malformed(line, "MOVE must be 0 or 1");
                }
                yield new GcodeCommand.AdjustZ(zStep(line, required(line, p, "Z_ADJUST")));
            }
            case "SET_PRESSURE_ADVANCE" -> {
                Map<String, String> p = klipper(line, tokens, "ADVANCE", "EXTRUDER");
                String extruder = p.get("EXTRUDER");
                if (extruder != null && !extruder.equalsIgnoreCase("extruder")) {
                    throw new GcodeException(GcodeException.Kind.OUT_OF_RANGE,
                            "'" + line + "': this printer has one extruder, 'extruder'");
                }
                yield new GcodeCommand.SetPressureAdvance(advance(line, required(line, p, "ADVANCE")));
            }
            case "PAUSE", "M25" -> {
                noParameters(line, tokens);
                yield new GcodeCommand.Pause();
            }
            case "RESUME", "M24" -> {
                noParameters(line, tokens);
                yield new GcodeCommand.Resume();
            }
            case "M112" -> {
                noParameters(line, tokens);
                yield new GcodeCommand.EmergencyStop();
            }
            default -> throw new GcodeException(GcodeException.Kind.UNKNOWN_COMMAND,
                    "unknown command '" + tokens[0] + "'; live commands: M221, M220, M104, M290, SET_GCODE_OFFSET,"
                            + " M900, SET_PRESSURE_ADVANCE, PAUSE, M25, RESUME, M24, M112");
        };
    }

    /** Formats a parameter value without a trailing {@code .0}. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** Marlin parameters: a letter followed by a number, each letter at most once, only the allowed letters. */
    private static Map<String, String> marlin(String line, String[] tokens, String... allowed) throws GcodeException {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            String key = tokens[i].substring(0, 1).toUpperCase(Locale.ROOT);
            if (!List.of(allowed).contains(key)) {
                throw malformed(line, "unexpected parameter '" + tokens[i] + "'; expected " + List.of(allowed));
            }
            if (params.put(key, tokens[i].substring(1)) != null) {
                throw malformed(line, "parameter " + key + " given twice");
            }
        }
        String tool = params.remove("T");
        if (tool != null && !tool.equals("0")) {
            throw new GcodeException(GcodeException.Kind.OUT_OF_RANGE,
                    "'" + line + "': this printer has one tool, T0");
        }
        return params;
    }

    /** Klipper parameters: {@code NAME=value}, each name at most once, only the allowed names. */
    private static Map<String, String> klipper(String line, String[] tokens, String... allowed) throws GcodeException {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq <= 0) {
                throw malformed(line, "parameters are NAME=value: '" + tokens[i] + "'");
            }
            String key = tokens[i].substring(0, eq).toUpperCase(Locale.ROOT);
            if (!List.of(allowed).contains(key)) {
                throw malformed(line, "unexpected parameter '" + key + "'; expected " + List.of(allowed));
            }
            if (params.put(key, tokens[i].substring(eq + 1)) != null) {
                throw malformed(line, "parameter " + key + " given twice");
            }
        }
        return params;
    }

    private static void noParameters(String line, String[] tokens) throws GcodeException {
        if (tokens.length > 1) {
            throw malformed(line, "takes no parameters");
        }
    }

    private static double required(String line, Map<String, String> params, String key) throws GcodeException {
        String raw = params.get(key);
        if (raw == null) {
            throw malformed(line, "parameter " + key + " is required");
        }
        return value(line, key, raw);
    }

    private static double value(String line, String key, String raw) throws GcodeException {
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw malformed(line, key + " is not a number: '" + raw + "'");
        }
        if (!Double.isFinite(v) || raw.chars().anyMatch(Character::isLetter)) {
            throw malformed(line, key + " is not a finite decimal number: '" + raw + "'");
        }
        return v;
    }

    private static double percent(String line, Map<String, String> params, char key) throws GcodeException {
        double v = required(line, params, String.valueOf(key));
        return inRange(line, key + " (%)", v, MIN_PERCENT, MAX_PERCENT);
    }

    private static double temperature(String line, Map<String, String> params) throws GcodeException {
        return inRange(line, "S (°C)", required(line, params, "S"), 0, MAX_TEMPERATURE_C);
    }

    private static double zStep(String line, double mm) throws GcodeException {
        return inRange(line, "Z step (mm)", mm, -MAX_Z_STEP_MM, MAX_Z_STEP_MM);
    }

    private static double advance(String line, double k) throws GcodeException {
        return inRange(line, "pressure advance (s)", k, 0, MAX_PRESSURE_ADVANCE_S);
    }

    private static double inRange(String line, String what, double v, double low, double high)
            throws GcodeException {
        if (v < low || v > high) {
            throw new GcodeException(GcodeException.Kind.OUT_OF_RANGE,
                    "'" + line + "': " + what + " must be in " + number(low) + " … " + number(high) + ": "
                            + number(v));
        }
        return v;
    }

    private static GcodeException malformed(String line, String why) {
        return new GcodeException(GcodeException.Kind.MALFORMED, "'" + line + "': " + why);
    }
}
