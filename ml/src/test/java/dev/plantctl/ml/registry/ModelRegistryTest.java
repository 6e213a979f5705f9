package dev.plantctl.ml.registry;

import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.ml.greenhouse.GreenhouseCollector;
import dev.plantctl.ml.greenhouse.GreenhouseDynamics;
import dev.plantctl.ml.greenhouse.GreenhouseDynamicsTraining;
import dev.plantctl.ml.greenhouse.GreenhouseForecaster;
import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.nn.TrainingProgress;
import dev.plantctl.testing.ModelTampering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {

    private static final TransitionSet DATA = GreenhouseCollector.builder().duration(Duration.ofHours(12)).seed(3)
            .build().collect();

    /** Publishes a tiny ensemble (two members, three epochs) as the next version, signed by the test key. */
    static Path publish(ModelRegistry registry) throws Exception {
        return publish(registry, TestSigning.KEY);
    }

    /** Publishes a tiny ensemble as the next version, signed by the given key. */
    static Path publish(ModelRegistry registry, SigningKey signer) throws Exception {
        TrainingConfig config = TrainingConfig.builder().members(2).elites(1).hidden(4).maxEpochs(3).seed(1).build();
        return new GreenhouseDynamicsTraining(config, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .run(DATA, DATA, registry, signer, TrainingProgress.NONE).directory();
    }

    private static ModelPackage read(ModelRegistry registry, long version) throws Exception {
        return registry.read(GreenhouseDynamics.MODEL_NAME, version, GreenhouseDynamics.CONTRACT);
    }

    @Test
    void publishesNumberedVersionsAndReadsThemVerified(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        assertThat(registry.latestVersion(GreenhouseDynamics.MODEL_NAME)).isEmpty();
        publish(registry);
        publish(registry);
        assertThat(registry.versions(GreenhouseDynamics.MODEL_NAME)).containsExactly(1L, 2L);
        ModelPackage p = read(registry, 2);
        assertThat(p.metadata().id()).isEqualTo("greenhouse-dynamics/2");
        assertThat(p.metadata().inputs()).isEqualTo(GreenhouseDynamics.SCHEMA.inputNames());
        assertThat(p.metadata().dataFingerprint()).isEqualTo(DATA.fingerprint());
        assertThat(ModelRegistry.sha256(p.model())).isEqualTo(p.metadata().sha256());
        assertThat(Files.readString(p.directory().resolve("checksums.sha256")))
                .contains("  model.onnx\n").contains("  metadata.json\n");
        try (var entries = Files.list(root.resolve(GreenhouseDynamics.MODEL_NAME))) {
            assertThat(entries.map(e -> e.getFileName().toString())).containsExactlyInAnyOrder("1", "2");
        }
    }

    @Test
    void refusesACorruptModelFileNamingIt(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        Path dir = publish(registry);
        byte[] model = Files.readAllBytes(dir.resolve("model.onnx"));
        model[model.length / 2] ^= 0x5a;
        Files.write(dir.resolve("model.onnx"), model);
        assertThatThrownBy(() -> read(registry, 1)).isInstanceOf(ModelRejectedException.class)
                .hasMessageStartingWith(dir.resolve("model.onnx") + ": corrupt: SHA-256 ")
                .satisfies(e -> assertThat(((ModelRejectedException) e).file()).isEqualTo(dir.resolve("model.onnx")));
    }

    @Test
    void refusesEditedMetadataNamingIt(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        Path dir = publish(registry);
        Path meta = dir.resolve("metadata.json");
        Files.writeString(meta, Files.readString(meta).replace("\"members\" : 1", "\"members\" : 2"));
        assertThatThrownBy(() -> read(registry, 1)).hasMessageStartingWith(meta + ": corrupt: SHA-256 ");
    }

    @Test
    void refusesMetadataThatDoesNotFitTheContractEvenWithMatchingChecksums(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        Path dir = publish(registry);
        Path meta = dir.resolve("metadata.json");
        String swapped = Files.readString(meta).replace("\"heating_w_m2\"", "\"heating_kw_m2\"");
        ModelTampering.rewriteMetadataAndChecksums(dir, swapped);
        resign(dir, 1);
        assertThatThrownBy(() -> read(registry, 1)).isInstanceOf(ModelRejectedException.class)
                .hasMessageStartingWith(meta + ": inputs [")
                .hasMessageContaining("heating_kw_m2")
                .hasMessageContaining("do not match what the consumer expects");

        ModelContract printer = new ModelContract(GreenhouseDynamics.MODEL_NAME, List.of("a"), List.of("b"),
                Duration.ofMinutes(1));
        ModelTampering.rewriteMetadataAndChecksums(dir,
                Files.readString(meta).replace("heating_kw_m2", "heating_w_m2"));
        resign(dir, 1);
        assertThatThrownBy(() -> registry.read(GreenhouseDynamics.MODEL_NAME, 1, printer))
                .hasMessageStartingWith(meta + ": inputs ");
    }

    @Test
    void refusesAMissingChecksumFileAndMetadataOfAnotherVersion(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        Path dir = publish(registry);
        Path meta = dir.resolve("metadata.json");
        ModelTampering.rewriteMetadataAndChecksums(dir,
                Files.readString(meta).replace("\"version\" : 1", "\"version\" : 7"));
        resign(dir, 1);
        assertThatThrownBy(() -> read(registry, 1))
                .hasMessage(meta + ": names model greenhouse-dynamics/7 but lies in the directory of"
                        + " greenhouse-dynamics/1");
        Files.delete(dir.resolve("checksums.sha256"));
        assertThatThrownBy(() -> read(registry, 1))
                .hasMessageStartingWith(dir.resolve("checksums.sha256") + ": missing");
    }

    @Test
    void servedModelKeepsTheLastGoodVersionAndSkipsRefusedOnes(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        publish(registry);
        try (GreenhouseForecaster forecaster = new GreenhouseForecaster(registry, 1)) {
            assertThat(forecaster.refresh()).isTrue();
            assertThat(forecaster.model().orElseThrow().version()).isEqualTo(1);
            assertThat(forecaster.refresh()).as("nothing new").isFalse();

            Path v2 = publish(registry);
            Files.write(v2.resolve("model.onnx"), new byte[] {1, 2, 3});
            assertThat(forecaster.refresh()).isFalse();
            assertThat(forecaster.model().orElseThrow().version()).isEqualTo(1);
            assertThat(forecaster.failures()).isEqualTo(1);
            assertThat(forecaster.refresh()).as("a refused version is not tried again").isFalse();
            assertThat(forecaster.failures()).isEqualTo(1);

            publish(registry);
            assertThat(forecaster.refresh()).isTrue();
            assertThat(forecaster.model().orElseThrow().version()).isEqualTo(3);
            assertThat(forecaster.reloads()).isEqualTo(1);
        }
        try (GreenhouseForecaster fresh = new GreenhouseForecaster(registry, 1)) {
            Path v4 = publish(registry);
            ModelTampering.rewriteMetadataAndChecksums(v4, "{}");
            assertThat(fresh.refresh()).as("a broken latest version does not keep 3 from serving").isTrue();
            assertThat(fresh.model().orElseThrow().version()).isEqualTo(3);
        }
    }

    @Test
    void refusesAGraphThatOnnxRuntimeCannotLoadEvenWithMatchingChecksums(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        Path dir = publish(registry);
        byte[] junk = "not an onnx graph".getBytes(StandardCharsets.UTF_8);
        String sha = ModelRegistry.sha256(junk);
        Path meta = dir.resolve("metadata.json");
        String text = Files.readString(meta).replaceAll("\"sha256\" : \"[0-9a-f]{64}\"", "\"sha256\" : \"" + sha + "\"");
        Files.write(dir.resolve("model.onnx"), junk);
        ModelTampering.rewriteMetadataAndChecksums(dir, text);
        resign(dir, 1);
        try (GreenhouseForecaster forecaster = new GreenhouseForecaster(registry, 1)) {
            assertThat(forecaster.refresh()).isFalse();
            assertThat(forecaster.failures()).isEqualTo(1);
            assertThat(forecaster.model()).isEmpty();
        }
    }

    /** Signs a version as its key holder would, whatever it holds (to reach the checks behind the signature). */
    static void resign(Path dir, long version) throws Exception {
        BundleSignature.sign(dir, ModelRegistry.CHECKSUMS_FILE,
                ModelRegistry.subject(GreenhouseDynamics.MODEL_NAME, version), TestSigning.KEY);
    }
}
