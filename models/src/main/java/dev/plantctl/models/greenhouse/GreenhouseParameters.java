package dev.plantctl.models.greenhouse;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The coefficients of van Henten's lettuce greenhouse model (thesis 1994; Biosystems Engineering 2003), named
 * after the symbols of {@code shared/reference/greenhouse-model.md}.
 *
 * <p>Every coefficient must be finite and positive, except {@code cLeak}, which may be 0; the constructor
 * throws {@link IllegalArgumentException} naming the first one that is not.
 *
 * @param cAlphaBeta yield factor c_αβ, –
 * @param cRespD     respiration rate in dry-weight terms c_resp,d, s⁻¹
 * @param cRespC     respiration rate in CO₂ terms c_resp,c, s⁻¹
 * @param cPld       effective canopy surface c_pl,d, m² kg⁻¹
 * @param cRadPhot   light use efficiency c_rad,phot, kg J⁻¹
 * @param cCo2A      canopy conductance coefficient c_co2,1, m s⁻¹ °C⁻²
 * @param cCo2B      canopy conductance coefficient c_co2,2, m s⁻¹ °C⁻¹
 * @param cCo2C      canopy conductance coefficient c_co2,3, m s⁻¹
 * @param cGamma     CO₂ compensation point c_Γ, kg m⁻³
 * @param cCapC      volumetric capacity of the air for CO₂ c_cap,c, m
 * @param cCapH      volumetric capacity of the air for vapour c_cap,h, m
 * @param cCapQ      heat capacity of the greenhouse air c_cap,q, J m⁻² °C⁻¹
 * @param cCapQv     heat capacity per volume of ventilated air c_cap,q,v, J m⁻³ °C⁻¹
 * @param cAiou      heat transmission through the cover c_ai,ou, W m⁻² °C⁻¹
 * @param cRadQ      heat load coefficient of solar radiation c_rad,q, –
 * @param cVpLai     mass transfer coefficient of transpiration c_v,pl,ai, m s⁻¹
 * @param cV1        saturation vapour coefficient c_v,1, J m⁻³
 * @param cV2        saturation vapour coefficient c_v,2, –
 * @param cV3        saturation vapour coefficient c_v,3, °C
 * @param cR         gas constant c_R, J K⁻¹ kmol⁻¹
 * @param cLeak      leakage through the cover c_leak, m s⁻¹
 */
public record GreenhouseParameters(double cAlphaBeta, double cRespD, double cRespC, double cPld, double cRadPhot,
                                   double cCo2A, double cCo2B, double cCo2C, double cGamma, double cCapC,
                                   double cCapH, double cCapQ, double cCapQv, double cAiou, double cRadQ,
                                   double cVpLai, double cV1, double cV2, double cV3, double cR, double cLeak) {

    /** Leakage of the RL and MPC benchmarks, m s⁻¹ (the papers use 0.75e-4). */
    public static final double BENCHMARK_LEAK = 0.75e-5;

    /** @throws IllegalArgumentException when a coefficient is not finite or not positive, naming it */
    public GreenhouseParameters {
        double[] values = {cAlphaBeta, cRespD, cRespC, cPld, cRadPhot, cCo2A, cCo2B, cCo2C, cGamma, cCapC,
                cCapH, cCapQ, cCapQv, cAiou, cRadQ, cVpLai, cV1, cV2, cV3, cR, cLeak};
        for (int i = 0; i < values.length; i++) {
            boolean mayBeZero = i == values.length - 1;
            if (!Double.isFinite(values[i]) || values[i] < 0 || (values[i] == 0 && !mayBeZero)) {
                String name = GreenhouseParameters.class.getRecordComponents()[i].getName();
                throw new IllegalArgumentException("greenhouse parameter " + name + " must be "
                        + (mayBeZero ? "finite and >= 0" : "finite and > 0") + ": " + values[i]);
            }
        }
    }

    /** The coefficients of the RL and MPC benchmarks of this model: the reference table with c_leak = 0.75e-5. */
    public static GreenhouseParameters benchmark() {
        return new GreenhouseParameters(0.544, 2.65e-7, 4.87e-7, 53, 3.55e-9,
                5.11e-6, 2.3e-4, 6.29e-4, 5.2e-5, 4.1,
                4.1, 3.0e4, 1290, 6.1, 0.2,
                3.6e-3, 9348, 17.4, 239, 8314, BENCHMARK_LEAK);
    }

    /**
     * The same coefficients with another leakage.
     *
     * @param leak c_leak in m s⁻¹, finite and ≥ 0
     */
    public GreenhouseParameters withLeak(double leak) {
        return new GreenhouseParameters(cAlphaBeta, cRespD, cRespC, cPld, cRadPhot, cCo2A, cCo2B, cCo2C, cGamma,
                cCapC, cCapH, cCapQ, cCapQv, cAiou, cRadQ, cVpLai, cV1, cV2, cV3, cR, leak);
    }

    /**
     * Every coefficient multiplied by its own factor {@code 1 + ε}, ε drawn uniformly from [−δ, δ), in the order of
     * the record components, as in the robustness studies of this model (δ from 0.05 to 0.3, redrawn each step).
     *
     * @param rng   the source of the draws; 21 doubles are taken from it
     * @param delta the relative half-width δ, in [0, 1) so that every coefficient keeps its sign
     * @throws IllegalArgumentException when δ is outside [0, 1)
     */
    public GreenhouseParameters perturbed(RandomGenerator rng, double delta) {
        Objects.requireNonNull(rng, "rng");
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("perturbation delta must lie in [0, 1): " + delta);
        }
        double[] v = {cAlphaBeta, cRespD, cRespC, cPld, cRadPhot, cCo2A, cCo2B, cCo2C, cGamma, cCapC,
                cCapH, cCapQ, cCapQv, cAiou, cRadQ, cVpLai, cV1, cV2, cV3, cR, cLeak};
        for (int i = 0; i < v.length; i++) {
            v[i] *= 1 + delta * (2 * rng.nextDouble() - 1);
        }
        return new GreenhouseParameters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20]);
    }
}
