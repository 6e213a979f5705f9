package dev.plantctl.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why a decision was taken: the record an operator reads in Grafana or in {@code explanations.jsonl}.
 *
 * @param time         the control instant
 * @param plant        the plant
 * @param unitId       the plant unit
 * @param controller   the controller that decided, e.g. {@code rule-based-grower}
 * @param modelVersion the version of the model or rule set behind it
 * @param setpoints    actuator to value, as applied after the shield
 * @param factors      the inputs that shaped the decision, most important first
 * @param uncertainty  the controller's uncertainty in [0, 1]: 0 for rules on fresh inputs
 * @param safety       every change the shield made, empty when it changed nothing
 * @param summary      one sentence an operator understands
 * @param citations    the sources behind the decision (empty for controllers that cite none)
 */
public record Explanation(Instant time, String plant, String unitId, String controller, String modelVersion,
                          Map<String, Double> setpoints, List<Factor> factors, double uncertainty,
                          List<ShieldIntervention> safety, String summary, List<String> citations) {

    public Explanation {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(summary, "summary");
        setpoints = Map.copyOf(setpoints);
        factors = List.copyOf(factors);
        safety = List.copyOf(safety);
        citations = List.copyOf(citations);
        if (!(uncertainty >= 0 && uncertainty <= 1)) {
            throw new IllegalArgumentException("uncertainty must lie in [0, 1]: " + uncertainty);
        }
    }
}
