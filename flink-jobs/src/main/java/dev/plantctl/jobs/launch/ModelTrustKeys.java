package dev.plantctl.jobs.launch;

import dev.plantctl.ml.registry.ModelTrust;

import java.nio.file.Path;

/**
 * Which model signatures a job accepts, from a job configuration file. Keys:
 * <ul>
 *   <li>{@code models.trusted.keys}: a directory of Ed25519 public keys ({@code <key-id>.pub}, X.509 PEM) trusted
 *       besides the shipped release key; absent for the shipped key alone</li>
 *   <li>{@code models.allow.unsigned}: {@code true} loads model bundles that have no signature file, with a
 *       warning; default {@code false}. Signatures that are present must verify either way.</li>
 * </ul>
 */
public final class ModelTrustKeys {

    private ModelTrustKeys() {
    }

    /**
     * Reads the trust settings and checks that the keys load.
     *
     * @throws IllegalArgumentException naming the file and the key that is wrong
     */
    public static ModelTrust read(JobConfigFile cfg) {
        Path dir = cfg.path("models.trusted.keys");
        String allow = cfg.optional("models.allow.unsigned");
        if (allow != null && !allow.equals("true") && !allow.equals("false")) {
            throw cfg.bad("models.allow.unsigned", "must be true or false, got '" + allow + "'");
        }
        ModelTrust trust = new ModelTrust(dir == null ? null : dir.toString(), Boolean.parseBoolean(allow));
        try {
            trust.keys();
        } catch (IllegalArgumentException e) {
            throw cfg.bad("models.trusted.keys", e.getMessage());
        }
        return trust;
    }
}
