package dev.plantctl.ml.printer;

import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.ProcessEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ZOffsetFusionTest {

    private static final double LAYER_S = 25;

    /** A window of a layer printed over [start, start + 25 s] with a live Z adjustment. */
    private static MonitoringWindow window(int layer, double startS, double zAdjustMm) {
        return new MonitoringWindow(layer, startS, startS + LAYER_S, 0.45, 0.2, 210, 210, 0.4, 1, 1, zAdjustMm, 40,
                1.5, 0.3, 1.5, 1);
    }

    private static ProcessEstimate estimate(double zMm, double sigmaMm) {
        return new ProcessEstimate(97, 2, zMm, sigmaMm, 0.5, 0.2, "printer-expert/1");
    }

    private static ZOffsetFusion.Fused feed(ZOffsetFusion.State s, int layer, double zAdjust, double z, double sigma) {
        return ZOffsetFusion.fuse(s, window(layer, layer * LAYER_S, zAdjust), estimate(z, sigma));
    }

    @Test
    void noisyLayersOfOneOffsetAverageDownToTheSharedShare() {
        SplittableRandom r = new SplittableRandom(3);
        ZOffsetFusion.State s = ZOffsetFusion.State.EMPTY;
        double fusedError = 0;
        double perLayerError = 0;
        for (int layer = 1; layer <= 40; layer++) {
            double z = 0.06 + 0.03 * r.nextGaussian();
            ZOffsetFusion.Fused f = feed(s, layer, 0, z, 0.03);
            s = f.state();
            fusedError += Math.abs(f.estimate().zOffsetMm() - 0.06);
            perLayerError += Math.abs(z - 0.06);
            assertThat(f.estimate().zSigmaMm()).isEqualTo(0.03);
            assertThat(f.estimate().flowPct()).isEqualTo(97);
            assertThat(f.estimate().temperatureDevC()).isEqualTo(0.5);
            assertThat(f.estimate().model()).isEqualTo("printer-expert/1");
        }
        assertThat(fusedError).isLessThan(0.6 * perLayerError);
        assertThat(s.sigmaMm()).isLessThan(0.03).isGreaterThanOrEqualTo(ZOffsetFusion.SHARED_ERROR_SHARE * 0.03);
    }

    @Test
    void aBabystepMovesTheEstimateByItsKnownAmountWithoutAReset() {
        ZOffsetFusion.State s = ZOffsetFusion.State.EMPTY;
        for (int layer = 1; layer <= 4; layer++) {
            s = feed(s, layer, 0, 0.10, 0.01).state();
        }
        double sigmaBefore = s.sigmaMm();
        ZOffsetFusion.Fused after = feed(s, 5, -0.05, 0.05, 0.01);
        assertThat(after.estimate().zOffsetMm()).isCloseTo(0.05, within(1e-9));
        assertThat(after.state().offsetMm()).isCloseTo(0.10, within(1e-9));
        assertThat(after.state().sigmaMm()).isLessThan(sigmaBefore);
    }

    @Test
    void aNewPrintStartsAfresh() {
        ZOffsetFusion.State s = ZOffsetFusion.State.EMPTY;
        for (int layer = 1; layer <= 6; layer++) {
            s = feed(s, layer, 0, 0.10, 0.005).state();
        }
        ZOffsetFusion.Fused first = ZOffsetFusion.fuse(s, window(1, 10_000, 0), estimate(-0.02, 0.008));
        assertThat(first.estimate().zOffsetMm()).isEqualTo(-0.02);
        assertThat(first.estimate().zSigmaMm()).isCloseTo(0.008, within(1e-12));
        assertThat(first.state().layer()).isEqualTo(1);
    }

    @Test
    void aRoundThreadLayerBarelyMovesAnOffsetTheFlatLayersIdentified() {
        ZOffsetFusion.State s = ZOffsetFusion.State.EMPTY;
        for (int layer = 1; layer <= 6; layer++) {
            s = feed(s, layer, 0, 0.25, 0.006).state();
        }
        ZOffsetFusion.Fused round = feed(s, 7, 0, 0.16, 0.11);
        assertThat(round.estimate().zOffsetMm()).isCloseTo(0.25, within(0.002));
    }

    @Test
    void aSuddenShiftIsFollowedWithinTwoLayers() {
        ZOffsetFusion.State s = ZOffsetFusion.State.EMPTY;
        for (int layer = 1; layer <= 10; layer++) {
            s = feed(s, layer, 0, 0.0, 0.004).state();
        }
        s = feed(s, 11, 0, 0.08, 0.004).state();
        ZOffsetFusion.Fused f = feed(s, 12, 0, 0.08, 0.004);
        assertThat(f.estimate().zOffsetMm()).isCloseTo(0.08, within(0.005));
    }

    @Test
    void aZDriftIsTrackedWithoutALag() {
        double rate = 0.1 / 300;
        SplittableRandom r = new SplittableRandom(11);
        ZOffsetFusion.State s = ZOffsetFusion.State.EMPTY;
        double bias = 0;
        for (int layer = 1; layer <= 16; layer++) {
            double truth = rate * (layer + 0.5) * LAYER_S;
            ZOffsetFusion.Fused f = feed(s, layer, 0, truth + 0.004 * r.nextGaussian(), 0.004);
            s = f.state();
            if (layer > 3) {
                bias += (f.estimate().zOffsetMm() - truth) / 13;
            }
        }
        assertThat(Math.abs(bias)).isLessThan(rate * LAYER_S / 4);
    }

    @Test
    void aNonFiniteEstimateIsRefusedNamingTheLayer() {
        assertThatThrownBy(() -> feed(ZOffsetFusion.State.EMPTY, 3, 0, Double.NaN, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 3");
        assertThatThrownBy(() -> feed(ZOffsetFusion.State.EMPTY, 4, 0, 0.01, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 4");
        assertThatThrownBy(() -> feed(ZOffsetFusion.State.EMPTY, 5, Double.NaN, 0.01, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Z adjustment");
    }

    @Test
    void theShippedExpertFusedOverUnseenEpisodesBeatsItsPerLayerEstimatesOnZ() throws Exception {
        List<LabelledWindow> windows = ExpertDataGenerator.generate(25, 424_242);
        try (PrinterExpert expert = PrinterExpert.shipped()) {
            List<ProcessEstimate> perLayer = expert.estimateAll(List.of(PrinterExpertTraining.features(windows)));
            List<ProcessEstimate> fused = ZOffsetFusion.fuseAll(windows.stream().map(LabelledWindow::window)
                    .toList(), perLayer).stream().map(ZOffsetFusion.Fused::estimate).toList();
            ExpertScores single = ExpertScores.of(perLayer, windows);
            ExpertScores across = ExpertScores.of(fused, windows);
            assertThat(across.zMaeMm()).isLessThan(0.8 * single.zMaeMm());
            assertThat(across.zInside2Sigma()).isGreaterThan(0.9);
            assertThat(across.flowMaePct()).isEqualTo(single.flowMaePct());
        }
    }

    /** One fused layer: the expert's Z, its σ, the live adjustment, and whether a new print starts there. */
    record Layer(double zMm, double sigmaMm, double zAdjustMm, boolean newPrint) {
    }

    @Provide
    Arbitrary<Layer> layers() {
        return Combinators.combine(Arbitraries.doubles().between(-0.1, 0.4).ofScale(5),
                Arbitraries.doubles().between(1e-4, 0.15).ofScale(5),
                Arbitraries.doubles().between(-0.1, 0.1).ofScale(5),
                Arbitraries.integers().between(0, 9).map(i -> i == 0)).as(Layer::new);
    }

    /**
     * Whatever the inputs: the state's σ never falls below {@link ZOffsetFusion#SHARED_ERROR_SHARE} times the
     * smallest per-layer σ fused since the last reset, the handed-on σ never below the window's own, and the fused
     * offset net of the live adjustment stays within the range of the per-layer estimates net of theirs.
     */
    @Property(tries = 300)
    void fusedSigmaKeepsTheSharedShareAndTheEstimateStaysInTheHullOfItsInputs(
            @ForAll @Size(min = 1, max = 40) List<@From("layers") Layer> layers) {
        ZOffsetFusion.State s = ZOffsetFusion.State.EMPTY;
        List<Double> net = new ArrayList<>();
        double minSigma = Double.POSITIVE_INFINITY;
        int layer = 0;
        double start = 0;
        for (Layer l : layers) {
            layer = l.newPrint() || layer == 0 ? 1 : layer + 1;
            if (layer == 1) {
                net.clear();
                minSigma = Double.POSITIVE_INFINITY;
            }
            start += LAYER_S;
            ZOffsetFusion.Fused f = ZOffsetFusion.fuse(s, window(layer, start, l.zAdjustMm()),
                    estimate(l.zMm(), l.sigmaMm()));
            s = f.state();
            net.add(l.zMm() - l.zAdjustMm());
            minSigma = Math.min(minSigma, l.sigmaMm());
            double low = net.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double high = net.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertThat(f.state().sigmaMm()).isFinite()
                    .isGreaterThanOrEqualTo(ZOffsetFusion.SHARED_ERROR_SHARE * minSigma * (1 - 1e-12));
            assertThat(f.estimate().zSigmaMm()).isGreaterThanOrEqualTo(l.sigmaMm());
            assertThat(f.estimate().zOffsetMm() - l.zAdjustMm()).isBetween(low - 1e-12, high + 1e-12);
        }
    }
}
