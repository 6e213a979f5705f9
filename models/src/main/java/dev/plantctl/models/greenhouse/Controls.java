package dev.plantctl.models.greenhouse;

/**
 * The three actuators of a compartment, in the units of van Henten's model. Each ranges from 0 to its
 * {@code *_MAX}; this record does not enforce the range (a controller's raw request may lie outside it until a
 * safety shield has bounded it), and {@link VanHentenModel} integrates whatever finite values it is given.
 *
 * @param co2Supply   CO₂ supply u_c, mg m⁻² s⁻¹, 0 … {@value #CO2_SUPPLY_MAX}
 * @param ventilation ventilation rate u_v, mm s⁻¹, 0 … {@value #VENTILATION_MAX}
 * @param heating     heating power u_q, W m⁻², 0 … {@value #HEATING_MAX}
 */
public record Controls(double co2Supply, double ventilation, double heating) {

    /** Upper limit of the CO₂ supply, mg m⁻² s⁻¹. */
    public static final double CO2_SUPPLY_MAX = 1.2;
    /** Upper limit of the ventilation rate, mm s⁻¹. */
    public static final double VENTILATION_MAX = 7.5;
    /** Upper limit of the heating power, W m⁻². */
    public static final double HEATING_MAX = 150;

    /** All actuators off: no CO₂, vents closed, no heating. */
    public static final Controls OFF = new Controls(0, 0, 0);
}
