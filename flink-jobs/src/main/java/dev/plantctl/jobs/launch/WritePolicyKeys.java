package dev.plantctl.jobs.launch;

import dev.plantctl.policy.IdentityPolicy;
import dev.plantctl.policy.PolicyException;
import dev.plantctl.policy.WritePolicy;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The write policy keys of a job configuration file:
 * <ul>
 *   <li>{@code write.policy}: the policy file ({@code policy/README.md}); absent: the policy shipped with
 *       plantctl;</li>
 *   <li>{@code write.policy.identity}: the job's identity in it; absent: the job's default
 *       ({@code greenhouse-control}, {@code printer-control}).</li>
 * </ul>
 * A file that cannot be read or is invalid, or an identity the policy does not name, stops the job at start with
 * the key and the file's line.
 */
public final class WritePolicyKeys {

    /** The policy file's key. */
    public static final String POLICY = "write.policy";
    /** The identity's key. */
    public static final String IDENTITY = "write.policy.identity";

    private WritePolicyKeys() {
    }

    /**
     * What the job's identity may write.
     *
     * @throws IllegalArgumentException naming the key and the policy's file and line
     */
    public static IdentityPolicy read(JobConfigFile cfg, String defaultIdentity) {
        Path file = cfg.path(POLICY);
        String identity = cfg.optional(IDENTITY) == null ? defaultIdentity : cfg.optional(IDENTITY);
        WritePolicy policy;
        try {
            policy = WritePolicy.loadOrShipped(file);
        } catch (IOException e) {
            throw cfg.bad(POLICY, "cannot read " + file + ": " + e.getMessage());
        } catch (PolicyException e) {
            throw cfg.bad(POLICY, e.getMessage());
        }
        try {
            return policy.identity(identity);
        } catch (PolicyException e) {
            throw cfg.bad(IDENTITY, e.getMessage());
        }
    }
}
