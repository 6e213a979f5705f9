package dev.plantctl.jobs.launch;

import dev.plantctl.connectors.Secret;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A job's configuration file in Java properties format ({@code key=value}, {@code #} comments). Every read names the
 * file and the key when a value is missing or malformed, and {@link #requireOnlyKnownKeys} refuses a key that no
 * option reads (a typo would otherwise be ignored silently).
 */
public final class JobConfigFile {

    private final Path file;
    private final Properties values;
    private final Set<String> read = new TreeSet<>();

    private JobConfigFile(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    /**
     * Reads a configuration file.
     *
     * @throws IllegalArgumentException when it does not exist or cannot be read
     */
    public static JobConfigFile read(Path file) {
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("job configuration " + file + ": cannot read it: " + e.getMessage(), e);
        }
        return new JobConfigFile(file.toAbsolutePath(), values);
    }

    /** The file, absolute. */
    public Path file() {
        return file;
    }

    /** The trimmed value of a key that must be there. */
    public String required(String key) {
        String value = optional(key);
        if (value == null) {
            throw bad(key, "is required");
        }
        return value;
    }

    /** The trimmed value of a key, or null when it is absent or empty. */
    public String optional(String key) {
        read.add(key);
        String value = values.getProperty(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** An integer of at least {@code min}, or the default when absent. */
    public int integer(String key, int defaultValue, int min) {
        String value = optional(key);
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw bad(key, "must be an integer, got '" + value + "'");
        }
        if (parsed < min) {
            throw bad(key, "must be >= " + min + ", got " + parsed);
        }
        return parsed;
    }

    /** A positive duration, ISO-8601 ({@code PT15M}) or a number with unit ms, s, min or h ({@code 15min}). */
    public Duration duration(String key, Duration defaultValue) {
        String value = optional(key);
        if (value == null) {
            return defaultValue;
        }
        Duration parsed = parseDuration(value);
        if (parsed == null) {
            throw bad(key, "must be a duration such as PT15M, 500ms, 10s, 15min or 2h, got '" + value + "'");
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw bad(key, "must be positive, got '" + value + "'");
        }
        return parsed;
    }

    /** An instant, ISO-8601 ({@code 2026-01-01T00:00:00Z}), or null when absent. */
    public Instant instant(String key) {
        String value = optional(key);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw bad(key, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '" + value + "'");
        }
    }

    /** A path, relative ones resolved against the configuration file's directory; null when absent. */
    public Path path(String key) {
        String value = optional(key);
        return value == null ? null : file.getParent().resolve(value).normalize();
    }

    /**
     * A secret named by {@code <prefix>.file} (a file holding it) or {@code <prefix>.env} (an environment variable):
     * the file never holds the secret itself.
     *
     * @throws IllegalArgumentException when both or neither are set; the caller names the key
     */
    public Secret secret(String prefix) {
        Path secretFile = path(prefix + ".file");
        String env = optional(prefix + ".env");
        if (secretFile != null && env != null) {
            throw new IllegalArgumentException(prefix + ".file and " + prefix + ".env are both set; give one");
        }
        if (secretFile != null) {
            return Secret.fromFile(secretFile);
        }
        if (env != null) {
            return Secret.fromEnv(env);
        }
        throw new IllegalArgumentException("the password is missing: set " + prefix + ".file or " + prefix + ".env");
    }

    /**
     * Refuses keys that no option read.
     *
     * @throws IllegalArgumentException naming the file and the unknown keys
     */
    public void requireOnlyKnownKeys() {
        Set<String> unknown = new TreeSet<>(values.stringPropertyNames());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("job configuration " + file + ": unknown key(s) " + unknown
                    + "; known keys: " + read);
        }
    }

    /** An error that names the file and the key. */
    public IllegalArgumentException bad(String key, String problem) {
        return new IllegalArgumentException("job configuration " + file + ": '" + key + "' " + problem);
    }

    private static Duration parseDuration(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            var m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|min|h)").matcher(value);
            if (!m.matches()) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "min" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }
}
