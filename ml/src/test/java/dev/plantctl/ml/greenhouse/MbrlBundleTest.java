package dev.plantctl.ml.greenhouse;

import dev.plantctl.ml.registry.BundleSignature;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.ModelRejectedException;
import dev.plantctl.ml.registry.TestSigning;
import dev.plantctl.ml.registry.TrustedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MbrlBundleTest {

    private static final TrustedKeys TRUST = TrustedKeys.of(TestSigning.KEY);

    @Test
    void theShippedBundleRecordsItsSampleDropoutAndSurvivesAWriteAndRead(@TempDir Path dir) throws Exception {
        MbrlBundle shipped = MbrlBundle.shipped();
        assertThat(shipped.id()).isEqualTo("greenhouse-mbrl-robust/4");
        assertThat(shipped.metadata().get("sample_dropout_alpha")).isEqualTo(0.5);
        assertThat(shipped.metadata().get("sample_dropout_beta")).isEqualTo(0.2);
        assertThat(shipped.residualTo()).contains("rule-based-grower/1.0");
        assertThat(shipped.metadata().get("trained_behind_shield")).isEqualTo(true);
        assertThat(shipped.uncertaintyThreshold()).isPositive();
        assertThat(shipped.planning()).contains(EnsemblePlanner.Settings.SHIPPED);
        assertThat(shipped.policyOnnx()).isNull();
        assertThat(shipped.dynamicsOutputStd()).hasSize(4);
        shipped.write(dir, TestSigning.KEY);
        MbrlBundle back = MbrlBundle.read(dir, TRUST);
        assertThat(back.policyOnnx()).isEqualTo(shipped.policyOnnx());
        assertThat(back.dynamicsOnnx()).isEqualTo(shipped.dynamicsOnnx());
        assertThat(back.realSteps()).isEqualTo(shipped.realSteps());
        assertThat(back.uncertainty(2 * back.uncertaintyThreshold())).isEqualTo(1.0);
        assertThat(back.uncertainty(back.uncertaintyThreshold())).isEqualTo(MbrlBundle.FALLBACK_UNCERTAINTY);
        assertThat(back.uncertainty(Double.NaN)).isEqualTo(1.0);
        assertThat(back.uncertainty(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    }

    private static MbrlBundle modelFree() throws Exception {
        return MbrlBundle.resource(MbrlBundle.SHIPPED_POLICIES + "model-free/");
    }

    @Test
    void aPlanningControllerNeedsAnEnsembleAndNoPolicy() throws Exception {
        MbrlBundle shipped = MbrlBundle.shipped();
        assertThatThrownBy(() -> new MbrlBundle(null, null, shipped.metadata()))
                .hasMessageContaining("planning controller: it needs an ensemble and no policy");
        assertThatThrownBy(() -> new MbrlBundle(modelFree().policyOnnx(), shipped.dynamicsOnnx(), shipped.metadata()))
                .hasMessageContaining("planning controller");
        assertThatThrownBy(() -> new MbrlBundle(null, null, modelFree().metadata())).hasMessageContaining("needs a policy");
    }

    @Test
    void aResidualFractionOtherThanTheAppliedOneIsRefused() throws Exception {
        java.util.Map<String, Object> meta = new java.util.HashMap<>(modelFree().metadata());
        meta.put("residual_to", "rule-based-grower/1.0");
        meta.put("residual_fraction", 0.5);
        MbrlBundle odd = new MbrlBundle(modelFree().policyOnnx(), null, meta);
        assertThatThrownBy(odd::residualTo).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("residual_fraction 0.5").hasMessageContaining(String.valueOf(PolicyActions.RESIDUAL));
    }

    @Test
    void aBundleTrainedOnOtherInputsIsRefusedWithTheRemedy() throws Exception {
        java.util.Map<String, Object> meta = new java.util.HashMap<>(modelFree().metadata());
        meta.put("policy_inputs", PolicyActions.INPUT_NAMES.subList(0, PolicyActions.TIME_OF_DAY));
        assertThatThrownBy(() -> new MbrlBundle(modelFree().policyOnnx(), null, meta))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time_of_day_sin")
                .hasMessageContaining("plantctl train greenhouse");
    }

    @Test
    void aTamperedOrMissingFileIsRefusedAndNamed(@TempDir Path dir) throws Exception {
        MbrlBundle.shipped().write(dir, TestSigning.KEY);
        byte[] dynamics = Files.readAllBytes(dir.resolve(MbrlBundle.DYNAMICS_FILE));
        dynamics[dynamics.length - 1] ^= 1;
        Files.write(dir.resolve(MbrlBundle.DYNAMICS_FILE), dynamics);
        assertThatThrownBy(() -> MbrlBundle.read(dir, TRUST)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MbrlBundle.DYNAMICS_FILE).hasMessageContaining("SHA-256");
        dynamics[dynamics.length - 1] ^= 1;
        Files.write(dir.resolve(MbrlBundle.DYNAMICS_FILE), dynamics);
        Files.delete(dir.resolve(MbrlBundle.DYNAMICS_FILE));
        assertThatThrownBy(() -> MbrlBundle.read(dir, TRUST)).hasMessageContaining("no " + MbrlBundle.DYNAMICS_FILE);
        assertThatThrownBy(() -> MbrlBundle.read(dir.resolve("absent"), TRUST)).hasMessageContaining("no mbrl.json");
    }

    @Test
    void aTamperedBundleWithRecomputedChecksumsAnUnsignedOneAndAForeignSignatureAreRefused(@TempDir Path dir)
            throws Exception {
        MbrlBundle.shipped().write(dir, TestSigning.KEY);
        Path signature = dir.resolve(BundleSignature.FILE);
        Path meta = dir.resolve(MbrlBundle.METADATA_FILE);
        byte[] dynamics = Files.readAllBytes(dir.resolve(MbrlBundle.DYNAMICS_FILE));
        String before = ModelRegistry.sha256(dynamics);
        dynamics[dynamics.length / 2] ^= 0x20;
        Files.write(dir.resolve(MbrlBundle.DYNAMICS_FILE), dynamics);
        Files.writeString(meta, Files.readString(meta).replace(before, ModelRegistry.sha256(dynamics)));
        assertThatThrownBy(() -> MbrlBundle.read(dir, TRUST)).isInstanceOf(ModelRejectedException.class)
                .hasMessage(signature + ": signature does not verify with key test-publisher (mbrl.json modified?)");

        MbrlBundle.sign(dir, TestSigning.KEY);
        assertThat(MbrlBundle.read(dir, TRUST).dynamicsOnnx()).isEqualTo(dynamics);
        assertThatThrownBy(() -> MbrlBundle.read(dir, TrustedKeys.shipped()))
                .hasMessage(signature + ": signed by key 'test-publisher', which is not trusted (trusted:"
                        + " plantctl-release)");
        Files.delete(signature);
        assertThatThrownBy(() -> MbrlBundle.read(dir, TRUST)).isInstanceOf(ModelRejectedException.class)
                .hasMessageStartingWith(signature + ": missing: " + MbrlBundle.SIGNATURE_SUBJECT + " is unsigned");
    }
}
