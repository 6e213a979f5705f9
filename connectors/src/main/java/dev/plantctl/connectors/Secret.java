package dev.plantctl.connectors;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a password or token comes from: a file or an environment variable, never the command line or a
 * job's configuration, and never the logs ({@link #toString()} names the place, not the value). The value is
 * read where it is used, on the task manager; {@link #check(String)} lets a connector's builder fail at job
 * start when the place is empty.
 */
public final class Secret implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String variable;

    private Secret(String file, String variable) {
        this.file = file;
        this.variable = variable;
    }

    /** The whole content of a file, without a trailing line break. */
    public static Secret fromFile(Path file) {
        return new Secret(Objects.requireNonNull(file, "file").toAbsolutePath().toString(), null);
    }

    /** The value of an environment variable. */
    public static Secret fromEnv(String variable) {
        if (variable == null || variable.isBlank()) {
            throw new IllegalArgumentException("secret: the environment variable name is missing");
        }
        return new Secret(null, variable);
    }

    /**
     * Reads the secret.
     *
     * @throws IllegalStateException naming the file or variable when it is missing, unreadable or empty
     */
    public String value() {
        String value;
        if (file != null) {
            try {
                value = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("secret file " + file + " cannot be read: " + e.getMessage(), e);
            }
        } else {
            value = System.getenv(variable);
            if (value == null) {
                throw new IllegalStateException("environment variable " + variable + " is not set");
            }
        }
        if (value.isEmpty()) {
            throw new IllegalStateException(this + " is empty");
        }
        return value;
    }

    /**
     * Checks that the secret can be read, for a builder's check at job start.
     *
     * @param option the option's name in the message, e.g. {@code MQTT source: option 'password'}
     * @throws IllegalArgumentException naming the option and the place when it cannot
     */
    public void check(String option) {
        try {
            value();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Objects.equals(file, s.file) && Objects.equals(variable, s.variable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, variable);
    }

    @Override
    public String toString() {
        return file != null ? "secret file " + file : "secret from environment variable " + variable;
    }
}
