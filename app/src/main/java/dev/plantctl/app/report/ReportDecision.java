package dev.plantctl.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plantctl.core.Factor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /**
     * Every decision of an {@code explanations.jsonl} with what a report shows of it: the summary, the uncertainty,
     * the fallback factor, the shield's changes and the first three factors.
     */
    public static List<ReportDecision> fromExplanations(List<JsonNode> explanations) {
        List<ReportDecision> out = new ArrayList<>();
        for (JsonNode e : explanations) {
            List<String> shield = new ArrayList<>();
            e.path("safety").forEach(s -> shield.add(s.path("actuator").asText() + " " + s.path("rule").asText()
                    + ": " + s.path("reason").asText()));
            List<String> factors = new ArrayList<>();
            boolean fallback = false;
            for (JsonNode f : e.path("factors")) {
                if (Factor.FALLBACK.equals(f.path("name").asText()) && f.path("value").asDouble() != 0) {
                    fallback = true;
                }
                if (factors.size() < 3) {
                    factors.add(String.format(Locale.ROOT, "%s %.4g", f.path("name").asText(),
                            f.path("value").asDouble()));
                }
            }
            out.add(new ReportDecision(e.path("time").asText(), e.path("unit").asText(), e.path("summary").asText(),
                    e.path("uncertainty").asDouble(), fallback, shield, String.join(", ", factors)));
        }
        return out;
    }
}
