package dev.plantctl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.controllers.printer.ControlLimits;
import dev.plantctl.jobs.common.TelemetryTarget;
import dev.plantctl.jobs.launch.LoopbackMiniCluster;
import dev.plantctl.jobs.printer.PrinterControlJob;
import dev.plantctl.jobs.printer.PrinterJobConfig;
import dev.plantctl.jobs.printer.PrinterMqttSession;
import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.models.printer.LayerMeasurement;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.PrintState;
import dev.plantctl.models.printer.PrinterStatus;
import dev.plantctl.models.printer.Scenario;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.mqtt.EmbeddedMqttBroker;
import dev.plantctl.simulators.printer.PrinterFarmSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code plantctl demo --plant printer}: a farm of simulated printers (one nominal, the others with a clog, a cold
 * hotend, a rising nozzle, a thin filament, a wrong spool and a biased thermistor, in turn) speaking Moonraker over an
 * embedded MQTT broker, {@link PrinterControlJob} on an in-process MiniCluster, its G-code applied by the printers.
 * Writes {@code summary.json}, {@code explanations.jsonl}, {@code dead-letters.jsonl} and {@code report.md}.
 */
final class PrinterDemo {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double ACCELERATION = 20;

    private final int printers;
    private final int layers;
    private final long seed;
    private final Path dir;
    private final TelemetryTarget telemetry;

    PrinterDemo(int printers, int layers, long seed, Path dir, TelemetryTarget telemetry) {
        if (printers < 1 || printers > 50) {
            throw new IllegalArgumentException("--printers must lie in 1 … 50, got " + printers);
        }
        if (layers < 8 || layers > 300) {
            throw new IllegalArgumentException("--layers must lie in 8 … 300, got " + layers);
        }
        this.printers = printers;
        this.layers = layers;
        this.seed = seed;
        this.dir = dir;
        this.telemetry = telemetry;
    }

