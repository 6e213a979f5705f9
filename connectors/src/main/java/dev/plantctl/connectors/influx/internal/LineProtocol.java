package dev.plantctl.connectors.influx.internal;

/** Reading line protocol back, as far as the sink needs to. */
final class LineProtocol {

    private LineProtocol() {
    }

    /**
     * The measurement of a line: what comes before the first unescaped comma or space, with {@code \\,} and
     * {@code \\ } unescaped (other backslashes are literal in a measurement, as InfluxDB reads them).
     */
    static String measurement(String line) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == ',' || line.charAt(i + 1) == ' ')) {
                b.append(line.charAt(++i));
            } else if (c == ',' || c == ' ') {
                break;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
