package dev.plantctl.models.printer;

/**
 * The firmware's hotend temperature control, after Marlin's model predictive control (MPC): the firmware runs the
 * hotend's thermal model ({@link HotendThermal} with the nominal {@link HotendParameters}) beside the real one,
 * pulls the model's sensor temperature toward each reading, and commands the duty that would bring the modelled
 * block to the target within {@value #HORIZON_S} s on top of the power that holds it there (losses, fan, filament).
 * Because the model's block leads the lagging sensor, the hotend reaches a new target without the overshoot a
 * PID on the lagging reading would have.
 *
 * <p>Mutable, not thread-safe.
 */
final class HeaterController {

    /** Time within which the modelled block should reach the target, s. */
    static final double HORIZON_S = 1.0;
    /** Time constant with which the model is pulled toward the readings, s. */
    static final double SMOOTHING_S = 0.5;

    private final HotendParameters p;
    private final HotendThermal model;
    private double duty;

    HeaterController(HotendParameters parameters) {
        this.p = parameters;
        this.model = new HotendThermal(parameters);
    }

    /**
     * The duty for the next {@code dt}, which is then applied to the model as well.
     *
     * @param dt          the control step, s
     * @param readingC    the temperature reading, °C
     * @param targetC     the target, °C; ≤ 0 turns the heater off
     * @param fan         part-cooling fan fraction
     * @param filamentMmS nominal filament the firmware feeds, mm/s
     * @return the heater duty, 0 … 1
     */
    double update(double dt, double readingC, double targetC, double fan, double filamentMmS) {
        model.nudge((readingC - model.thermistorC()) * (1 - Math.exp(-dt / SMOOTHING_S)));
        if (targetC <= 0) {
            duty = 0;
        } else {
            double power = p.heatCapacityJK() * (targetC - model.blockC()) / HORIZON_S
                    + p.holdingPowerW(targetC, fan, filamentMmS);
            duty = Math.max(0, Math.min(1, power / p.heaterPowerW()));
        }
        model.step(dt, duty * p.heaterPowerW(), fan, filamentMmS);
        return duty;
    }

    /** The duty last commanded, 0 … 1. */
    double duty() {
        return duty;
    }
}
