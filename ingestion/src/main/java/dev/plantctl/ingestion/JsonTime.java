package dev.plantctl.ingestion;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a JSON payload carries its event time, and how it writes it.
 *
 * @param pointer the JSON pointer of the timestamp
 * @param format  how the timestamp is written
 */
public record JsonTime(String pointer, Format format) implements Serializable {

    /** How a timestamp is written; the name in a tag map file is {@link #key()}. */
    public enum Format {
        /** A number of milliseconds since 1970-01-01T00:00:00Z. */
        EPOCH_MILLIS,
        /** A number of seconds since 1970-01-01T00:00:00Z, possibly fractional. */
        EPOCH_SECONDS,
        /** A string such as {@code 2026-02-01T00:15:00Z} or {@code 2026-02-01T01:15:00+01:00}. */
        ISO_8601;

        /** The name in a tag map file: {@code epoch-millis}, {@code epoch-seconds}, {@code iso-8601}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The format of a tag map file's name. */
        public static Optional<Format> ofKey(String key) {
            return Arrays.stream(values()).filter(f -> f.key().equals(key)).findFirst();
        }
    }

    public JsonTime {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(format, "format");
        JsonPayloadDecoder.checkPointer(pointer);
    }
}
