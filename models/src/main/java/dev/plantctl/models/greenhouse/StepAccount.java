package dev.plantctl.models.greenhouse;

/**
 * The money and the comfort violations of one control step, per m² of greenhouse. Costs and the penalty are
 * amounts to subtract (≥ 0 when made by {@link GreenhouseEconomics}); the crop value is the change in dry
 * weight priced, and is negative when respiration outweighs growth (at night).
 *
 * @param cropValueEur      value of the dry weight gained, €
 * @param co2CostEur        cost of the CO₂ dosed, €
 * @param heatingCostEur    cost of the heat supplied, €
 * @param penaltyEur        penalty for leaving the comfort band, €
 * @param tempViolationDegC how far the temperature lay outside the band, °C (0 inside)
 * @param co2ViolationPpm   how far CO₂ lay outside the band, ppm (0 inside)
 * @param rhViolationPct    how far relative humidity lay above the band, % (0 inside)
 */
public record StepAccount(double cropValueEur, double co2CostEur, double heatingCostEur, double penaltyEur,
                          double tempViolationDegC, double co2ViolationPpm, double rhViolationPct) {

    /** @throws IllegalArgumentException when an amount is not finite or a violation is negative, naming it */
    public StepAccount {
        double[] all = {cropValueEur, co2CostEur, heatingCostEur, penaltyEur, tempViolationDegC, co2ViolationPpm,
                rhViolationPct};
        for (int i = 0; i < all.length; i++) {
            if (!Double.isFinite(all[i]) || (i >= 4 && all[i] < 0)) {
                String name = StepAccount.class.getRecordComponents()[i].getName();
                throw new IllegalArgumentException("step account " + name + " must be finite"
                        + (i >= 4 ? " and >= 0: " : ": ") + all[i]);
            }
        }
    }

    /** The reward of the step, as in the RL benchmark: crop value − CO₂ cost − heating cost − penalty, €. */
    public double reward() {
        return cropValueEur - co2CostEur - heatingCostEur - penaltyEur;
    }
}
