package dev.plantctl.app;

import dev.plantctl.ml.greenhouse.MbrlBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plantctl bench greenhouse --policies DIR} loads only bundles signed by a key it trusts. */
class GreenhouseBenchTrustTest {

    @Test
    void refusesUnsignedPolicyBundlesBeforeRunningAnything(@TempDir Path dir) throws Exception {
        for (String policy : GreenhousePolicyTrainer.ALL) {
            Path bundle = Files.createDirectories(dir.resolve("policies").resolve(policy));
            for (String f : new String[] {MbrlBundle.POLICY_FILE, MbrlBundle.DYNAMICS_FILE, MbrlBundle.METADATA_FILE}) {
                try (InputStream in = MbrlBundle.class.getResourceAsStream("/" + MbrlBundle.SHIPPED_POLICIES + policy
                        + "/" + f)) {
                    if (in != null) {
                        Files.write(bundle.resolve(f), in.readAllBytes());
                    }
                }
            }
        }
        StringWriter err = new StringWriter();
        int code = Plantctl.commandLine().setErr(new PrintWriter(err)).execute("bench", "greenhouse", "--out",
                dir.resolve("out").toString(), "--policies", dir.resolve("policies").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("plantctl: " + dir.resolve("policies/model-free/signature.ed25519")
                + ": missing: " + MbrlBundle.SIGNATURE_SUBJECT + " is unsigned (sign it with 'plantctl models sign',"
                + " or allow unsigned models explicitly)" + System.lineSeparator());
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
