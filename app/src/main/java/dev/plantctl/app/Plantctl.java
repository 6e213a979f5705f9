package dev.plantctl.app;

import dev.plantctl.ml.registry.ModelRejectedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code plantctl} command line: {@code demo}, {@code bench}, {@code sim}, {@code train}, {@code job} and
 * {@code models}.
 */
@Command(name = "plantctl", mixinStandardHelpOptions = true, version = "plantctl 0.1.0",
        description = {"Streaming process control on Apache Flink: sensors in over OPC UA, learned and rule-based",
                "controllers, setpoints back to the plant, an explanation for every decision."},
        subcommands = {DemoCommand.class, BenchCommand.class, SimCommand.class, TrainCommand.class, JobCommand.class,
                ModelsCommand.class, CommandLine.HelpCommand.class})
public final class Plantctl implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, with bad input reported as one line: an {@link IllegalArgumentException} (a bad option
     * value, a missing or malformed file) or a {@link ModelRejectedException} (a model that is unsigned, not
     * signed by a trusted key or corrupt) prints {@code plantctl: <message>} and exits with 2; anything else
     * keeps its stack trace, because it is a bug.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Plantctl());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof ModelRejectedException) {
                command.getErr().println("plantctl: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
