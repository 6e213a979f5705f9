package dev.plantctl.models.greenhouse;

import java.util.Objects;

/**
 * Van Henten's four-state lettuce greenhouse model (dry weight, CO₂, temperature, humidity), integrated with the
 * classical fourth-order Runge–Kutta method, exactly as the equations of {@code shared/reference/greenhouse-model.md}.
 *
 * <p>One deliberate guard outside the model's domain: the canopy conductance g(T) and the CO₂ excess
 * (X_c − c_Γ) enter the photosynthesis hyperbola clamped at 0. The polynomial g(T) is negative below 3.3 °C and
 * above 41.7 °C, and X_c − c_Γ is negative below the compensation point; there the hyperbola
 * c_radphot·V_I·B / (c_radphot·V_I + B) changes sign and passes through a pole (a division by zero that turns
 * the state into NaN). With the clamp, gross photosynthesis is 0 in those conditions; inside the domain
 * (3.3–41.7 °C, CO₂ above the compensation point) the equations are unchanged.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class VanHentenModel {

    /** mg → kg, for the CO₂ supply. */
    private static final double KG_PER_MG = 1e-6;
    /** mm s⁻¹ → m s⁻¹, for the ventilation rate. */
    private static final double M_PER_MM = 1e-3;
    private static final double KELVIN_OFFSET = 273.15;

    private final GreenhouseParameters p;

    /** A model with the given coefficients; {@link GreenhouseParameters#benchmark()} for the benchmark. */
    public VanHentenModel(GreenhouseParameters parameters) {
        this.p = Objects.requireNonNull(parameters, "parameters");
    }

    /** The coefficients this model integrates with. */
    public GreenhouseParameters parameters() {
        return p;
    }

    /**
     * The time derivative dx/dt of the state, per second, for the given controls and weather.
     *
     * @throws IllegalArgumentException when a control is not finite
     */
    public ClimateState derivative(ClimateState state, Controls controls, Weather weather) {
        requireInputs(state, controls, weather);
        double[] dx = new double[4];
        rates(toArray(state), controls, weather, dx);
        return toState(dx);
    }

    /**
     * One RK4 step of {@code dtSeconds}, with controls and weather held constant over the step, the result
     * clamped to {@link ClimateState#clampToPhysicalBounds() physical bounds}.
     *
     * <p>The fastest mode of the model is vapour exchange: with a full canopy and full ventilation its time
     * constant is about 370 s, so the benchmark's 900 s step lies inside RK4's stability region (|λ·Δt| &lt; 2.78)
     * for the nominal coefficients and controls within their limits. Strongly perturbed coefficients (δ near
     * 30 %) can leave it; a caller using them should split the control period into shorter steps.
     *
     * @throws IllegalArgumentException when a control is not finite or the step is not finite and positive
     */
    public ClimateState step(ClimateState state, Controls controls, Weather weather, double dtSeconds) {
        requireInputs(state, controls, weather);
        Checks.requireStep(dtSeconds);
        double[] x = toArray(state);
        double[] k1 = new double[4];
        double[] k2 = new double[4];
        double[] k3 = new double[4];
        double[] k4 = new double[4];
        double[] stage = new double[4];
        rates(x, controls, weather, k1);
        advance(x, k1, dtSeconds / 2, stage);
        rates(stage, controls, weather, k2);
        advance(x, k2, dtSeconds / 2, stage);
        rates(stage, controls, weather, k3);
        advance(x, k3, dtSeconds, stage);
        rates(stage, controls, weather, k4);
        double[] next = new double[4];
        for (int i = 0; i < 4; i++) {
            next[i] = x[i] + dtSeconds / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return toState(next).clampToPhysicalBounds();
    }

    /** The right-hand side of the model at state {@code x} = [X_d, X_c, X_T, X_h], written into {@code dx}. */
    private void rates(double[] x, Controls u, Weather d, double[] dx) {
        double dryWeight = x[0];
        double co2 = x[1];
        double temp = x[2];
        double hum = x[3];
        double co2Supply = u.co2Supply() * KG_PER_MG;
        double ventilation = u.ventilation() * M_PER_MM;

        double cover = 1 - Math.exp(-p.cPld() * dryWeight);
        double lightLimited = p.cRadPhot() * d.radiation();
        double co2Limited = Math.max(0, conductance(temp)) * Math.max(0, co2 - p.cGamma());
        double sum = lightLimited + co2Limited;
        double photosynthesis = sum == 0 ? 0 : cover * lightLimited * co2Limited / sum;
        double respiration = dryWeight * Math.pow(2, 0.1 * temp - 2.5);
        double exchange = ventilation + p.cLeak();
        double co2Vented = exchange * (co2 - d.co2());
        double heatVented = (p.cCapQv() * ventilation + p.cAiou()) * (temp - d.temperature());
        double heatFromSun = p.cRadQ() * d.radiation();
        double transpiration = cover * p.cVpLai() * (saturatedHumidity(temp) - hum);
        double vapourVented = exchange * (hum - d.humidity());

        dx[0] = p.cAlphaBeta() * photosynthesis - p.cRespD() * respiration;
        dx[1] = (-photosynthesis + p.cRespC() * respiration + co2Supply - co2Vented) / p.cCapC();
        dx[2] = (u.heating() - heatVented + heatFromSun) / p.cCapQ();
        dx[3] = (transpiration - vapourVented) / p.cCapH();
    }

    /** Canopy conductance for CO₂ g(T), m s⁻¹ (negative outside about 3.3–41.7 °C). */
    private double conductance(double temp) {
        return -p.cCo2A() * temp * temp + p.cCo2B() * temp - p.cCo2C();
    }

    /** Saturation absolute humidity H_sat(T), kg m⁻³. */
    private double saturatedHumidity(double temp) {
        return p.cV1() / (p.cR() * (temp + KELVIN_OFFSET)) * Math.exp(p.cV2() * temp / (temp + p.cV3()));
    }

    private static void advance(double[] x, double[] slope, double h, double[] out) {
        for (int i = 0; i < 4; i++) {
            out[i] = x[i] + h * slope[i];
        }
    }

    private static double[] toArray(ClimateState s) {
        return new double[] {s.dryWeight(), s.co2(), s.temperature(), s.humidity()};
    }

    private static ClimateState toState(double[] x) {
        return new ClimateState(x[0], x[1], x[2], x[3]);
    }

    private static void requireInputs(ClimateState state, Controls controls, Weather weather) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(controls, "controls");
        Objects.requireNonNull(weather, "weather");
        Checks.requireFinite("control co2Supply", controls.co2Supply());
        Checks.requireFinite("control ventilation", controls.ventilation());
        Checks.requireFinite("control heating", controls.heating());
    }
}
