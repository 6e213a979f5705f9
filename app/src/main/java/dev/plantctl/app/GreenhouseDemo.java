package dev.plantctl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.plantctl.app.report.HtmlReport;
import dev.plantctl.app.report.ReportDecision;
import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.core.DeadLetter;
import dev.plantctl.controllers.greenhouse.RuleBasedGrowerController;
import dev.plantctl.jobs.common.TelemetryTarget;
import dev.plantctl.jobs.common.ValidateSamples;
import dev.plantctl.jobs.greenhouse.DecideGreenhouseSetpoints;
import dev.plantctl.jobs.greenhouse.GreenhouseControlJob;
import dev.plantctl.jobs.greenhouse.GreenhouseControllerFactory;
import dev.plantctl.jobs.greenhouse.GreenhouseJobConfig;
import dev.plantctl.jobs.greenhouse.GreenhouseTagMap;
import dev.plantctl.jobs.greenhouse.MbrlControllerFactory;
import dev.plantctl.jobs.launch.LoopbackMiniCluster;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.SeasonLedger;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The greenhouse demo: simulator on a loopback OPC UA server in lockstep, the control job on a MiniCluster,
 * and the summary, explanations and report written to one directory.
 */
final class GreenhouseDemo {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
    private static final Duration LOCKSTEP_TIMEOUT = Duration.ofSeconds(60);

    private final double simHours;
    private final int compartments;
    private final long seed;
    private final int parallelism;
    private final Path dir;
    private final Path tagMap;
    private TelemetryTarget telemetry;

    /** @param tagMap the greenhouse's tag map file, or null for the embedded one */
    GreenhouseDemo(double simHours, int compartments, long seed, int parallelism, Path dir, Path tagMap) {
        this.simHours = simHours;
        this.compartments = compartments;
        this.seed = seed;
        this.parallelism = parallelism;
        this.dir = dir;
        this.tagMap = tagMap;
    }

    /** Which controller decides. */
    enum ControllerChoice {
        /** The rule-based grower. */
        rule,
        /** The shipped robust MBRL controller with the rule-based grower as its fallback. */
        mbrl
    }

    private ControllerChoice controller = ControllerChoice.mbrl;

    /** Uses the given controller (default: the shipped robust MBRL controller). */
    GreenhouseDemo controller(ControllerChoice choice) {
        this.controller = choice;
        return this;
    }

    private GreenhouseControllerFactory controllerFactory(Duration period) {
        return controller == ControllerChoice.mbrl ? MbrlControllerFactory.shipped(period)
                : GreenhouseControlJob.ruleBasedController(period);
    }

    private String controllerId() throws IOException {
        return controller == ControllerChoice.mbrl ? "mbrl/" + MbrlBundle.shipped().id()
                : RuleBasedGrowerController.NAME + "/" + RuleBasedGrowerController.VERSION;
    }

    /**
     * Writes the telemetry schema to InfluxDB too (creating the database if needed), with checkpoints every
     * {@link #CHECKPOINT_INTERVAL} so that the sink flushes and the pipeline health shows a checkpoint age.
     */
    GreenhouseDemo telemetry(TelemetryTarget target) {
        this.telemetry = target;
        return this;
    }

    /** Checkpoint interval of a demo that writes telemetry. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    /**
     * What the demo produced.
     *
     * @param summary           the content of summary.json
     * @param text              the summary for a person
     * @param problems          what went wrong (invalid explanation lines, rejected setpoints); empty when all is well
     * @param telemetryProblems what went wrong with the telemetry (refused points and the server's reason, outages,
     *                          drops), one sentence each; the control loop went on regardless
     */
    record Result(Map<String, Object> summary, String text, List<String> problems, List<String> telemetryProblems) { }

    private Consumer<GreenhouseOpcUaServer> whileRunning = server -> { };

    /**
     * Hands the running simulator to {@code observer} before the job starts, e.g. to follow its simulated time from a
     * thread of the observer's own; the observer must return at once.
     */
    GreenhouseDemo whileRunning(Consumer<GreenhouseOpcUaServer> observer) {
        this.whileRunning = observer;
        return this;
    }

