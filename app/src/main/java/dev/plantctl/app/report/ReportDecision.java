package dev.plantctl.app.report;

import java.util.List;
import java.util.Objects;

/**
 * A decision as a report lists it.
 *
 * @param time        the control instant, as text
 * @param unit        the plant unit
 * @param summary     the explanation's sentence
 * @param uncertainty the controller's uncertainty in [0, 1]
 * @param fallback    true when the controller fell back
 * @param shield      what the safety shield changed, one sentence each
 * @param topFactors  the most important factors, as text
 */
public record ReportDecision(String time, String unit, String summary, double uncertainty, boolean fallback,
                             List<String> shield, String topFactors) {

    public ReportDecision {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(topFactors, "topFactors");
        shield = List.copyOf(shield);
    }

    /**
     * How much an operator should look at it: a fallback first, then the more shield changes, then the higher
     * uncertainty.
     */
    public double importance() {
        return (fallback ? 100 : 0) + shield.size() * 10 + uncertainty;
    }
}
