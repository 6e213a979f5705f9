package dev.plantctl.jobs.printer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plantctl.connectors.file.JsonLinesSink;
import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.connectors.mqtt.MqttRecord;
import dev.plantctl.connectors.mqtt.MqttSource;
import dev.plantctl.controllers.ExplanationJson;
import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.Quality;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.Reading;
import dev.plantctl.dashboards.telemetry.Telemetry;
import dev.plantctl.dashboards.telemetry.TelemetryPoint;
import dev.plantctl.ingestion.DeadLetterJson;
import dev.plantctl.jobs.common.TelemetryGraph;
import dev.plantctl.jobs.common.ToInfluxPoints;
import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.ProcessEstimate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The printer farm's control loop on Flink, after CIPHER:
 * <pre>
 * MQTT (Moonraker status, +/klipper/state/#) -> parse (dead letters aside) -> keyBy(printer)
 *   -> status -> layer window -> process expert (ONNX Runtime) -> reasoning, retrieval, decision
 *   -> G-code as JSON-RPC printer.gcode.script on {printer}/moonraker/api/request (MQTT)
 *   -> explanations (JSON lines; and InfluxDB through the telemetry schema when configured)
 * </pre>
 * Only automatic adjustments and pauses are sent; every decision, sent or not, is explained. The MQTT source is
 * at-least-once with acknowledgements on checkpoints, so checkpointing is switched on at the configured interval.
 * The controller's whole per-printer state is checkpointed ({@link DecidePrinterActions}), so a restored job
 * decides every layer as an uninterrupted one would; the layers it decides again after a restore send no G-code
 * twice ({@link GcodeLedgerSink}), though their explanations may be written twice (at-least-once).
 * Create the job's MQTT session before the printers publish ({@link PrinterMqttSession#create}): Moonraker
 * publishes a field only when it changes, so a status missed at the start is missing until it changes.
 */
public final class PrinterControlJob {

    /** The job's name in telemetry (the {@code job} tag of {@code pipeline_health}). */
    public static final String JOB_NAME = "printer-control";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PrinterControlJob() {
    }

    /**
     * Adds the job's graph to the environment; run it with {@code env.execute(...)}.
     *
     * @return the outcomes, for callers that want more sinks
     */
    public static DataStream<PrinterOutcome> build(StreamExecutionEnvironment env, PrinterJobConfig config) {
        env.setBufferTimeout(0);
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        DataStream<RawMessage> messages = env.fromSource(MqttSource.builder()
                        .broker(config.broker())
                        .topicFilters(List.of(PrinterJobConfig.STATUS_FILTER))
                        .clientId(config.clientId())
                        .qos(1)
                        .build(), WatermarkStrategy.noWatermarks(), "mqtt-printer-status")
                .setParallelism(1).uid("mqtt-printer-status");
        SingleOutputStreamOperator<StatusUpdate> updates = messages.process(new ParseMoonrakerStatus())
                .name("parse-status").uid("parse-status");
        DataStream<DeadLetter> deadLetters = updates.getSideOutput(ParseMoonrakerStatus.DEAD_LETTERS);
        SingleOutputStreamOperator<PrinterOutcome> outcomes = updates.keyBy(StatusUpdate::printer)
                .process(new DecidePrinterActions(config)).name("printer-controller").uid("printer-controller");

        outcomes.filter(o -> !o.script().isEmpty()).name("commands").uid("commands")
                .sinkTo(new GcodeLedgerSink(config)).setParallelism(1).name("gcode-mqtt").uid("gcode-mqtt");
        outcomes.map(o -> ExplanationJson.toJsonLine(o.decision().explanation())).name("explain").uid("explain")
                .sinkTo(new JsonLinesSink(java.nio.file.Path.of(config.explanationsFile()))).setParallelism(1)
                .name("explanations-jsonl").uid("explanations-jsonl");
        deadLetters.map(DeadLetterJson::toJsonLine).name("dead-letter-json").uid("dead-letter-json")
                .sinkTo(new JsonLinesSink(java.nio.file.Path.of(config.deadLettersFile()))).setParallelism(1)
                .name("dead-letters-jsonl").uid("dead-letters-jsonl");
        if (config.telemetry() != null) {
            DataStream<InfluxPoint> points = outcomes.flatMap(new ToInfluxPoints<PrinterOutcome>(
                    PrinterControlJob::telemetry)).name("telemetry-printer").uid("telemetry-printer");
            DataStream<Reading> readings = updates.filter(u -> Double.isFinite(u.number())).name("numeric-status")
                    .uid("numeric-status").map(PrinterControlJob::reading).name("readings").uid("readings");
            TelemetryGraph.sink(points.union(TelemetryGraph.decisions(outcomes.map(PrinterOutcome::decision)
                            .name("decisions").uid("decisions")),
                    outcomes.getSideOutput(DecidePrinterActions.MODEL_HEALTH),
                    TelemetryGraph.readings(readings),
                    TelemetryGraph.deadLettersAndHealth(PrinterSignals.PLANT, JOB_NAME, readings, deadLetters,
                            d -> false, config.telemetry())), config.telemetry());
        }
        return outcomes;
    }

    /**
     * A numeric status field as a reading of its printer, at the status's time: telemetry only (the controller
     * works on the status itself). Moonraker's fields carry no unit; the field's name tells it.
     */
    static Reading reading(StatusUpdate u) {
        return new Reading(PrinterSignals.PLANT, u.printer(), u.field(), u.number(), "",
                Instant.ofEpochMilli(Math.round(u.eventtime() * 1000)), Quality.GOOD);
    }

    /**
     * The JSON-RPC request that runs an outcome's G-code on its printer; its id, {@code <clientId>-<printer>-layer-<n>},
     * names the job and the decision.
     */
    static MqttRecord request(PrinterOutcome o, String clientId) {
        ObjectNode r = JSON.createObjectNode();
        r.put("jsonrpc", "2.0");
        r.put("method", "printer.gcode.script");
        r.putObject("params").put("script", o.script());
        r.put("id", clientId + "-" + o.decision().unitId() + "-layer-" + o.layer());
        return new MqttRecord(PrinterSignals.requestTopic(o.decision().unitId()),
                r.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The estimates and the action of an outcome as telemetry points (the decision itself goes separately). */
    static List<TelemetryPoint> telemetry(PrinterOutcome o) {
        String printer = o.decision().unitId();
        ProcessEstimate e = o.estimate();
        List<TelemetryPoint> points = new ArrayList<>();
        if (Double.isFinite(e.flowPct()) && Double.isFinite(e.flowSigmaPct())) {
            points.add(Telemetry.printerEstimate(PrinterSignals.PLANT, printer, o.decision().time(), "flow_pct",
                    e.flowPct(), e.flowSigmaPct()));
        }
        if (Double.isFinite(e.zOffsetMm()) && Double.isFinite(e.zSigmaMm())) {
            points.add(Telemetry.printerEstimate(PrinterSignals.PLANT, printer, o.decision().time(), "z_offset_mm",
                    e.zOffsetMm(), e.zSigmaMm()));
        }
        if (Double.isFinite(e.temperatureDevC()) && Double.isFinite(e.temperatureSigmaC())) {
            points.add(Telemetry.printerEstimate(PrinterSignals.PLANT, printer, o.decision().time(),
                    "temperature_dev_c", e.temperatureDevC(), e.temperatureSigmaC()));
        }
        points.add(Telemetry.printerAction(PrinterSignals.PLANT, printer, o.decision().time(), o.tier(),
                o.script().replace("\n", "; "), o.tier().equals("auto_adjust")));
        return points;
    }
}