    GreenhouseDemo.Result run() throws Exception {
        Files.createDirectories(dir);
        for (String f : List.of("explanations.jsonl", "dead-letters.jsonl", "summary.json", "report.md")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        PrintJob job = PrintJob.standard("demo", Material.PLA, layers);
        List<Scenario> scenarios = Scenario.mixedFarm(printers, seed, 100, 250, Material.PLA);
        Map<String, Object> summary = new LinkedHashMap<>();
        Map<String, Map<String, Object>> perPrinter = new TreeMap<>();
        long start = System.nanoTime();
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start("127.0.0.1", 0)) {
            if (telemetry != null) {
                DemoTelemetry.prepare(telemetry);
            }
            System.err.printf("plantctl demo: the printer farm's MQTT broker is embedded on loopback (%s), anonymous"
                    + " and without TLS; the job connects insecurely on purpose, as a production job must not"
                    + " (deploy/README.md)%n", broker.url());
            PrinterJobConfig config = new PrinterJobConfig(MqttBroker.insecure(broker.url()), "plantctl-demo-printer",
                    PrintContext.of(job), ControlLimits.DEFAULTS, null, ModelTrust.SHIPPED_KEYS,
                    dir.resolve("explanations.jsonl").toString(),
                    dir.resolve("dead-letters.jsonl").toString(), Duration.ofSeconds(1), telemetry,
                    PrinterJobConfig.shippedWritePolicy());
            PrinterMqttSession.create(config);
            ResponseCounter responses = new ResponseCounter(broker.url());
            StreamExecutionEnvironment env = LoopbackMiniCluster.environment(1);
            PrinterControlJob.build(env, config);
            JobClient client = env.executeAsync("plantctl-demo-printer");
            try (PrinterFarmSimulator farm = PrinterFarmSimulator.builder().printers(printers).job(job)
                    .scenarios(scenarios).brokerUrl(broker.url()).clockMode(ClockMode.ACCELERATED)
                    .accelerationFactor(ACCELERATION).opcUa(false).seed(seed).start()) {
                Duration budget = Duration.ofSeconds((long) ((job.durationS() + 300) / ACCELERATION * 3 + 60));
                awaitFarm(farm, budget);
                int scanned = farm.instances().stream().mapToInt(p -> scanned(farm.status(p))).sum();
                long explained = awaitLines(dir.resolve("explanations.jsonl"), scanned, Duration.ofSeconds(30));
                if (explained < scanned) {
                    System.err.printf("plantctl demo: the farm laid %d layers, but only %d are explained in %s after"
                            + " 30 s; the summary counts what was written%n", scanned, explained,
                            dir.resolve("explanations.jsonl"));
                }
                for (int i = 0; i < farm.instances().size(); i++) {
                    String p = farm.instances().get(i);
                    PrinterStatus s = farm.status(p);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("scenario", scenarios.get(i).name());
                    m.put("state", s.state().moonrakerName());
                    m.put("layers_scanned", scanned(s));
                    m.put("flow_pct", 100 * s.extrudeFactor());
                    m.put("speed_pct", 100 * s.speedFactor());
                    m.put("hotend_target_c", s.targetC());
                    m.put("z_adjust_mm", s.zAdjustMm());
                    LayerMeasurement last = s.lastLayer();
                    m.put("last_layer_width_error_pct", last == null ? null
                            : 100 * (last.trueWidthMm() / PrintJob.STANDARD_WIDTH_MM - 1));
                    perPrinter.put(p, m);
                }
            } finally {
                client.cancel().get();
                awaitEnd(client);
                responses.close();
            }
            summary.put("commands_answered_ok", responses.ok());
            summary.put("commands_refused", responses.refused());
        }
        ExplanationsCheck.Result explanations = ExplanationsCheck.read(dir.resolve("explanations.jsonl"));
        Map<String, Map<String, Integer>> tiers = new TreeMap<>();
        int cited = 0;
        for (JsonNode e : explanations.objects()) {
            String tier = e.path("summary").asText().split(":")[0];
            tiers.computeIfAbsent(e.path("unit").asText(), k -> new TreeMap<>()).merge(tier, 1, Integer::sum);
            cited += e.path("citations").size() > 0 ? 1 : 0;
        }
        perPrinter.forEach((p, m) -> m.put("decisions_by_tier", tiers.getOrDefault(p, Map.of())));
        summary.put("plant", "printer");
        summary.put("controller", "printer-reasoner with " + expertModel());
        summary.put("printers", printers);
        summary.put("layers_per_job", layers);
        summary.put("seed", seed);
        summary.put("acceleration", ACCELERATION);
        summary.put("wall_seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        summary.put("sim_hours", Math.round((job.durationS() + 60) / 3600.0 * 100) / 100.0);
        summary.put("decisions", explanations.valid());
        summary.put("setpoints_written", summary.get("commands_answered_ok"));
        summary.put("setpoints_rejected", summary.get("commands_refused"));
        summary.put("explanations", explanations.valid());
        summary.put("explanations_with_citations", cited);
        summary.put("dead_letters", lines(dir.resolve("dead-letters.jsonl")));
        summary.put("per_printer", perPrinter);
        Map<String, Object> kpi = new LinkedHashMap<>();
        kpi.put("printers_complete", perPrinter.values().stream().filter(m -> "complete".equals(m.get("state")))
                .count());
        kpi.put("mean_abs_last_width_error_pct", perPrinter.values().stream()
                .map(m -> (Double) m.get("last_layer_width_error_pct")).filter(java.util.Objects::nonNull)
                .mapToDouble(Math::abs).average().orElse(Double.NaN));
        summary.put("kpi", kpi);
        summary.put("finished", Instant.now().toString());
        List<String> telemetryProblems = List.of();
        if (telemetry != null) {
            DemoTelemetry.Outcome outcome = DemoTelemetry.outcome(telemetry);
            summary.put("telemetry", outcome.json());
            telemetryProblems = outcome.problems();
        }
        JSON.writeValue(dir.resolve("summary.json").toFile(), summary);
        List<String> problems = new ArrayList<>(explanations.problems());
        if (((Number) summary.get("commands_refused")).longValue() > 0) {
            problems.add(summary.get("commands_refused") + " commands were refused by the printers");
        }
        if (cited < explanations.valid()) {
            problems.add((explanations.valid() - cited) + " explanations without a citation");
        }
        String text = text(summary, perPrinter, problems);
        Files.writeString(dir.resolve("report.md"), text);
        return new GreenhouseDemo.Result(summary, text, problems, telemetryProblems);
    }

    /**
     * Waits (at most 30 s) until the cancelled job ended, so that its sinks closed and left their reports. The local
     * environment shuts its MiniCluster down once the job ended: a status that can no longer be asked for means
     * just that.
     */
    private static void awaitEnd(JobClient client) throws InterruptedException {
        try {
            client.getJobExecutionResult().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | IllegalStateException | TimeoutException ended) {
            // cancelled (the result is a failure), gone with the MiniCluster, or still closing: the reports say which
        }
    }

    private static String expertModel() {
        return dev.plantctl.ml.printer.PrinterExpert.MODEL_NAME + "/"
                + dev.plantctl.ml.printer.PrinterExpert.SHIPPED_VERSION;
    }

    /** Counts the printers' JSON-RPC answers to the job's commands: "ok" results and errors. */
    private static final class ResponseCounter implements AutoCloseable {

        private final org.eclipse.paho.mqttv5.client.MqttClient client;
        private final java.util.concurrent.atomic.AtomicLong ok = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();

        ResponseCounter(String brokerUrl) throws org.eclipse.paho.mqttv5.common.MqttException {
            client = new org.eclipse.paho.mqttv5.client.MqttClient(brokerUrl, "plantctl-demo-responses",
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            client.connect();
            client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                new org.eclipse.paho.mqttv5.common.MqttSubscription("+/moonraker/api/response", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, message) -> {
                        JsonNode answer = JSON.readTree(message.getPayload());
                        if (answer.has("error")) {
                            refused.incrementAndGet();
                        } else {
                            ok.incrementAndGet();
                        }
                    }});
        }

        long ok() {
            return ok.get();
        }

        long refused() {
            return refused.get();
        }

        @Override
        public void close() throws org.eclipse.paho.mqttv5.common.MqttException {
            client.disconnect();
            client.close();
        }
    }

