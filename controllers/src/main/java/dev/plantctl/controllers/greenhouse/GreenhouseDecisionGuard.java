package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Setpoint;
import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the job puts around every greenhouse controller, so that no controller's output reaches a sink unchecked:
 * <ol>
 *   <li>a controller that throws (a NaN from a model, a bug) or returns a decision that is not for this
 *       observation (another plant, unit or instant; a setpoint of another unit; an actuator missing, unknown or
 *       twice) is refused, and the fallback controller decides instead; the explanation says what was refused and
 *       why ({@link Factor#FALLBACK} = 1);</li>
 *   <li>the requested controls pass the {@link GreenhouseSafetyShield} again, whatever the controller did
 *       itself; any change is added to the explanation's safety list;</li>
 *   <li>the setpoints are rebuilt by the job ({@link GreenhouseSetpoints#setpoints}): command ids, issue time and
 *       expiry are the job's, never the controller's.</li>
 * </ol>
 * A controller that honours its contract (shielded setpoints for this observation) passes unchanged.
 * Plain Java; immutable and thread-safe.
 */
public final class GreenhouseDecisionGuard implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Set<String> ACTUATORS = Set.of(GreenhouseSignals.HEATING, GreenhouseSignals.VENTILATION,
            GreenhouseSignals.CO2_SUPPLY);

    private final GreenhouseSafetyShield shield;
    private final Duration controlPeriod;

    /**
     * @param shield        the shield applied to every controller's request
     * @param controlPeriod the control period: each setpoint expires one period after its observation
     */
    public GreenhouseDecisionGuard(GreenhouseSafetyShield shield, Duration controlPeriod) {
        this.shield = Objects.requireNonNull(shield, "shield");
        this.controlPeriod = Objects.requireNonNull(controlPeriod, "controlPeriod");
    }

    /**
     * The controller's decision, checked, shielded and restamped; the fallback's when the controller's is refused.
     *
     * @param controller the controller the job runs
     * @param fallback   the controller that decides when the first one's decision is refused (the rule-based
     *                   grower)
     * @param observation the observation to decide on
     * @param previous   the controls applied during the last period
     */
    public Decision decide(GreenhouseController controller, GreenhouseController fallback, Observation observation,
                           Controls previous) {
        Decision d;
        try {
            d = controller.decide(observation, previous);
        } catch (RuntimeException e) {
            return fallBack(controller, fallback, observation, previous, "it failed: " + message(e));
        }
        Optional<String> problem = problem(d, observation);
        if (problem.isPresent()) {
            return fallBack(controller, fallback, observation, previous, problem.get());
        }
        return shielded(d, observation, previous, List.of());
    }

    private Decision fallBack(GreenhouseController refused, GreenhouseController fallback, Observation observation,
                              Controls previous, String why) {
        String reason = refused.name() + "/" + refused.version() + "'s decision was refused because " + why;
        Decision d;
        try {
            d = fallback.decide(observation, previous);
        } catch (RuntimeException e) {
            return holding(observation, previous, reason + "; the fallback " + fallback.name() + " failed too: "
                    + message(e));
        }
        Optional<String> problem = problem(d, observation);
        if (problem.isPresent()) {
            return holding(observation, previous, reason + "; the fallback " + fallback.name() + "'s was refused"
                    + " too: " + problem.get());
        }
        Factor fell = new Factor(Factor.FALLBACK, 1, reason);
        return shielded(d, observation, previous, List.of(fell), reason + ". " + d.explanation().summary());
    }

    /** Neither controller gave a usable decision: the previous controls, through the shield. */
    private Decision holding(Observation observation, Controls previous, String reason) {
        ShieldedControls s = shield.apply(previous, previous, observation);
        List<Setpoint> setpoints = GreenhouseSetpoints.setpoints(observation, s.applied(), controlPeriod);
        Explanation e = new Explanation(observation.time(), observation.plant(), observation.unitId(),
                "hold-previous", "guard/1", GreenhouseSetpoints.byActuator(s.applied()),
                List.of(new Factor(Factor.FALLBACK, 1, reason)), 1, s.interventions(),
                reason + ": holding the previous setpoints.", List.of());
        return new Decision(observation.plant(), observation.unitId(), observation.time(), setpoints, e);
    }

    private Decision shielded(Decision d, Observation observation, Controls previous, List<Factor> extraFactors) {
        return shielded(d, observation, previous, extraFactors, d.explanation().summary());
    }

    private Decision shielded(Decision d, Observation observation, Controls previous, List<Factor> extraFactors,
                              String summary) {
        Controls requested = GreenhouseSetpoints.controls(d);
        ShieldedControls s = shield.apply(requested, previous, observation);
        Explanation e = d.explanation();
        List<ShieldIntervention> safety = new ArrayList<>(e.safety());
        if (!s.applied().equals(requested)) {
            safety.addAll(s.interventions());
        }
        List<Factor> factors = new ArrayList<>(extraFactors);
        factors.addAll(e.factors());
        Explanation explained = new Explanation(observation.time(), observation.plant(), observation.unitId(),
                e.controller(), e.modelVersion(), GreenhouseSetpoints.byActuator(s.applied()), factors,
                e.uncertainty(), safety, summary,
                e.citations());
        return new Decision(observation.plant(), observation.unitId(), observation.time(),
                GreenhouseSetpoints.setpoints(observation, s.applied(), controlPeriod), explained);
    }

    /** What makes a decision unusable for this observation, if anything. */
    static Optional<String> problem(Decision d, Observation observation) {
        if (d == null) {
            return Optional.of("it returned no decision");
        }
        if (!d.plant().equals(observation.plant()) || !d.unitId().equals(observation.unitId())) {
            return Optional.of("it is for " + d.plant() + "/" + d.unitId() + ", not " + observation.plant() + "/"
                    + observation.unitId());
        }
        if (!d.time().equals(observation.time())) {
            return Optional.of("it is for " + d.time() + ", not the control instant " + observation.time());
        }
        Set<String> seen = new HashSet<>();
        for (Setpoint s : d.setpoints()) {
            if (!s.plant().equals(observation.plant()) || !s.unitId().equals(observation.unitId())) {
                return Optional.of("it sets " + s.plant() + "/" + s.unitId() + "/" + s.actuator()
                        + ", another unit's actuator");
            }
            if (!ACTUATORS.contains(s.actuator())) {
                return Optional.of("it sets an unknown actuator '" + s.actuator() + "'");
            }
            if (!seen.add(s.actuator())) {
                return Optional.of("it sets " + s.actuator() + " twice");
            }
        }
        if (!seen.containsAll(ACTUATORS)) {
            Set<String> missing = new HashSet<>(ACTUATORS);
            missing.removeAll(seen);
            return Optional.of("it has no setpoint for " + String.join(", ", new TreeSet<>(missing)));
        }
        return Optional.empty();
    }

    private static String message(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
