package dev.plantctl.connectors.influx.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What InfluxDB answered to one write request.
 *
 * @param kind   written, refused (a 4xx but 408/429: never worth retrying) or unreachable (retry later)
 * @param status the HTTP status, 0 when there was no answer
 * @param error  the server's error text (the {@code error} member of its JSON), or what the request met; null when
 *               written
 */
record InfluxAnswer(Kind kind, int status, String error) {

    private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+)");
    private static final Pattern MEASUREMENT = Pattern.compile("on measurement \"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The outcomes. */
    enum Kind { WRITTEN, REFUSED, UNREACHABLE }

    /** How many points the server says it dropped ({@code dropped=N}), or -1 when it does not say. */
    long dropped() {
        Matcher m = DROPPED.matcher(error);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The measurement the server names ({@code on measurement "reading"}), or null. */
    String measurement() {
        Matcher m = MEASUREMENT.matcher(error);
        return m.find() ? m.group(1) : null;
    }

    /** Credentials, permissions or an unknown database: every point of any request meets the same answer. */
    boolean aboutTheWholeRequest() {
        return status == 401 || status == 403 || status == 404;
    }

    /** The server's reason without the per-request count ({@code dropped=1}). */
    String reason() {
        return error.replaceAll("\\s*dropped=\\d+\\s*$", "");
    }
}