    private static int scanned(PrinterStatus s) {
        return s.lastLayer() == null ? 0 : s.lastLayer().layer();
    }

    private static void awaitFarm(PrinterFarmSimulator farm, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        while (farm.instances().stream().anyMatch(p -> farm.status(p).state() == PrintState.PRINTING)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the printer farm did not finish within " + budget);
            }
            farm.awaitSimulatedTime(farm.simulatedTime().plusSeconds(25), Duration.ofSeconds(10));
        }
    }

    /** Polls the file until it has {@code expected} lines or the timeout passed; returns its line count. */
    private static long awaitLines(Path file, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = lines(file);
        while (count < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            count = lines(file);
        }
        return count;
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String text(Map<String, Object> s, Map<String, Map<String, Object>> perPrinter,
                               List<String> problems) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "# plantctl demo: printer farm%n%n%s printers,"
                + " %s layers each, %s explanations (%s with citations), %s dead letters, %.1f s wall%n%n",
                s.get("printers"), s.get("layers_per_job"), s.get("explanations"), s.get("explanations_with_citations"),
                s.get("dead_letters"), (Double) s.get("wall_seconds")));
        b.append("| printer | scenario | state | flow % | speed % | target °C | Z adjust mm | last width error % |"
                + " decisions |\n|---|---|---|---|---|---|---|---|---|\n");
        perPrinter.forEach((p, m) -> b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.0f | %.0f |"
                + " %+.3f | %s | %s |%n", p, m.get("scenario"), m.get("state"), (Double) m.get("flow_pct"),
                (Double) m.get("speed_pct"), (Double) m.get("hotend_target_c"), (Double) m.get("z_adjust_mm"),
                m.get("last_layer_width_error_pct") == null ? "-" : String.format(Locale.ROOT, "%+.1f",
                        (Double) m.get("last_layer_width_error_pct")), m.get("decisions_by_tier"))));
        for (String p : problems) {
            b.append("\nPROBLEM: ").append(p);
        }
        return b.toString();
    }
}