    Result run() throws Exception {
        Files.createDirectories(dir);
        Instant end = START.plusSeconds(Math.round(simHours * 3600));
        Duration period = GreenhouseJobConfig.DEFAULT_CONTROL_PERIOD;
        long wallStart = System.nanoTime();
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder()
                .compartments(compartments)
                .clockMode(ClockMode.LOCKSTEP)
                // The plant waits this long for a step's setpoints before it moves on without them. The first
                // step waits for the MiniCluster to start, which takes seconds on a loaded machine.
                .lockstepTimeout(LOCKSTEP_TIMEOUT)
                .stepSeconds(period.toSeconds())
                .weather(new SyntheticWeather(seed))
                .startTime(START)
                .endTime(end)
                .start()) {
            GreenhouseJobConfig config = new GreenhouseJobConfig(OpcUaEndpoint.insecure(server.endpointUrl()),
                    compartments, period, end, dir.resolve("explanations.jsonl"), dir.resolve("dead-letters.jsonl"),
                    tagMap, GreenhouseJobConfig.DEFAULT_MAX_OUT_OF_ORDERNESS, GreenhouseJobConfig.DEFAULT_IDLENESS,
                    GreenhouseTagMap.EMBEDDED_PLANT_CLOCK, GreenhouseTagMap.EMBEDDED_SETPOINT_VALIDITY,
                    GreenhouseJobConfig.shippedWritePolicy());
            // A restart would replay the plant's steps on a lockstep plant that moved on: any task failure ends the
            // demo with its cause instead of looping, so a finished demo ran with 0 restarts.
            Configuration flink = LoopbackMiniCluster.configuration();
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
            if (telemetry != null) {
                DemoTelemetry.prepare(telemetry);
                env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis());
            }
            GreenhouseControlJob.build(env, config, controllerFactory(period), null,
                    telemetry);
            ProfitRecorder profit = new ProfitRecorder(server, period, end, LOCKSTEP_TIMEOUT);
            whileRunning.accept(server);
            JobExecutionResult job;
            try {
                job = env.execute("plantctl demo: greenhouse");
            } finally {
                profit.close();
            }
            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
            return summarise(server, job, wallSeconds, profit);
        }
    }

    private Result summarise(GreenhouseOpcUaServer server, JobExecutionResult job, double wallSeconds,
                             ProfitRecorder profit) throws IOException {
        ExplanationsCheck.Result explanations = ExplanationsCheck.read(dir.resolve("explanations.jsonl"));
        long decisions = counter(job, DecideGreenhouseSetpoints.DECISIONS);
        long deadLetters = counter(job, ValidateSamples.DEAD_LETTER_COUNT);
        List<SeasonLedger> ledgers = server.simulation().compartmentIds().stream()
                .map(c -> server.simulation().ledger(c)).toList();
        SeasonLedger ledger = SeasonLedger.mean(ledgers);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("plant", "greenhouse");
        summary.put("controller", controllerId());
        summary.put("sim_hours", simHours);
        summary.put("compartments", compartments);
        summary.put("decisions", decisions);
        summary.put("setpoints_written", server.writesAccepted());
        summary.put("setpoints_rejected", server.writesRejected());
        summary.put("explanations", explanations.valid());
        summary.put("dead_letters", deadLetters);
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (DeadLetter.Reason reason : DeadLetter.Reason.values()) {
            long n = counter(job, ValidateSamples.deadLetterCount(reason));
            if (n > 0) {
                byReason.put(reason.name(), n);
            }
        }
        summary.put("dead_letters_by_reason", byReason);
        summary.put("readings", counter(job, ValidateSamples.READINGS));
        summary.put("simulated_until", server.simulatedTime().toString());
        summary.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
        summary.put("kpi", ledger.kpis());
        List<String> telemetryProblems = List.of();
        if (telemetry != null) {
            DemoTelemetry.Outcome outcome = DemoTelemetry.outcome(telemetry);
            summary.put("telemetry", outcome.json());
            telemetryProblems = outcome.problems();
        }
        JSON.writeValue(dir.resolve("summary.json").toFile(), summary);

        List<String> problems = new ArrayList<>(explanations.problems());
        if (explanations.valid() != decisions) {
            problems.add(decisions + " decisions but " + explanations.valid() + " valid explanations");
        }
        if (server.writesRejected() > 0) {
            problems.add(server.writesRejected() + " setpoints were refused by the plant");
        }
        Files.writeString(dir.resolve("report.md"), report(summary, ledger, explanations.objects(), problems));
        htmlReport(summary, ledger, explanations.objects(), profit);
        return new Result(summary, text(summary, ledger, problems), problems, telemetryProblems);
    }

    private static long counter(JobExecutionResult job, String name) {
        Object value = job.getAllAccumulatorResults().get(name);
        return value instanceof Number n ? n.longValue() : 0;
    }

    private String text(Map<String, Object> s, SeasonLedger l, List<String> problems) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "greenhouse: %d decisions by %s over %.1f simulated hours (%d compartment%s)"
                        + " in %.1f s%n", s.get("decisions"), s.get("controller"), simHours, compartments,
                compartments == 1 ? "" : "s", s.get("wall_seconds")));
        b.append(String.format(Locale.ROOT, "  setpoints written %d, rejected %d; explanations %d; dead letters %d%n",
                s.get("setpoints_written"), s.get("setpoints_rejected"), s.get("explanations"), s.get("dead_letters")));
        b.append(String.format(Locale.ROOT, "  net profit %.3f EUR/m2 (crop %.3f, heating %.3f, CO2 %.3f, penalties %.3f)%n",
                l.netProfitEur(), l.cropValueEur(), l.heatingCostEur(), l.co2CostEur(), l.penaltyEur()));
        b.append(String.format(Locale.ROOT, "  temperature in band %.0f %% of steps; outside band %.2f degC.h,"
                        + " CO2 %.0f ppm.h, RH %.1f %%.h%n", 100 * l.temperatureInBandFraction(),
                l.tempViolationDegreeHours(), l.co2ViolationPpmHours(), l.rhViolationPctHours()));
        if (s.get("telemetry") instanceof Map<?, ?> t) {
            b.append(String.format(Locale.ROOT, "  telemetry to %s: %s points written, %s refused, %s spilled, %s "
                            + "dropped%n", t.get("influx"), t.get("points_written"), t.get("points_dead_lettered"),
                    t.get("points_spilled"), t.get("points_dropped")));
        }
        b.append("  results in ").append(dir.toAbsolutePath());
        for (String p : problems) {
            b.append(System.lineSeparator()).append("  PROBLEM: ").append(p);
        }
        return b.toString();
    }

    private void htmlReport(Map<String, Object> s, SeasonLedger l, List<JsonNode> explanations,
                            ProfitRecorder profit) throws IOException {
        Map<String, String> kpis = new LinkedHashMap<>();
        for (String key : List.of("controller", "decisions", "setpoints_written", "setpoints_rejected", "explanations",
                "dead_letters", "readings")) {
            kpis.put(key, String.valueOf(s.get(key)));
        }
        kpis.put("temperature in band", String.format(Locale.ROOT, "%.0f %% of steps",
                100 * l.temperatureInBandFraction()));
        l.kpis().forEach((k, v) -> kpis.put(k, String.format(Locale.ROOT, "%.4f", v)));
        new HtmlReport("plantctl demo: greenhouse", String.format(Locale.ROOT, "%s controlled %d compartment(s) for"
                        + " %.1f simulated hours over OPC UA on a Flink MiniCluster, in %.1f s of wall time.",
                s.get("controller"), compartments, simHours, s.get("wall_seconds")))
                .write(dir, kpis, GreenhouseReport.charts(explanations, ComfortBand.benchmark(), profit.times(),
                        profit.profits()), ReportDecision.fromExplanations(explanations));
    }

    private String report(Map<String, Object> s, SeasonLedger l, List<JsonNode> explanations, List<String> problems) {
        StringBuilder b = new StringBuilder();
        b.append("# plantctl demo: greenhouse\n\n");
        b.append(String.format(Locale.ROOT, "%s controlled %d compartment(s) for %.1f simulated hours over OPC UA"
                        + " on a Flink MiniCluster, in %.1f s of wall time.%n%n", s.get("controller"), compartments,
                simHours, s.get("wall_seconds")));
        b.append("| figure | value |\n|---|---|\n");
        for (String key : List.of("decisions", "setpoints_written", "setpoints_rejected", "explanations",
                "dead_letters", "readings")) {
            b.append("| ").append(key).append(" | ").append(s.get(key)).append(" |\n");
        }
        l.kpis().forEach((k, v) -> b.append(String.format(Locale.ROOT, "| %s | %.4f |%n", k, v)));
        b.append("\n## Decisions where the safety shield acted or the controller fell back\n\n");
        List<JsonNode> notable = explanations.stream()
                .filter(e -> e.path("safety").size() > 0 || e.path("uncertainty").asDouble() > 0)
                .sorted(Comparator.comparing((JsonNode e) -> -e.path("safety").size()))
                .limit(10).toList();
        if (notable.isEmpty()) {
            b.append("None: every decision went through unchanged.\n");
        }
        for (JsonNode e : notable) {
            b.append("- ").append(e.path("time").asText()).append(" ").append(e.path("unit").asText()).append(": ")
                    .append(e.path("summary").asText()).append('\n');
        }
        b.append("\n## First and last decisions\n\n");
        if (!explanations.isEmpty()) {
            for (JsonNode e : List.of(explanations.get(0), explanations.get(explanations.size() - 1))) {
                b.append("- ").append(e.path("time").asText()).append(" ").append(e.path("unit").asText())
                        .append(": ").append(e.path("summary").asText()).append('\n');
            }
        }
        if (!problems.isEmpty()) {
            b.append("\n## Problems\n\n");
            problems.forEach(p -> b.append("- ").append(p).append('\n'));
        }
        return b.toString();
    }
}
