package dev.plantctl.ml.printer;

import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.registry.BundleSignature;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.TestSigning;
import dev.plantctl.ml.registry.TrustedKeys;
import dev.plantctl.ml.registry.ModelRejectedException;
import dev.plantctl.models.printer.Disturbance;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.PrinterModel;
import dev.plantctl.models.printer.PrinterParameters;
import dev.plantctl.models.printer.ProcessEstimate;
import dev.plantctl.models.printer.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PrinterExpertTest {

    @Test
    void theShippedExpertEstimatesARunItWasNotTrainedOn() throws Exception {
        PrintJob job = PrintJob.standard("t", Material.PLA, 8);
        PrinterRun run = new PrinterRun(new PrinterModel(PrinterParameters.DEFAULTS, job,
                new Scenario("under", List.of(new Disturbance.ZOffset(0, 0.03))), 99));
        run.submit("M221 S88");
        List<LabelledWindow> windows = new ArrayList<>();
        while (run.running()) {
            run.step().ifPresent(windows::add);
        }
        try (PrinterExpert expert = PrinterExpert.shipped()) {
            assertThat(expert.id()).isEqualTo("printer-expert/1");
            assertThat(expert.metadata().inputs()).isEqualTo(ExpertFeatures.NAMES);
            for (LabelledWindow w : windows.subList(1, windows.size())) {
                ProcessEstimate e = expert.estimate(w.window(), run.context());
                assertThat(e.flowPct()).isCloseTo(w.flowPct(), within(3.0));
                assertThat(e.zOffsetMm()).isCloseTo(w.zOffsetMm(), within(0.02));
                assertThat(e.temperatureDevC()).isCloseTo(w.temperatureDevC(), within(3.0));
                assertThat(e.flowSigmaPct()).isPositive();
                assertThat(ProcessEstimate.classOf(e.flowPct())).isEqualTo(ProcessEstimate.FlowClass.UNDER);
            }
        }
    }

    @Test
    void aTamperedModelIsRefused(@TempDir Path dir) throws Exception {
        Path version = dir.resolve(PrinterExpert.MODEL_NAME).resolve("1");
        Files.createDirectories(version);
        for (String f : List.of(ModelRegistry.MODEL_FILE, ModelRegistry.METADATA_FILE, ModelRegistry.CHECKSUMS_FILE,
                BundleSignature.FILE)) {
            try (var in = PrinterExpert.class.getResourceAsStream(PrinterExpert.SHIPPED_REGISTRY + "/"
                    + PrinterExpert.MODEL_NAME + "/1/" + f)) {
                Files.write(version.resolve(f), in.readAllBytes());
            }
        }
        byte[] model = Files.readAllBytes(version.resolve(ModelRegistry.MODEL_FILE));
        model[model.length / 2] ^= 0x5A;
        Files.write(version.resolve(ModelRegistry.MODEL_FILE), model);
        assertThatThrownBy(() -> PrinterExpert.latest(new ModelRegistry(dir, TrustedKeys.shipped())))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining(ModelRegistry.MODEL_FILE);
    }

    @Test
    void trainingIsReproducibleFromItsSeed(@TempDir Path dir) throws Exception {
        TrainingConfig config = TrainingConfig.builder().members(2).elites(2).hidden(8).maxEpochs(3).patience(2)
                .batchSize(32).seed(5).threads(1).build();
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        PrinterExpertTraining training = new PrinterExpertTraining(config, clock);
        var first = training.run(3, 1, TestSigning.registry(dir.resolve("a")), TestSigning.KEY,
                (m, e, max, l, h, d) -> { });
        var second = training.run(3, 1, TestSigning.registry(dir.resolve("b")), TestSigning.KEY,
                (m, e, max, l, h, d) -> { });
        assertThat(second.metadata().sha256()).isEqualTo(first.metadata().sha256());
        assertThat(second.metadata().dataFingerprint()).isEqualTo(first.metadata().dataFingerprint());
        assertThat(first.metadata().evaluation()).containsKeys("flow_mae_pct", "z_mae_mm", "temperature_mae_c",
                "flow_class_accuracy");
        try (PrinterExpert served = PrinterExpert.latest(TestSigning.registry(dir.resolve("a")))) {
            assertThat(served.id()).isEqualTo("printer-expert/1");
        }
    }

    @Test
    void theDataGeneratorIsDeterministicAndCoversTheCaxtonRanges() {
        List<LabelledWindow> a = ExpertDataGenerator.generate(6, 11);
        List<LabelledWindow> b = ExpertDataGenerator.generate(6, 11);
        assertThat(a).isEqualTo(b);
        assertThat(a).hasSizeGreaterThan(6 * (ExpertDataGenerator.LAYERS_PER_EPISODE - 2));
        List<LabelledWindow> many = ExpertDataGenerator.generate(60, 3);
        assertThat(many.stream().mapToDouble(LabelledWindow::flowPct).max().orElseThrow()).isGreaterThan(150);
        assertThat(many.stream().mapToDouble(LabelledWindow::flowPct).min().orElseThrow()).isLessThan(40);
        assertThat(many.stream().mapToDouble(LabelledWindow::zOffsetMm).max().orElseThrow()).isGreaterThan(0.25);
        assertThat(many.stream().mapToDouble(LabelledWindow::zOffsetMm).min().orElseThrow()).isLessThan(-0.05);
        assertThat(many.stream().mapToDouble(LabelledWindow::temperatureDevC).min().orElseThrow()).isLessThan(-30);
        assertThat(many.stream().mapToDouble(LabelledWindow::temperatureDevC).max().orElseThrow()).isGreaterThan(25);
        Optional<LabelledWindow> first = a.stream().filter(w -> w.window().layer() == 1).findFirst();
        assertThat(first).isPresent();
    }
}
