package dev.plantctl.jobs.greenhouse;

import ai.onnxruntime.OrtException;
import dev.plantctl.controllers.greenhouse.GreenhouseController;
import dev.plantctl.controllers.greenhouse.GreenhouseSafetyShield;
import dev.plantctl.controllers.greenhouse.MbrlGreenhouseController;
import dev.plantctl.controllers.greenhouse.RuleBasedGrowerController;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.models.greenhouse.ComfortBand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Makes an {@link MbrlGreenhouseController} inside each task from a policy bundle: the shipped robust MBRL
 * bundle ({@link MbrlBundle#SHIPPED}) or a bundle directory, with the benchmark band, the default shield and the
 * rule-based grower as the fallback. The bundle is read and checked (SHA-256) in the task, so a tampered or
 * missing file fails the task at start-up, naming the file.
 *
 * @param bundleDir     the bundle's directory, or null for the shipped one
 * @param controlPeriod how long a decision holds
 */
public record MbrlControllerFactory(String bundleDir, Duration controlPeriod) implements GreenhouseControllerFactory {

    private static final long serialVersionUID = 1L;

    /** @throws NullPointerException when the period is null */
    public MbrlControllerFactory {
        Objects.requireNonNull(controlPeriod, "controlPeriod");
    }

    /** The shipped robust MBRL policy. */
    public static MbrlControllerFactory shipped(Duration controlPeriod) {
        return new MbrlControllerFactory(null, controlPeriod);
    }

    @Override
    public GreenhouseController create() {
        try {
            MbrlBundle bundle = bundleDir == null ? MbrlBundle.shipped() : MbrlBundle.read(Path.of(bundleDir));
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
