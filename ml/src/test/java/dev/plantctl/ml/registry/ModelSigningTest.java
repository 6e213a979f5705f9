package dev.plantctl.ml.registry;

import dev.plantctl.ml.greenhouse.GreenhouseDynamics;
import dev.plantctl.ml.greenhouse.GreenhouseForecaster;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.ml.printer.PrinterExpert;
import dev.plantctl.testing.ModelTampering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signed registry versions and policy bundles: what a reader refuses, and the shipped artifacts. */
class ModelSigningTest {

    private static final String NAME = GreenhouseDynamics.MODEL_NAME;

    private static ModelPackage read(ModelRegistry registry, long version) throws Exception {
        return registry.read(NAME, version, GreenhouseDynamics.CONTRACT);
    }

    @Test
    void aTamperedModelWithRecomputedChecksumsIsRefusedOnLoad(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        Path dir = ModelRegistryTest.publish(registry);
        assertThat(read(registry, 1).metadata().id()).isEqualTo(NAME + "/1");
        ModelTampering.alterModelAndRecomputeChecksums(dir);
        Path signature = dir.resolve(BundleSignature.FILE);
        assertThatThrownBy(() -> read(registry, 1)).isInstanceOf(ModelRejectedException.class)
                .hasMessage(signature + ": signature does not verify with key test-publisher (checksums.sha256"
                        + " modified?)")
                .satisfies(e -> assertThat(((ModelRejectedException) e).file()).isEqualTo(signature));
    }

    @Test
    void aTamperedVersionIsRefusedOnHotReloadAndTheLastGoodOneKeepsServing(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        ModelRegistryTest.publish(registry);
        try (GreenhouseForecaster forecaster = new GreenhouseForecaster(registry, 1)) {
            assertThat(forecaster.refresh()).isTrue();
            ModelTampering.alterModelAndRecomputeChecksums(ModelRegistryTest.publish(registry));
            assertThat(forecaster.refresh()).as("tampered version 2 is not served").isFalse();
            assertThat(forecaster.model().orElseThrow().version()).isEqualTo(1);
            assertThat(forecaster.failures()).isEqualTo(1);
            assertThat(forecaster.reloads()).isZero();
            ModelRegistryTest.publish(registry);
            assertThat(forecaster.refresh()).as("a good version 3 still swaps in").isTrue();
            assertThat(forecaster.model().orElseThrow().version()).isEqualTo(3);
        }
    }

    @Test
    void aVersionSignedByAnUntrustedKeyIsRefused(@TempDir Path root) throws Exception {
        SigningKey intruder = SigningKey.generate("intruder");
        ModelRegistry theirs = new ModelRegistry(root, TrustedKeys.of(intruder));
        Path dir = ModelRegistryTest.publish(theirs, intruder);
        assertThat(read(theirs, 1)).isNotNull();
        assertThatThrownBy(() -> read(TestSigning.registry(root), 1)).isInstanceOf(ModelRejectedException.class)
                .hasMessage(dir.resolve(BundleSignature.FILE) + ": signed by key 'intruder', which is not trusted"
                        + " (trusted: test-publisher)");
        SigningKey sameName = SigningKey.generate(TestSigning.KEY.keyId());
        ModelRegistry impostor = new ModelRegistry(root, TrustedKeys.of(sameName));
        ModelRegistryTest.publish(impostor, sameName);
        assertThatThrownBy(() -> read(TestSigning.registry(root), 2))
                .hasMessageEndingWith(": signature does not verify with key test-publisher (checksums.sha256"
                        + " modified?)");
    }

