package dev.plantctl.jobs.printer;

import dev.plantctl.connectors.mqtt.MqttBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.controllers.ExplanationJson;
import dev.plantctl.controllers.printer.ControlLimits;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.ml.registry.ModelTrust;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.Scenario;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.mqtt.EmbeddedMqttBroker;
import dev.plantctl.simulators.printer.PrinterFarmSimulator;
import dev.plantctl.jobs.common.TelemetryTarget;
import dev.plantctl.testing.Await;
import dev.plantctl.testing.InfluxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The printer loop end to end: a farm of simulated printers speaking Moonraker over a real MQTT broker (embedded
 * Artemis), {@link PrinterControlJob} on a Flink MiniCluster with the shipped ONNX expert, the G-code it sends
 * back as JSON-RPC requests applied by the printers, and its telemetry in a real InfluxDB. One printer runs nominal, one gets a 30 °C too low target, one
 * a rising nozzle.
 */
class PrinterControlJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int LAYERS = 14;

    @Test
    void correctsTheColdHotendOverMqttAndExplainsEveryLayer(@TempDir Path dir) throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start("127.0.0.1", 0);
             InfluxServer influx = InfluxServer.builder().start()) {
            TelemetryTarget telemetry = TelemetryTarget.withoutCredentials(influx.url(), dir);
            telemetry.createDatabase();
            PrintJob job = PrintJob.standard("it", Material.PLA, LAYERS);
            PrinterJobConfig config = new PrinterJobConfig(MqttBroker.insecure(broker.url()), "printer-it",
                    PrintContext.of(job), ControlLimits.DEFAULTS, null, ModelTrust.SHIPPED_KEYS,
                    dir.resolve("explanations.jsonl").toString(), dir.resolve("dead-letters.jsonl").toString(),
                    Duration.ofMillis(500), telemetry, PrinterJobConfig.shippedWritePolicy());
            PrinterMqttSession.create(config);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            PrinterControlJob.build(env, config);
            JobClient client = env.executeAsync("printer-it");
            try (PrinterFarmSimulator farm = PrinterFarmSimulator.builder().printers(3).job(job).brokerUrl(broker.url())
                    .scenarios(List.of(Scenario.nominal(), Scenario.named("wrong_temperature", 110, Material.PLA),
                            Scenario.named("z_drift", 110, Material.PLA)))
                    .clockMode(ClockMode.ACCELERATED).accelerationFactor(10).opcUa(false).seed(3).start()) {
                Path explanations = dir.resolve("explanations.jsonl");
                Await.until("the cold hotend's target restored by the job's M104 and an explanation for every"
                                + " finished layer of the three printers", Duration.ofMinutes(3),
                        () -> farm.status("p2").targetC() >= 200 && layersExplained(explanations) >= 3 * (LAYERS - 2),
                        () -> "p2 target " + farm.status("p2").targetC() + " °C at layer "
                                + farm.status("p2").currentLayer() + ", " + layersExplained(explanations)
                                + " explanations, job " + jobStatus(client));
                assertThat(farm.status("p3").zAdjustMm()).as("the rising nozzle babystepped down").isNegative();
                assertThat(farm.status("p1").extrudeFactor()).as("the nominal printer left alone").isEqualTo(1.0);
                long explained = layersExplained(explanations);
                Await.until("every decision's action, three estimates and explanation in InfluxDB",
                        Duration.ofMinutes(1), () -> count(influx, "printer_action", "gcode") >= explained
                                && count(influx, "printer_estimate", "value") >= 3 * explained
                                && count(influx, "explanation", "summary") >= explained,
                        () -> count(influx, "printer_action", "gcode") + " actions, "
                                + count(influx, "printer_estimate", "value") + " estimates for " + explained
                                + " explanations");
                assertThat(count(influx, "printer_action WHERE tier = 'auto_adjust' AND unit = 'p2'", "gcode"))
                        .isPositive();
                assertThat(count(influx, "model_health WHERE plant = 'printer'", "inference_ms"))
                        .as("one model health point per decision").isGreaterThanOrEqualTo(explained);
                assertThat(count(influx, "reading WHERE plant = 'printer' AND \"tag\" = 'extruder/temperature'", "value"))
                        .as("the status fields as readings").isPositive();
                Await.until("the job's health in InfluxDB", Duration.ofMinutes(1),
                        () -> count(influx, "pipeline_health WHERE plant = 'printer'", "readings_per_s") > 0);
            } finally {
                client.cancel().get();
            }
            List<Explanation> all = Files.readAllLines(dir.resolve("explanations.jsonl")).stream()
                    .map(ExplanationJson::parse).toList();
            assertThat(all).allSatisfy(e -> {
                assertThat(e.plant()).isEqualTo("printer");
                assertThat(e.modelVersion()).isEqualTo("printer-expert/1");
                assertThat(e.factors()).extracting(Factor::name)
                        .contains("flow_pct", "z_offset_mm", "temperature_dev_c", "tier", "step_1");
                assertThat(e.factors()).filteredOn(f -> f.name().endsWith("_pct") || f.name().endsWith("_mm")
                        || f.name().endsWith("_c")).allSatisfy(f -> assertThat(f.effect()).startsWith("σ"));
                assertThat(e.citations()).isNotEmpty().allSatisfy(c -> assertThat(c).matches("[a-z0-9-]+: .+"));
            });
            assertThat(all).filteredOn(e -> e.unitId().equals("p2") && e.summary().startsWith("auto_adjust: M104"))
                    .isNotEmpty();
            assertThat(Files.readAllLines(dir.resolve("dead-letters.jsonl"))).isEmpty();
        }
    }

    /** The count of a field over a measurement (with an optional WHERE clause), 0 when there is none yet. */
    private static long count(InfluxServer influx, String from, String field) {
        try {
            JsonNode values = new ObjectMapper().readTree(influx.query(TelemetryTarget.DEFAULT_DATABASE,
                    "SELECT count(\"" + field + "\") FROM " + from)).path("results").path(0).path("series").path(0)
                    .path("values").path(0);
            return values.path(1).asLong(0);
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB answered with no JSON", e);
        }
    }

    private static String jobStatus(JobClient client) {
        try {
            return client.getJobStatus().get().toString();
        } catch (Exception e) {
            return "status unknown: " + e;
        }
    }

    private static long layersExplained(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
