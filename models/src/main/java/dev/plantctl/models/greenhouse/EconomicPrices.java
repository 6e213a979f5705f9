package dev.plantctl.models.greenhouse;

/**
 * What a season's crop, resources and discomfort are worth. Penalties are charged per control step and are
 * linear in how far the climate left the {@link ComfortBand}. Every price must be finite and ≥ 0.
 *
 * @param cropEurPerKg          value of crop dry weight, € kg⁻¹
 * @param co2EurPerKg           price of dosed CO₂, € kg⁻¹
 * @param heatEurPerKWh         price of heat, € kWh⁻¹
 * @param penaltyEurPerPpm      penalty per ppm of CO₂ outside the band, € per step
 * @param penaltyEurPerDegCBelow penalty per °C below the band, € per step
 * @param penaltyEurPerDegCAbove penalty per °C above the band, € per step
 * @param penaltyEurPerPctRh    penalty per % RH above the band, € per step
 */
public record EconomicPrices(double cropEurPerKg, double co2EurPerKg, double heatEurPerKWh,
                             double penaltyEurPerPpm, double penaltyEurPerDegCBelow,
                             double penaltyEurPerDegCAbove, double penaltyEurPerPctRh) {

    /** @throws IllegalArgumentException when a price is negative or not finite */
    public EconomicPrices {
        double[] all = {cropEurPerKg, co2EurPerKg, heatEurPerKWh, penaltyEurPerPpm, penaltyEurPerDegCBelow,
                penaltyEurPerDegCAbove, penaltyEurPerPctRh};
        for (int i = 0; i < all.length; i++) {
            if (!(all[i] >= 0 && Double.isFinite(all[i]))) {
                String name = EconomicPrices.class.getRecordComponents()[i].getName();
                throw new IllegalArgumentException("price " + name + " must be finite and >= 0: "
                        + all[i]);
            }
        }
    }

    /**
     * The benchmark prices: crop 22.285125 € kg⁻¹, CO₂ 0.1906 € kg⁻¹, heat 0.1281 € kWh⁻¹; penalties 5e-5 € ppm⁻¹,
     * 3e-3 € °C⁻¹ below, 5e-3 € °C⁻¹ above and 7e-4 € per % RH, per step.
     */
    public static EconomicPrices benchmark() {
        return new EconomicPrices(22.285125, 0.1906, 0.1281, 5e-5, 3e-3, 5e-3, 7e-4);
    }
}
