package dev.plantctl.app;

import dev.plantctl.ml.printer.PrinterExpert;
import dev.plantctl.ml.printer.PrinterExpertTraining;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.ml.registry.TrustedKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * {@code plantctl train printer-expert}: reproduces the shipped process expert — {@value
 * PrinterExpertTraining#DEFAULT_EPISODES} simulated PLA episodes from the seed, the default hyperparameters, scored on
 * {@value PrinterExpertTraining#DEFAULT_HELD_OUT_EPISODES} held-out episodes — and publishes it as the next version
 * of {@value PrinterExpert#MODEL_NAME} in the registry, signed. With seed 1 the model file is the shipped one byte
 * for byte.
 */
final class PrinterExpertTrainer {

    private PrinterExpertTrainer() {
    }

    static int train(long seed, Path registry, SigningKey signer, PrintWriter out) throws Exception {
        PrinterExpertTraining training = new PrinterExpertTraining(PrinterExpertTraining.defaultConfig(seed),
                Clock.systemUTC());
        out.printf(Locale.ROOT, "training %s from seed %d on %d simulated episodes (held out: %d)%n",
                PrinterExpert.MODEL_NAME, seed, PrinterExpertTraining.DEFAULT_EPISODES,
                PrinterExpertTraining.DEFAULT_HELD_OUT_EPISODES);
        out.flush();
        PrinterExpertTraining.Result r = training.run(PrinterExpertTraining.DEFAULT_EPISODES,
                PrinterExpertTraining.DEFAULT_HELD_OUT_EPISODES, new ModelRegistry(registry, TrustedKeys.of(signer)),
                signer,
                (member, epoch, max, loss, holdout, done) -> {
                    if (done) {
                        out.printf(Locale.ROOT, "member %d stopped after %d epochs (held-out MSE %.4f)%n", member,
                                epoch, holdout);
                        out.flush();
                    }
                });
        out.printf(Locale.ROOT, "published %s in %s (sha256 %s)%nheld out: flow MAE %.2f pp, Z MAE %.4f mm,"
                + " temperature MAE %.2f °C, flow-class accuracy %.3f, inside ±2σ %.3f%n", r.metadata().id(),
                r.directory(), r.metadata().sha256(), r.heldOut().flowMaePct(), r.heldOut().zMaeMm(),
                r.heldOut().temperatureMaeC(), r.heldOut().classAccuracy(), r.heldOut().inside2Sigma());
        return 0;
    }
}
