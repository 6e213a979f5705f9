package dev.plantctl.dashboards.grafana;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a dashboard's InfluxQL query names: its measurement ({@code FROM "m"}) and every other double-quoted
 * identifier (fields and tags in the select list, conditions, {@code GROUP BY} and {@code WITH KEY}), aliases
 * ({@code AS "name"}) left out. The dashboards quote every identifier, so this sees all of them.
 *
 * @param measurement the measurement
 * @param identifiers the fields and tags it names, in order of appearance
 */
public record InfluxQlReferences(String measurement, List<String> identifiers) {

    private static final Pattern FROM = Pattern.compile("\\bFROM\\s+\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("(\\bAS\\s+)?\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    /**
     * The references of one query.
     *
     * @throws IllegalArgumentException when the query has no {@code FROM "measurement"} or names more than one
     */
    public static InfluxQlReferences of(String influxQl) {
        Matcher from = FROM.matcher(influxQl);
        if (!from.find()) {
            throw new IllegalArgumentException("no FROM \"measurement\" in: " + influxQl);
        }
        String measurement = from.group(1);
        int fromStart = from.start();
        int fromEnd = from.end();
        if (from.find()) {
            throw new IllegalArgumentException("more than one FROM in: " + influxQl);
        }
        List<String> identifiers = new ArrayList<>();
        Matcher quoted = QUOTED.matcher(influxQl);
        while (quoted.find()) {
            boolean isMeasurement = quoted.start() >= fromStart && quoted.end() <= fromEnd;
            if (quoted.group(1) == null && !isMeasurement) {
                identifiers.add(quoted.group(2));
            }
        }
        return new InfluxQlReferences(measurement, List.copyOf(identifiers));
    }
}
