package dev.plantctl.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One G-code line as the allow-list grammar reads it: a command word and numeric parameters, nothing else. Two
 * forms are accepted, the ones Klipper accepts for the commands a controller sends:
 * <pre>
 *   M221 S95.5                               classic: a letter and digits, then letter-prefixed numbers
 *   SET_GCODE_OFFSET Z_ADJUST=0.02 MOVE=1    extended: a command name, then NAME=number
 * </pre>
 * Numbers are plain decimals ({@code -0.025}, {@code 210}): no exponent, no NaN or infinity, at most 6 digits
 * before and after the point. Comments, checksums, line numbers, strings, expressions, lower case, tabs and
 * control characters are refused, as is a parameter given twice. {@link #text()} renders the line from the parsed
 * values, so what is sent is exactly what was judged.
 *
 * @param command    the command word, e.g. {@code M221}
 * @param parameters the parameters by name, in the order written
 * @param extended   true for the {@code NAME=value} form
 */
public record GcodeLine(String command, Map<String, Double> parameters, boolean extended) {

    /** The longest line the grammar reads. */
    public static final int MAX_LENGTH = 200;
    /** The most lines one script may hold. */
    public static final int MAX_LINES = 16;

    private static final Pattern CLASSIC_COMMAND = Pattern.compile("[GM][0-9]{1,4}");
    private static final Pattern EXTENDED_COMMAND = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final String NUMBER = "[-+]?[0-9]{1,6}(?:\\.[0-9]{1,6})?";
    private static final Pattern CLASSIC_PARAMETER = Pattern.compile("([A-Z])(" + NUMBER + ")");
    private static final Pattern EXTENDED_PARAMETER = Pattern.compile("([A-Z][A-Z0-9_]{0,31})=(" + NUMBER + ")");

    public GcodeLine {
        Objects.requireNonNull(command, "command");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Parses a script, one command per line ({@code \n}; one trailing newline allowed).
     *
     * @throws IllegalArgumentException naming the line and what is wrong with it
     */
    public static List<GcodeLine> parseScript(String script) {
        Objects.requireNonNull(script, "script");
        String body = script.endsWith("\n") ? script.substring(0, script.length() - 1) : script;
        if (body.isEmpty()) {
            throw new IllegalArgumentException("the script is empty");
        }
        String[] lines = body.split("\n", -1);
        if (lines.length > MAX_LINES) {
            throw new IllegalArgumentException("the script has " + lines.length + " lines, more than " + MAX_LINES);
        }
        List<GcodeLine> out = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            try {
                out.add(parse(lines[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static GcodeLine parse(String line) {
        if (line.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
        }
        if (line.isEmpty()) {
            throw new IllegalArgumentException("empty line");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!(c == ' ' || c == '=' || c == '_' || c == '.' || c == '-' || c == '+' || (c >= '0' && c <= '9')
                    || (c >= 'A' && c <= 'Z'))) {
                throw new IllegalArgumentException("character " + printable(c) + " at column " + (i + 1)
                        + " is not allowed (only A-Z, 0-9, space, '=', '_', '.', '-', '+')");
            }
        }
        String[] words = line.split(" ", -1);
        String command = words[0];
        boolean classic = CLASSIC_COMMAND.matcher(command).matches();
        if (!classic && !EXTENDED_COMMAND.matcher(command).matches()) {
            throw new IllegalArgumentException("'" + command + "' is not a command word");
        }
        Map<String, Double> parameters = new LinkedHashMap<>();
        for (int w = 1; w < words.length; w++) {
            if (words[w].isEmpty()) {
                throw new IllegalArgumentException("two spaces in a row or a trailing space");
            }
            Matcher m = (classic ? CLASSIC_PARAMETER : EXTENDED_PARAMETER).matcher(words[w]);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + words[w] + "' is not a parameter of the form "
                        + (classic ? "letter and number, e.g. S95" : "NAME=number, e.g. Z_ADJUST=0.02"));
            }
            if (parameters.put(m.group(1), Double.parseDouble(m.group(2))) != null) {
                throw new IllegalArgumentException("parameter " + m.group(1) + " is given twice");
            }
        }
        return new GcodeLine(command, parameters, !classic);
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    /** The line as it is sent, rendered from the parsed values. */
    public String text() {
        StringBuilder b = new StringBuilder(command);
        parameters.forEach((name, value) -> b.append(' ').append(name).append(extended ? "=" : "")
                .append(Numbers.text(value)));
        return b.toString();
    }
}
