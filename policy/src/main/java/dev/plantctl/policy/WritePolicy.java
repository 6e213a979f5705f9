package dev.plantctl.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An actuator write policy file (YAML, format {@value #FORMAT}): per controller identity, which actuators it may
 * set and which G-code it may send, with value ranges, rates of change, expiries, running totals, material
 * temperature windows and what needs an operator's approval. The language, with examples, is in
 * {@code policy/README.md}; in short:
 * <pre>
 * format: plantctl-write-policy/1
 * identities:
 *   greenhouse-control:
 *     setpoints:
 *       - match: greenhouse/*&#47;heating          # plant/unit/actuator, * any run of characters
 *         range: [0, 150]
 *         max_change: {by: 15, per: 15m}
 *         max_expiry: 30m
 *   printer-control:
 *     materials: {PLA: [190, 220]}
 *     gcode:
 *       M221: {S: {range: [80, 120], max_change: {by: 10, per: 5s}, required: true}}
 *       M104: {S: {window: material, required: true}}
 *       SET_GCODE_OFFSET: {Z_ADJUST: {range: [-0.05, 0.05], total: 0.2, required: true}, MOVE: {range: [1, 1]}}
 *       PAUSE: {}
 * </pre>
 * Whatever the file does not allow is refused. Every problem is reported at load as a {@link PolicyException}
 * naming file, line and key. Immutable.
 */
public final class WritePolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The format this loader reads, the required value of the {@code format} key. */
    public static final String FORMAT = "plantctl-write-policy/1";
    /** The policy shipped with plantctl, for the demo and the embedded defaults. */
    public static final String SHIPPED = "dev/plantctl/policy/write-policy.yaml";

    private final String name;
    private final Map<String, IdentityPolicy> identities;

    WritePolicy(String name, Map<String, IdentityPolicy> identities) {
        this.name = name;
        this.identities = Map.copyOf(identities);
    }

    /**
     * Loads and checks a policy file.
     *
     * @throws IOException     when the file cannot be read
     * @throws PolicyException when its content is not a valid policy
     */
    public static WritePolicy load(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The policy shipped with plantctl ({@value #SHIPPED}). */
    public static WritePolicy shipped() {
        try (InputStream in = WritePolicy.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("the shipped write policy " + SHIPPED + " is missing from the class"
                        + " path");
            }
            return parse("classpath:" + SHIPPED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped write policy " + SHIPPED, e);
        }
    }

    /**
     * The shipped policy when {@code file} is null, else the file's.
     *
     * @throws IOException     when the file cannot be read
     * @throws PolicyException when its content is not a valid policy
     */
    public static WritePolicy loadOrShipped(Path file) throws IOException {
        return file == null ? shipped() : load(file);
    }

    /**
     * Parses and checks a policy from text.
     *
     * @param name what messages call the file
     * @throws PolicyException when the text is not a valid policy
     */
    public static WritePolicy parse(String name, String yaml) {
        return new PolicyFileReader(Objects.requireNonNull(name, "name")).read(Objects.requireNonNull(yaml, "yaml"));
    }

    /** The file's name, as messages give it. */
    public String name() {
        return name;
    }

    /**
     * What one identity may write.
     *
     * @throws PolicyException when the policy has no such identity (nothing would be allowed: a misconfigured job
     *                         should stop at start, not refuse every write)
     */
    public IdentityPolicy identity(String identity) {
        IdentityPolicy p = identities.get(identity);
        if (p == null) {
            throw new PolicyException(name, 0, "identities", "no identity '" + identity + "' (the policy has "
                    + String.join(", ", new TreeSet<>(identities.keySet())) + ")");
        }
        return p;
    }
}
