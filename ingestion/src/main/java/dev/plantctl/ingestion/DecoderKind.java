package dev.plantctl.ingestion;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How an MQTT payload is decoded; the name in a tag map file is {@link #key()}. */
public enum DecoderKind {
    /** The payload is one number as text: {@link NumberPayloadDecoder}. */
    NUMBER,
    /** The payload is JSON, each tag's value at a JSON pointer: {@link JsonPayloadDecoder}. */
    JSON,
    /** The payload is a Moonraker per-field status, {@code {"eventtime": ..., "value": ...}}: {@link MoonrakerPayloadDecoder}. */
    MOONRAKER;

    /** The name in a tag map file: {@code number}, {@code json} or {@code moonraker}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a tag map file's name. */
    public static Optional<DecoderKind> ofKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst();
    }
}
