package dev.plantctl.jobs.greenhouse;

import ai.onnxruntime.OrtException;
import dev.plantctl.controllers.greenhouse.GreenhouseController;
import dev.plantctl.controllers.greenhouse.GreenhouseSafetyShield;
import dev.plantctl.controllers.greenhouse.MbrlGreenhouseController;
import dev.plantctl.controllers.greenhouse.RuleBasedGrowerController;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.models.greenhouse.ComfortBand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Makes an {@link MbrlGreenhouseController} inside each task from a policy bundle: the shipped robust MBRL
 * bundle ({@link MbrlBundle#SHIPPED}) or a bundle directory, with the benchmark band, the default shield and the
 * rule-based grower as the fallback. The bundle is read and checked (signature, SHA-256) in the task, so a tampered,
 * unsigned or missing file fails the task at start-up, naming the file.
 *
 * @param bundleDir     the bundle's directory, or null for the shipped one (verified with the shipped keys)
 * @param trust         the keys whose signature a bundle directory must carry
 * @param controlPeriod how long a decision holds
 */
public record MbrlControllerFactory(String bundleDir, ModelTrust trust, Duration controlPeriod)
        implements GreenhouseControllerFactory {

    private static final long serialVersionUID = 1L;

    /** @throws NullPointerException when the period is null */
    public MbrlControllerFactory {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(controlPeriod, "controlPeriod");
    }

    /** The shipped robust MBRL policy. */
    public static MbrlControllerFactory shipped(Duration controlPeriod) {
        return new MbrlControllerFactory(null, ModelTrust.SHIPPED_KEYS, controlPeriod);
    }

    @Override
    public GreenhouseController create() {
        try {
            MbrlBundle bundle = bundleDir == null ? MbrlBundle.shipped()
                    : MbrlBundle.read(Path.of(bundleDir), trust.keys());
            GreenhouseSafetyShield shield = new GreenhouseSafetyShield(ComfortBand.benchmark());
            return new MbrlGreenhouseController(bundle,
                    new RuleBasedGrowerController(controlPeriod, ComfortBand.benchmark(), shield), shield, controlPeriod);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MBRL policy bundle "
                    + (bundleDir == null ? MbrlBundle.SHIPPED : bundleDir), e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load the MBRL policy bundle "
                    + (bundleDir == null ? MbrlBundle.SHIPPED : bundleDir) + ": " + e.getMessage(), e);
        }
    }
}
