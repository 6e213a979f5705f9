package dev.plantctl.jobs.printer;

import dev.plantctl.core.Decision;
import dev.plantctl.models.printer.ProcessEstimate;
import java.io.Serializable;

/**
 * What the printer controller produced for one layer window, for the job's sinks.
 *
 * @param decision the decision with its explanation (and the G-code's numeric targets as setpoints)
 * @param tier     the tier's label
 * @param script   the G-code to send, lines joined by newlines; empty when nothing is sent
 * @param layer    the layer the window covered
 * @param estimate the process expert's estimate
 */
public record PrinterOutcome(Decision decision, String tier, String script, int layer, ProcessEstimate estimate)
        implements Serializable {

    private static final long serialVersionUID = 1L;
}
