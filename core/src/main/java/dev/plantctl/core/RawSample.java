package dev.plantctl.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One value as a protocol delivered it, before any interpretation.
 *
 * @param source     the connection it came from (an OPC UA endpoint URL, an MQTT broker URL)
 * @param address    where in that source (an OPC UA NodeId as text, an MQTT topic)
 * @param value      the numeric value; {@code NaN} when the payload was not a number
 * @param valueType  the protocol's name of the value's type, e.g. {@code Double} or {@code String}
 * @param sourceTime when the device sampled the value (the plant's clock); never null
 * @param serverTime when the server handled it (for a broker message: when the client received it), or
 *                   {@code null} when the protocol has no such stamp
 * @param statusCode the OPC UA status code (0 is Good); MQTT samples carry 0
 */
public record RawSample(String source, String address, double value, String valueType,
                        Instant sourceTime, Instant serverTime, long statusCode) {

    public RawSample {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(sourceTime, "sourceTime");
    }

    /** True when the status code's severity bits say Good (OPC UA Part 4, 7.34). */
    public boolean isGood() {
        return (statusCode & 0xC0000000L) == 0;
    }
}
