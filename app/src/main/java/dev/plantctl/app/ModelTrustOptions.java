package dev.plantctl.app;

import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.ml.registry.TrustedKeys;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of a command that loads model bundles: whose signatures it accepts ({@link ModelTrust}). The shipped
 * release key is always trusted.
 */
final class ModelTrustOptions {

    @Option(names = "--trusted-keys", paramLabel = "DIR",
            description = "A directory of Ed25519 public keys (<key-id>.pub) trusted besides the shipped release key.")
    Path trustedKeys;

    @Option(names = "--allow-unsigned-models",
            description = "Load model bundles that have no signature file (logged as a warning). Signatures that are"
                    + " present must verify all the same. Default: unsigned bundles are refused.")
    boolean allowUnsigned;

    /**
     * The trusted keys.
     *
     * @throws IllegalArgumentException when the directory is missing or holds a malformed key, naming it
     */
    TrustedKeys keys() {
        return new ModelTrust(trustedKeys == null ? null : trustedKeys.toString(), allowUnsigned).keys();
    }
}
