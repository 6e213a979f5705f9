package dev.plantctl.jobs.greenhouse;

import dev.plantctl.ml.registry.ModelTrust;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the greenhouse job serves the learned dynamics ensemble next to its controller: where the model registry
 * is, how often each task looks there for a new version, how many ONNX Runtime threads a session uses, and whose
 * signatures it accepts (a version that is unsigned or not signed by a trusted key is refused like a corrupt one).
 *
 * @param registry      the registry's root directory, as seen by every task manager
 * @param checkInterval each task looks for a new version at its first observation after this much wall time
 *                      since its last look; {@link Duration#ZERO} looks at every observation
 * @param threads       ONNX Runtime intra-op threads per session, ≥ 1
 * @param trust         the keys whose signatures a version must carry
 */
public record DynamicsServing(String registry, Duration checkInterval, int threads, ModelTrust trust)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The default interval between looks at the registry: 30 s. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(30);

    /** @throws IllegalArgumentException naming the option that is wrong */
    public DynamicsServing {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(checkInterval, "checkInterval");
        Objects.requireNonNull(trust, "trust");
        if (checkInterval.isNegative()) {
            throw new IllegalArgumentException("dynamics serving: option 'checkInterval' must be >= 0, got "
                    + checkInterval);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("dynamics serving: option 'threads' must be >= 1, got " + threads);
        }
    }
}
