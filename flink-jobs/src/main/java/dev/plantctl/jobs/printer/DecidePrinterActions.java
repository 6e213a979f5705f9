package dev.plantctl.jobs.printer;

import ai.onnxruntime.OrtException;
import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.controllers.printer.KnowledgeBase;
import dev.plantctl.controllers.printer.PrinterDecision;
import dev.plantctl.controllers.printer.PrinterMemory;
import dev.plantctl.controllers.printer.Tier;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Setpoint;
import dev.plantctl.dashboards.telemetry.Telemetry;
import dev.plantctl.jobs.common.ToInfluxPoints;
import dev.plantctl.ml.printer.PrinterExpert;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.MonitoringWindowBuilder;
import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.PrinterStatus;
import dev.plantctl.policy.GcodeGate;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The printer controller per printer (keyed by instance): rebuilds statuses from the field updates
 * ({@link PrinterStatusAssembler}), cuts them into layer windows ({@link MonitoringWindowBuilder}) and has the
 * {@link PrinterController} decide on each window. Emits one {@link PrinterOutcome} per finished layer.
 *
 * <p>State, all of it keyed Flink state per printer with POJO serializers (no Kryo; {@link #STATE_TYPES}): the
 * status being assembled ({@link PrinterStatusAssembler.Snapshot}), the open layer window with the last layer
 * scanned ({@link MonitoringWindowBuilder.Snapshot}), and the controller's memory ({@link PrinterMemory}: debounce
 * streak, last command and its dead time, the effect it waits for). A restored job goes on exactly where the
 * checkpoint left it: it neither loses the layer in progress nor forgets a warning it gave.
 *
 * <p>Idempotent per (printer, layer) on replays: the MQTT source is at-least-once, so a restored job may receive
 * again what it had applied before the checkpoint. An update older than the printer's last is dropped (a replay or
 * out of order), counted in the metric {@code outOfOrderUpdates} and logged; a window is emitted only for a layer
 * scanned after the last one (the builder's bookkeeping is in the state), so no layer is decided twice from one
 * state. Decisions made after the last checkpoint and before a failure are made again, identically, after the
 * restore.
 */
public final class DecidePrinterActions extends KeyedProcessFunction<String, StatusUpdate, PrinterOutcome> {

    /** The side output of the {@code model_health} points: the decision's time and the model's uncertainty. */
    public static final OutputTag<InfluxPoint> MODEL_HEALTH = new OutputTag<>("printer-model-health") { };

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DecidePrinterActions.class);
    /** How long a G-code setpoint counts as current in the decision record. */
    private static final Duration SETPOINT_LIFETIME = Duration.ofSeconds(30);

    private final PrinterJobConfig config;
    private transient PrinterController controller;
    private transient ValueState<PrinterStatusAssembler.Snapshot> status;
    private transient ValueState<MonitoringWindowBuilder.Snapshot> window;
    private transient ValueState<PrinterMemory> memory;
    private transient ValueState<byte[]> gateMemory;
    private transient Counter outOfOrder;
    private transient Counter controllerFailures;
    private transient Counter policyRefusals;

    private static final TypeInformation<PrinterStatusAssembler.Snapshot> STATUS_TYPE =
            TypeInformation.of(PrinterStatusAssembler.Snapshot.class);
    private static final TypeInformation<MonitoringWindowBuilder.Snapshot> WINDOW_TYPE =
            TypeInformation.of(MonitoringWindowBuilder.Snapshot.class);
    private static final TypeInformation<PrinterMemory> MEMORY_TYPE = TypeInformation.of(PrinterMemory.class);
    /** The types of the keyed state: status being assembled, open window, controller memory. */
    public static final List<TypeInformation<?>> STATE_TYPES = List.of(STATUS_TYPE, WINDOW_TYPE, MEMORY_TYPE);

    /** The controller of a job's configuration. */
    public DecidePrinterActions(PrinterJobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        PrinterExpert expert = config.expertRegistry() == null ? PrinterExpert.shipped()
                : PrinterExpert.latest(new ModelRegistry(Path.of(config.expertRegistry()),
                        config.modelTrust().keys()));
        controller = new PrinterController(expert, KnowledgeBase.shipped(), config.limits());
        status = getRuntimeContext().getState(new ValueStateDescriptor<>("printer-status", STATUS_TYPE));
        window = getRuntimeContext().getState(new ValueStateDescriptor<>("layer-window", WINDOW_TYPE));
        memory = getRuntimeContext().getState(new ValueStateDescriptor<>("printer-memory", MEMORY_TYPE));
        gateMemory = getRuntimeContext().getState(new ValueStateDescriptor<>("gcode-gate", byte[].class));
        outOfOrder = getRuntimeContext().getMetricGroup().counter("outOfOrderUpdates");
        controllerFailures = getRuntimeContext().getMetricGroup().counter("controllerFailures");
        policyRefusals = getRuntimeContext().getMetricGroup().counter("gcodeRefusedByPolicy");
        LOG.info("printer controller serving {} for {} jobs", controller.expertId(), config.job().materialLabel());
    }

    @Override
    public void processElement(StatusUpdate u, Context ctx, Collector<PrinterOutcome> out) throws OrtException,
            java.io.IOException {
        PrinterStatusAssembler statuses = new PrinterStatusAssembler(status.value() == null
                ? PrinterStatusAssembler.Snapshot.empty() : status.value());
        Optional<PrinterStatus> completed;
        try {
            completed = statuses.update(u);
        } catch (IllegalArgumentException outOfOrderUpdate) {
            outOfOrder.inc();
            LOG.warn("dropped: {}", outOfOrderUpdate.getMessage());
            return;
        }
        status.update(statuses.snapshot());
        if (completed.isEmpty()) {
            return;
        }
        MonitoringWindowBuilder windows = new MonitoringWindowBuilder(window.value() == null
                ? MonitoringWindowBuilder.Snapshot.empty() : window.value());
        Optional<MonitoringWindow> layer = windows.add(completed.get());
        window.update(windows.snapshot());
        if (layer.isEmpty()) {
            return;
        }
        PrinterMemory m = memory.value();
        Instant time = Instant.ofEpochMilli(Math.round(u.eventtime() * 1000));
        long start = System.nanoTime();
        PrinterOutcome outcome;
        try {
            PrinterDecision d = controller.decide(u.printer(), time, layer.get(), config.job(),
                    m == null ? PrinterMemory.EMPTY : m);
            memory.update(d.memory());
            outcome = outcome(d, time);
        } catch (OrtException | RuntimeException e) {
            controllerFailures.inc();
            LOG.warn("the printer controller failed on {} layer {}: nothing sent", u.printer(), layer.get().layer(),
                    e);
            outcome = PrinterGuard.failed(u.printer(), layer.get().layer(), time, controller.expertId(), e);
        }
        double inferenceMillis = (System.nanoTime() - start) / 1e6;
        GcodeGate gate = gateMemory.value() == null ? new GcodeGate(config.writePolicy())
                : GcodeGate.restore(config.writePolicy(), gateMemory.value());
        outcome = PrinterGuard.gated(outcome, gate, config.job().materialLabel(), Instant.now());
        gateMemory.update(gate.state());
        if (outcome.tier().equals(PrinterGuard.REFUSED_TIER)) {
            policyRefusals.inc();
        }
        ctx.output(MODEL_HEALTH, ToInfluxPoints.influx(Telemetry.modelHealth(outcome.decision(), inferenceMillis)));
        out.collect(outcome);
    }

    /** The outcome of a decision: its G-code only when the tier sends it. */
    static PrinterOutcome outcome(PrinterDecision d, Instant time) {
        boolean sends = d.tier() == Tier.AUTO_ADJUST || d.tier() == Tier.PAUSE;
        return new PrinterOutcome(decision(d, time), d.tier().label(), sends ? d.script() : "", d.layer(),
                d.estimate());
    }

    private static Decision decision(PrinterDecision d, Instant time) {
        List<Setpoint> setpoints = new ArrayList<>();
        d.explanation().setpoints().forEach((actuator, value) -> setpoints.add(new Setpoint(d.printer() + "-"
                + d.layer() + "-" + actuator, PrinterSignals.PLANT, d.printer(), actuator, value, unit(actuator), time,
                time.plus(SETPOINT_LIFETIME))));
        return new Decision(PrinterSignals.PLANT, d.printer(), time, setpoints, d.explanation());
    }

    private static String unit(String actuator) {
        return switch (actuator) {
            case "flow_pct", "speed_pct" -> "%";
            case "hotend_target_c" -> "degC";
            default -> "mm";
        };
    }

    @Override
    public void close() throws Exception {
        if (controller != null) {
            controller.close();
        }
    }
}
