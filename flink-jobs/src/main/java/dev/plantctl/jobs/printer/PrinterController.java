package dev.plantctl.jobs.printer;

import ai.onnxruntime.OrtException;
import dev.plantctl.controllers.printer.ControlLimits;
import dev.plantctl.controllers.printer.KnowledgeBase;
import dev.plantctl.controllers.printer.PrinterDecision;
import dev.plantctl.controllers.printer.PrinterMemory;
import dev.plantctl.controllers.printer.PrinterReasoner;
import dev.plantctl.ml.printer.PrinterExpert;
import dev.plantctl.ml.printer.ZOffsetFusion;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import java.time.Instant;
import java.util.Objects;

/**
 * The whole printer controller on one window: the process expert (ONNX Runtime) estimates, the reasoner reasons,
 * retrieves and decides. Used by {@link PrinterControlJob} per task and by the benchmark without Flink, so both run
 * the same code.
 *
 * <p>Owns the expert and the knowledge base and closes them. Not thread-safe.
 */
public final class PrinterController implements AutoCloseable {

    private final PrinterExpert expert;
    private final KnowledgeBase knowledge;
    private final PrinterReasoner reasoner;

    /** A controller of an expert and a knowledge base, within limits; it takes ownership of both. */
    public PrinterController(PrinterExpert expert, KnowledgeBase knowledge, ControlLimits limits) {
        this.expert = Objects.requireNonNull(expert, "expert");
        this.knowledge = Objects.requireNonNull(knowledge, "knowledge");
        this.reasoner = new PrinterReasoner(knowledge, limits);
    }

    /**
     * The shipped expert and knowledge base with the default limits.
     *
     * @throws OrtException when ONNX Runtime cannot load the shipped expert
     */
    public static PrinterController shipped() throws OrtException {
        return new PrinterController(PrinterExpert.shipped(), KnowledgeBase.shipped(), ControlLimits.DEFAULTS);
    }

    /** The expert's id. */
    public String expertId() {
        return expert.id();
    }

    /**
     * Estimates and decides on one window: the expert's per-layer estimate, its Z offset fused with the printer's
     * earlier layers ({@link ZOffsetFusion}, state in the memory), then the reasoner. The returned decision's memory
     * holds the new fusion state.
     *
     * @throws OrtException when inference fails
     */
    public PrinterDecision decide(String printer, Instant time, MonitoringWindow window, PrintContext job,
                                  PrinterMemory memory) throws OrtException {
        ZOffsetFusion.Fused fused = ZOffsetFusion.fuse(memory.zFusion(), window, expert.estimate(window, job));
        return reasoner.decide(printer, time, window, job, fused.estimate(), memory.with(fused.state()));
    }

    @Override
    public void close() throws OrtException {
        knowledge.close();
        expert.close();
    }
}