    @Test
    void anUnsignedVersionIsRefusedUnlessUnsignedModelsAreAllowed(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        Path dir = ModelRegistryTest.publish(registry);
        Files.delete(dir.resolve(BundleSignature.FILE));
        assertThatThrownBy(() -> read(registry, 1)).isInstanceOf(ModelRejectedException.class)
                .hasMessageStartingWith(dir.resolve(BundleSignature.FILE) + ": missing: model " + NAME
                        + "/1 is unsigned");
        ModelRegistry lenient = new ModelRegistry(root, TrustedKeys.of(TestSigning.KEY).allowingUnsigned());
        assertThat(read(lenient, 1).metadata().version()).isEqualTo(1);

        Path second = ModelRegistryTest.publish(registry);
        ModelTampering.alterModelAndRecomputeChecksums(second);
        assertThatThrownBy(() -> read(lenient, 2)).as("a present signature must verify, unsigned allowed or not")
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void aSignedVersionMovedToAnotherVersionOrNameIsRefused(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        Path one = ModelRegistryTest.publish(registry);
        Path two = registry.directory(NAME, 2);
        Files.createDirectories(two);
        for (String f : List.of(ModelRegistry.MODEL_FILE, ModelRegistry.METADATA_FILE, ModelRegistry.CHECKSUMS_FILE,
                BundleSignature.FILE)) {
            Files.copy(one.resolve(f), two.resolve(f));
        }
        assertThatThrownBy(() -> read(registry, 2)).isInstanceOf(ModelRejectedException.class)
                .hasMessage(two.resolve(BundleSignature.FILE) + ": signed for model " + NAME + "/1, but read as model "
                        + NAME + "/2 (moved or copied to another name or version?)");
        Path signature = two.resolve(BundleSignature.FILE);
        Files.writeString(signature, Files.readString(signature).replace("/1\n", "/2\n"));
        assertThatThrownBy(() -> read(registry, 2)).as("an edited subject line does not carry the signature along")
                .hasMessage(signature + ": signature does not verify with key test-publisher (checksums.sha256"
                        + " modified?)");
    }

    @Test
    void signingAnExistingVersionChecksItFirst(@TempDir Path root) throws Exception {
        ModelRegistry registry = TestSigning.registry(root);
        Path dir = ModelRegistryTest.publish(registry);
        Files.delete(dir.resolve(BundleSignature.FILE));
        registry.sign(NAME, 1, TestSigning.KEY);
        assertThat(read(registry, 1).metadata().version()).isEqualTo(1);
        Files.write(dir.resolve(ModelRegistry.MODEL_FILE), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> registry.sign(NAME, 1, TestSigning.KEY))
                .hasMessageStartingWith(dir.resolve(ModelRegistry.MODEL_FILE) + ": corrupt: SHA-256 ");
    }

    @Test
    void keyFilesRoundTripAndATrustedKeysDirectoryIsRead(@TempDir Path dir) throws Exception {
        SigningKey generated = SigningKey.generate("site-2026");
        Path privateFile = generated.writePrivateKey(dir.resolve("secret"));
        Path publicFile = generated.writePublicKey(dir.resolve("trusted"));
        assertThat(Files.getPosixFilePermissions(privateFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(publicFile)).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThatThrownBy(() -> generated.writePrivateKey(dir.resolve("secret")))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);

        SigningKey read = SigningKey.read(privateFile);
        assertThat(read.keyId()).isEqualTo("site-2026");
        TrustedKeys trusted = TrustedKeys.shipped().withDirectory(dir.resolve("trusted"));
        assertThat(trusted.ids()).containsExactly("plantctl-release", "site-2026");
        ModelRegistry registry = new ModelRegistry(dir.resolve("registry"), trusted);
        ModelRegistryTest.publish(new ModelRegistry(dir.resolve("registry"), TrustedKeys.of(read)), read);
        assertThat(read(registry, 1).metadata().version()).isEqualTo(1);

        Path mixed = dir.resolve("mixed.key");
        Files.writeString(mixed, Files.readString(privateFile).replaceAll("-----BEGIN PUBLIC KEY-----[\\s\\S]*",
                "") + Files.readString(SigningKey.generate("other").writePublicKey(dir.resolve("other"))));
        assertThatThrownBy(() -> SigningKey.read(mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(mixed + ": its public key does not belong to its private key");
        Files.writeString(dir.resolve("trusted").resolve("broken.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n"
                + "-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> TrustedKeys.shipped().withDirectory(dir.resolve("trusted")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(dir.resolve("trusted").resolve("broken.pub") + ": not an Ed25519 public key");
        assertThatThrownBy(() -> TrustedKeys.shipped().withDirectory(dir.resolve("absent")))
                .hasMessage(dir.resolve("absent") + ": the trusted-keys directory does not exist");
    }

    @Test
    void theShippedModelsVerifyAgainstTheShippedKey() throws Exception {
        assertThat(TrustedKeys.shipped().ids()).containsExactly("plantctl-release");
        try (PrinterExpert expert = PrinterExpert.shipped()) {
            assertThat(expert.id()).isEqualTo("printer-expert/1");
        }
        for (String policy : List.of("mbrl-robust", "mbrl-plain", "model-free")) {
            assertThat(MbrlBundle.resource(MbrlBundle.SHIPPED_POLICIES + policy + "/").id())
                    .isEqualTo("greenhouse-" + policy + "/4");
        }
    }
}
