package dev.plantctl.app;

import dev.plantctl.connectors.Secret;
import dev.plantctl.jobs.common.TelemetryTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code plantctl demo}: the whole loop on embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole control loop on embedded defaults: the plant simulator behind a real OPC UA",
                "server on loopback (lockstep clock), the Flink control job on an in-process MiniCluster, setpoints",
                "written back over OPC UA. Stops by itself after the simulated hours and writes",
                "<out>/<plant>/summary.json, explanations.jsonl, dead-letters.jsonl, report.md and report.html",
                "(with PNG charts)."})
final class DemoCommand implements Callable<Integer> {

    /** The plants the demo can run. */
    enum Plant { greenhouse, printer }

    @Option(names = "--plant", defaultValue = "greenhouse",
            description = "Which plant: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Plant plant;

    @Option(names = "--sim-hours", defaultValue = "48",
            description = "Simulated hours to run; the demo ends by itself (default: ${DEFAULT-VALUE}).")
    double simHours;

    @Option(names = "--out", defaultValue = "demo-out",
            description = "Directory for the results (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--compartments", defaultValue = "1",
            description = "Greenhouse compartments, each with its own sensors and actuators (default: ${DEFAULT-VALUE}).")
    int compartments;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the synthetic weather (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--controller", defaultValue = "mbrl",
            description = {"Which controller: mbrl (the shipped robust MBRL controller: MPC on the learned ensemble,",
                    "pessimistic by sample dropout, with the weather now held over its 2-hour horizon; it falls back",
                    "to the rules when uncertain or on stale sensors) or rule (the rule-based grower).",
                    "Default: ${DEFAULT-VALUE}, which beats the rules in the bench (BENCHMARKS.md)."})
    GreenhouseDemo.ControllerChoice controller;

    @Option(names = "--tag-map",
            description = "The greenhouse's tag map file (format: ingestion/README.md); default: the embedded one.")
    Path tagMap;

    @Option(names = "--influx", paramLabel = "URL",
            description = {"Also write the telemetry (dashboards/README.md) to this InfluxDB (v1 HTTP API), e.g.",
                    "http://127.0.0.1:8086; the database is created if missing. Control never waits for it: points",
                    "it refuses go to <out>/<plant>/telemetry-dead-letters.jsonl with its reason, points during an",
                    "outage to <out>/<plant>/telemetry-spill (drained when it is back); the summary and stderr say",
                    "what happened. Default: no InfluxDB."})
    String influx;

    @Option(names = "--influx-db", defaultValue = TelemetryTarget.DEFAULT_DATABASE,
            description = "The InfluxDB database for --influx (default: ${DEFAULT-VALUE}).")
    String influxDatabase;

    @Option(names = "--influx-user", paramLabel = "USER",
            description = "The InfluxDB user for --influx (with --influx-password-file); default: no credentials.")
    String influxUser;

    @Option(names = "--influx-password-file", paramLabel = "FILE",
            description = "A file that holds the --influx-user's password (a Docker or Kubernetes secret).")
    Path influxPasswordFile;

    @Option(names = "--printers", defaultValue = "7",
            description = {"Printer demo: printers in the farm; printer 1 runs nominal, the others get a clog, a cold",
                    "hotend, a rising nozzle, a thin filament, a wrong spool, a biased thermistor in turn (default:",
                    "${DEFAULT-VALUE})."})
    int printers;

    @Option(names = "--layers", defaultValue = "40",
            description = "Printer demo: layers of each printer's job, 25 s each (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--parallelism", defaultValue = "1",
            description = "Parallelism of the Flink job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        if (plant == Plant.printer) {
            Path dir = out.resolve("printer");
            return report(new PrinterDemo(printers, layers, seed, dir, telemetry(dir)).run());
        }
        if (!(simHours > 0) || simHours > 24 * 365) {
            throw new IllegalArgumentException("--sim-hours must lie in (0, 8760], got " + simHours);
        }
        Path dir = out.resolve("greenhouse");
        return report(new GreenhouseDemo(simHours, compartments, seed, parallelism, dir, tagMap)
                .controller(controller).telemetry(telemetry(dir)).run());
    }

    /**
     * Prints the result; the causes of telemetry failures go to stderr too. A telemetry failure alone does not fail
     * the demo: control went on without it, which is the point.
     */
    private static int report(GreenhouseDemo.Result result) {
        System.out.println(result.text());
        result.telemetryProblems().forEach(System.err::println);
        return result.problems().isEmpty() ? 0 : 1;
    }

    private TelemetryTarget telemetry(Path plantDir) {
        if (influx == null) {
            return null;
        }
        if ((influxUser == null) != (influxPasswordFile == null)) {
            throw new IllegalArgumentException("--influx-user and --influx-password-file go together: give both or"
                    + " neither");
        }
        Secret password = influxPasswordFile == null ? null : Secret.fromFile(influxPasswordFile);
        if (password != null) {
            password.check("--influx-password-file"); // stops the demo before it starts, naming the file
        }
        return DemoTelemetry.target(influx, influxDatabase, plantDir).withCredentials(influxUser, password);
    }
}
