package dev.plantctl.app;

import dev.plantctl.controllers.printer.FactCorpus;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.ml.printer.PrinterExpert;
import dev.plantctl.ml.registry.BundleSignature;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.ml.registry.TrustedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plantctl models keygen} and {@code plantctl models sign} on copies of the shipped artifacts. */
class ModelsCommandTest {

    private static int run(StringWriter err, String... args) {
        return Plantctl.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute(args);
    }

    /** Copies classpath files (without their signature) into a directory. */
    private static Path copy(String folder, Path dir, List<String> files) throws Exception {
        Files.createDirectories(dir);
        for (String f : files) {
            try (InputStream in = ModelsCommandTest.class.getResourceAsStream(folder + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        return dir;
    }

    @Test
    void generatesAKeyPairAndSignsARegistryVersionAPolicyBundleAndTheCorpus(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run(err, "models", "keygen", "--out", dir.resolve("keys").toString(), "--id", "site"))
                .as(err.toString()).isZero();
        Path keyFile = dir.resolve("keys/site.key");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(run(err, "models", "keygen", "--out", dir.resolve("keys").toString(), "--id", "site")).isEqualTo(2);
        assertThat(err.toString()).contains(keyFile + " exists: a private key is never overwritten");

        Path version = copy(PrinterExpert.SHIPPED_REGISTRY + "/printer-expert/1/", dir.resolve("reg/printer-expert/1"),
                List.of(ModelRegistry.MODEL_FILE, ModelRegistry.METADATA_FILE, ModelRegistry.CHECKSUMS_FILE));
        Path bundle = copy("/" + MbrlBundle.SHIPPED, dir.resolve("robust"),
                List.of(MbrlBundle.DYNAMICS_FILE, MbrlBundle.METADATA_FILE));
        Path corpus = copy("/dev/plantctl/controllers/printer/", dir.resolve("corpus"), List.of(FactCorpus.FILE_NAME));
        assertThat(run(err, "models", "sign", "--key", keyFile.toString(), version.toString(), bundle.toString(),
                corpus.toString())).as(err.toString()).isZero();

        TrustedKeys trust = TrustedKeys.shipped().withDirectory(dir.resolve("keys"));
        try (PrinterExpert expert = PrinterExpert.latest(new ModelRegistry(dir.resolve("reg"), trust))) {
            assertThat(expert.id()).isEqualTo("printer-expert/1");
        }
        assertThat(MbrlBundle.read(bundle, trust).id()).isEqualTo(MbrlBundle.shipped().id());
        assertThat(Files.readString(corpus.resolve(BundleSignature.FILE))).contains("key: site\n",
                "subject: " + FactCorpus.SIGNATURE_SUBJECT + "\n");
        assertThat(SigningKey.read(keyFile).keyId()).isEqualTo("site");
    }

    @Test
    void refusesToSignWhatItDoesNotKnowOrWhatFailsItsChecksums(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        run(err, "models", "keygen", "--out", dir.toString(), "--id", "site");
        Path key = dir.resolve("site.key");
        assertThat(run(err, "models", "sign", "--key", key.toString(), dir.resolve("nothing").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains(dir.resolve("nothing") + ": none of a registry version (checksums.sha256),"
                + " a policy bundle (mbrl.json) or the fact corpus (facts.txt)");

        Path bundle = copy("/" + MbrlBundle.SHIPPED, dir.resolve("robust"),
                List.of(MbrlBundle.DYNAMICS_FILE, MbrlBundle.METADATA_FILE));
        byte[] dynamics = Files.readAllBytes(bundle.resolve(MbrlBundle.DYNAMICS_FILE));
        dynamics[dynamics.length / 2] ^= 1;
        Files.write(bundle.resolve(MbrlBundle.DYNAMICS_FILE), dynamics);
        assertThat(run(err, "models", "sign", "--key", key.toString(), bundle.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("dynamics.onnx has SHA-256");
        assertThat(bundle.resolve(BundleSignature.FILE)).doesNotExist();
    }
}
