package dev.plantctl.controllers.printer;

import dev.plantctl.core.Explanation;
import dev.plantctl.models.printer.ProcessEstimate;
import java.util.List;
import java.util.Objects;

/**
 * One decision of the printer controller on one layer window.
 *
 * @param printer     the printer's instance id
 * @param layer       the layer the window covered
 * @param tier        how far the decision goes
 * @param issue       the issue it acted or warned on, empty for none
 * @param gcode       the G-code lines to send (empty unless {@link Tier#AUTO_ADJUST} or {@link Tier#PAUSE})
 * @param steps       the reasoning steps, in order
 * @param estimate    the expert's estimate it reasoned from
 * @param citations   the facts retrieved for it
 * @param explanation the explanation (estimates with uncertainty, steps, tier, G-code and citations)
 * @param memory      what the controller remembers of the printer after this decision
 */
public record PrinterDecision(String printer, int layer, Tier tier, String issue, List<String> gcode,
                              List<String> steps, ProcessEstimate estimate, List<Citation> citations,
                              Explanation explanation, PrinterMemory memory) {

    /** Copies the lists. */
    public PrinterDecision {
        Objects.requireNonNull(printer, "printer");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(explanation, "explanation");
        gcode = List.copyOf(gcode);
        steps = List.copyOf(steps);
        citations = List.copyOf(citations);
    }

    /** The G-code as one script, lines joined by newlines. */
    public String script() {
        return String.join("\n", gcode);
    }
}
