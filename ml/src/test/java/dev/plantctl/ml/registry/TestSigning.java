package dev.plantctl.ml.registry;

import java.nio.file.Path;

/** The ephemeral signing key of a test run (generated in memory, never written to the repository). */
public final class TestSigning {

    /** The key tests publish with. */
    public static final SigningKey KEY = SigningKey.generate("test-publisher");

    private TestSigning() {
    }

    /** A registry at {@code root} that trusts {@link #KEY} alone. */
    public static ModelRegistry registry(Path root) {
        return new ModelRegistry(root, TrustedKeys.of(KEY));
    }
}
