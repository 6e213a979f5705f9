package dev.plantctl.ml.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Which model signatures a job accepts, as configuration that travels with a job graph to its tasks: the shipped
 * release keys always, plus the {@code *.pub} files of an optional trusted-keys directory, and unsigned bundles
 * only when the operator allows them explicitly. Each task turns it into {@link TrustedKeys} with {@link #keys()}.
 *
 * @param trustedKeysDirectory a directory of {@code *.pub} files, as seen by every task manager; null for the
 *                             shipped keys alone
 * @param allowUnsigned        load bundles that have no signature file (logged as a warning); signatures that are
 *                             present must verify all the same
 */
public record ModelTrust(String trustedKeysDirectory, boolean allowUnsigned) implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModelTrust.class);

    /** The shipped release keys, no unsigned bundles: the default. */
    public static final ModelTrust SHIPPED_KEYS = new ModelTrust(null, false);

    /**
     * The trusted keys.
     *
     * @throws IllegalArgumentException when the directory is missing or holds a malformed key, naming it
     */
    public TrustedKeys keys() {
        TrustedKeys keys = TrustedKeys.shipped();
        if (trustedKeysDirectory != null) {
            keys = keys.withDirectory(Path.of(trustedKeysDirectory));
        }
        if (allowUnsigned) {
            LOG.warn("unsigned model bundles are allowed: a bundle without a signature file loads unverified");
            return keys.allowingUnsigned();
        }
        return keys;
    }
}
