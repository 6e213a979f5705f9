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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
 * <p>State: the controller's memory per printer (debounce, last command) is keyed Flink state and survives a
 * restore. The status being assembled and the open layer window live in the task only: after a restore they are
 * rebuilt from the stream (the first status waits until every field was seen again, and the window of the layer in
 * progress covers only what followed). Updates older than the printer's last are dropped, counted in the metric
 * {@code outOfOrderUpdates} and logged.
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
    private transient Map<String, PerPrinter> printers;
    private transient ValueState<PrinterMemory> memory;
    private transient Counter outOfOrder;

    private record PerPrinter(PrinterStatusAssembler statuses, MonitoringWindowBuilder windows) {
    }

    /** The controller of a job's configuration. */
    public DecidePrinterActions(PrinterJobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        PrinterExpert expert = config.expertRegistry() == null ? PrinterExpert.shipped()
                : PrinterExpert.latest(new ModelRegistry(Path.of(config.expertRegistry())));
        controller = new PrinterController(expert, KnowledgeBase.shipped(), config.limits());
        printers = new HashMap<>();
        memory = getRuntimeContext().getState(new ValueStateDescriptor<>("printer-memory", PrinterMemory.class));
        outOfOrder = getRuntimeContext().getMetricGroup().counter("outOfOrderUpdates");
        LOG.info("printer controller serving {} for {} jobs", controller.expertId(), config.job().materialLabel());
    }

    @Override
    public void processElement(StatusUpdate u, Context ctx, Collector<PrinterOutcome> out) throws OrtException,
            java.io.IOException {
        PerPrinter p = printers.computeIfAbsent(u.printer(), k -> new PerPrinter(new PrinterStatusAssembler(),
                new MonitoringWindowBuilder()));
        Optional<PrinterStatus> status;
        try {
            status = p.statuses().update(u);
        } catch (IllegalArgumentException outOfOrderUpdate) {
            outOfOrder.inc();
            LOG.warn("dropped: {}", outOfOrderUpdate.getMessage());
            return;
        }
        if (status.isEmpty()) {
            return;
        }
        Optional<MonitoringWindow> window = p.windows().add(status.get());
        if (window.isEmpty()) {
            return;
        }
        PrinterMemory m = memory.value();
        Instant time = Instant.ofEpochMilli(Math.round(u.eventtime() * 1000));
        long start = System.nanoTime();
        PrinterDecision d = controller.decide(u.printer(), time, window.get(), config.job(),
                m == null ? PrinterMemory.EMPTY : m);
        double inferenceMillis = (System.nanoTime() - start) / 1e6;
        memory.update(d.memory());
        boolean sends = d.tier() == Tier.AUTO_ADJUST || d.tier() == Tier.PAUSE;
        Decision decision = decision(d, time);
        ctx.output(MODEL_HEALTH, ToInfluxPoints.influx(Telemetry.modelHealth(decision, inferenceMillis)));
        out.collect(new PrinterOutcome(decision, d.tier().label(), sends ? d.script() : "", d.layer(),
                d.estimate()));
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
