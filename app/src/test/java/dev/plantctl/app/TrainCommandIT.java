package dev.plantctl.app;

import dev.plantctl.ml.data.TransitionFile;
import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.ml.greenhouse.GreenhouseDynamics;
import dev.plantctl.ml.registry.ModelPackage;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.ml.registry.TrustedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code plantctl train greenhouse-dynamics} end to end on a small budget: collect, train, report, publish. */
class TrainCommandIT {

    private static final String[] SMALL = {"--collect-days", "2", "--eval-days", "1", "--members", "3", "--elites",
            "2", "--hidden", "8,8", "--max-epochs", "4"};

    private static String[] args(Path registry, Path key, String... extra) {
        String[] head = {"train", "greenhouse-dynamics", "--out", registry.toString(), "--signing-key", key.toString()};
        String[] all = new String[head.length + SMALL.length + extra.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(SMALL, 0, all, head.length, SMALL.length);
        System.arraycopy(extra, 0, all, head.length + SMALL.length, extra.length);
        return all;
    }

    @Test
    void collectsTrainsReportsAndPublishesTheNextVersion(@TempDir Path dir) throws Exception {
        SigningKey key = SigningKey.generate("site");
        Path keyFile = key.writePrivateKey(dir.resolve("secret"));
        TrustedKeys trust = TrustedKeys.of(key);
        Path registry = dir.resolve("models");
        Path data = dir.resolve("data.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Plantctl()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        assertThat(cli.execute(args(registry, keyFile, "--save-data", data.toString()))).as(err.toString()).isZero();

        assertThat(out.toString())
                .contains("one-step R2 of the next state | of the state change")
                .contains("member 0", "member 2", "ensemble")
                .contains("24-hour open-loop rollouts against the true simulator (2 windows)")
                .contains("calibration: share of true next states inside the ensemble's +-2 sigma")
                .contains("published greenhouse-dynamics/1");
        assertThat(err.toString()).contains("training [##############################] 100%  members done 3/3");

        TransitionSet saved = TransitionFile.read(data);
        assertThat(saved.size()).isEqualTo(2 * 2 * 96);
        ModelPackage model = new ModelRegistry(registry, trust).read(GreenhouseDynamics.MODEL_NAME, 1,
                GreenhouseDynamics.CONTRACT);
        assertThat(model.metadata().dataFingerprint()).isEqualTo(saved.fingerprint());
        assertThat(model.metadata().members()).isEqualTo(2);

        StringWriter again = new StringWriter();
        assertThat(new CommandLine(new Plantctl()).setOut(new PrintWriter(again)).setErr(new PrintWriter(err))
                .execute(args(registry, keyFile, "--data", data.toString()))).isZero();
        assertThat(again.toString()).contains("published greenhouse-dynamics/2");
        assertThat(new ModelRegistry(registry, trust)
                .read(GreenhouseDynamics.MODEL_NAME, 2, GreenhouseDynamics.CONTRACT)
                .metadata().dataFingerprint()).as("same data, same fingerprint").isEqualTo(saved.fingerprint());
    }

    @Test
    void refusesAnUnknownModel(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Plantctl()).setErr(new PrintWriter(err))
                .execute("train", "tomato-yield", "--out", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown model 'tomato-yield'; known: greenhouse-dynamics, greenhouse, "
                + "printer-expert");
    }

    @Test
    void refusesToPublishWithoutASigningKey(@TempDir Path dir) {
        assumeTrue(System.getenv(SigningKey.ENVIRONMENT) == null, SigningKey.ENVIRONMENT + " is set here");
        StringWriter err = new StringWriter();
        int code = Plantctl.commandLine().setErr(new PrintWriter(err))
                .execute("train", "greenhouse-dynamics", "--out", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("plantctl train signs what it publishes and needs a private key: give "
                + "--signing-key FILE or set " + SigningKey.ENVIRONMENT);
    }
}
