package dev.plantctl.app;

import dev.plantctl.app.printer.PrinterBenchCommand;
import picocli.CommandLine.Command;

/** {@code plantctl bench}: the benchmarks that score a controller against baselines in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Scores a plant's controller against baselines in one run; see the subcommands.",
        subcommands = {GreenhouseBenchCommand.class, PrinterBenchCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
