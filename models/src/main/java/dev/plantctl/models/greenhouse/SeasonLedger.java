package dev.plantctl.models.greenhouse;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The running totals of a season for one compartment, per m²: money from {@link StepAccount}s, and comfort
 * violations integrated over time (a step's violation × its length in hours, e.g. °C·h).
 *
 * <p>Mutable and not thread-safe: one ledger per compartment, fed by one thread.
 */
public final class SeasonLedger {

    private static final double SECONDS_PER_HOUR = 3600;

    private double cropValueEur;
    private double co2CostEur;
    private double heatingCostEur;
    private double penaltyEur;
    private double tempViolationDegreeHours;
    private double co2ViolationPpmHours;
    private double rhViolationPctHours;
    private long steps;
    private long stepsTemperatureInBand;

    /** An empty ledger: every total 0, no steps. */
    public SeasonLedger() {
    }

    /**
     * Books one step.
     *
     * @param account   the step's account
     * @param dtSeconds the step's length, s, finite and &gt; 0; violations are integrated over it
     * @throws IllegalArgumentException when the step length is not finite and positive
     */
    public void add(StepAccount account, double dtSeconds) {
        Objects.requireNonNull(account, "account");
        Checks.requireStep(dtSeconds);
        double hours = dtSeconds / SECONDS_PER_HOUR;
        cropValueEur += account.cropValueEur();
        co2CostEur += account.co2CostEur();
        heatingCostEur += account.heatingCostEur();
        penaltyEur += account.penaltyEur();
        tempViolationDegreeHours += account.tempViolationDegC() * hours;
        co2ViolationPpmHours += account.co2ViolationPpm() * hours;
        rhViolationPctHours += account.rhViolationPct() * hours;
        steps++;
        if (account.tempViolationDegC() == 0) {
            stepsTemperatureInBand++;
        }
    }

    /**
     * The per-m² mean of several compartments' ledgers: each total is the mean of theirs, and {@link #steps()}
     * the mean number of steps rounded to the nearest integer. The given ledgers are not changed.
     *
     * @throws IllegalArgumentException when the collection is empty
     */
    public static SeasonLedger mean(Collection<SeasonLedger> ledgers) {
        Objects.requireNonNull(ledgers, "ledgers");
        if (ledgers.isEmpty()) {
            throw new IllegalArgumentException("the mean of no season ledgers is undefined");
        }
        SeasonLedger sum = new SeasonLedger();
        for (SeasonLedger l : ledgers) {
            sum.cropValueEur += l.cropValueEur;
            sum.co2CostEur += l.co2CostEur;
            sum.heatingCostEur += l.heatingCostEur;
            sum.penaltyEur += l.penaltyEur;
            sum.tempViolationDegreeHours += l.tempViolationDegreeHours;
            sum.co2ViolationPpmHours += l.co2ViolationPpmHours;
            sum.rhViolationPctHours += l.rhViolationPctHours;
            sum.steps += l.steps;
            sum.stepsTemperatureInBand += l.stepsTemperatureInBand;
        }
        int n = ledgers.size();
        sum.cropValueEur /= n;
        sum.co2CostEur /= n;
        sum.heatingCostEur /= n;
        sum.penaltyEur /= n;
        sum.tempViolationDegreeHours /= n;
        sum.co2ViolationPpmHours /= n;
        sum.rhViolationPctHours /= n;
        sum.steps = Math.round((double) sum.steps / n);
        sum.stepsTemperatureInBand = Math.round((double) sum.stepsTemperatureInBand / n);
        return sum;
    }

    /** Net profit: crop value − CO₂ cost − heating cost − penalties, € m⁻² (the season's return). */
    public double netProfitEur() {
        return cropValueEur - co2CostEur - heatingCostEur - penaltyEur;
    }

    /** Value of the dry weight gained, € m⁻². */
    public double cropValueEur() {
        return cropValueEur;
    }

    /** Cost of heat, € m⁻². */
    public double heatingCostEur() {
        return heatingCostEur;
    }

    /** Cost of CO₂, € m⁻². */
    public double co2CostEur() {
        return co2CostEur;
    }

    /** Comfort penalties, € m⁻². */
    public double penaltyEur() {
        return penaltyEur;
    }

    /** Temperature outside the comfort band integrated over time, °C·h. */
    public double tempViolationDegreeHours() {
        return tempViolationDegreeHours;
    }

    /** CO₂ outside the comfort band integrated over time, ppm·h. */
    public double co2ViolationPpmHours() {
        return co2ViolationPpmHours;
    }

    /** Relative humidity above the comfort band integrated over time, %·h. */
    public double rhViolationPctHours() {
        return rhViolationPctHours;
    }

    /** The share of booked steps that ended with the air temperature inside the comfort band; 0 with no steps. */
    public double temperatureInBandFraction() {
        return steps == 0 ? 0 : (double) stepsTemperatureInBand / steps;
    }

    /** The number of steps booked. */
    public long steps() {
        return steps;
    }

    /**
     * The totals under their report keys, in this order: {@code net_profit_eur_m2}, {@code crop_value_eur_m2},
     * {@code heating_eur_m2}, {@code co2_eur_m2}, {@code penalty_eur_m2}, {@code temp_violation_degree_hours},
     * {@code co2_violation_ppm_hours}, {@code rh_violation_pct_hours}, {@code temp_in_band_fraction}. An unmodifiable
     * snapshot.
     */
    public Map<String, Double> kpis() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("net_profit_eur_m2", netProfitEur());
        out.put("crop_value_eur_m2", cropValueEur);
        out.put("heating_eur_m2", heatingCostEur);
        out.put("co2_eur_m2", co2CostEur);
        out.put("penalty_eur_m2", penaltyEur);
        out.put("temp_violation_degree_hours", tempViolationDegreeHours);
        out.put("co2_violation_ppm_hours", co2ViolationPpmHours);
        out.put("rh_violation_pct_hours", rhViolationPctHours);
        out.put("temp_in_band_fraction", temperatureInBandFraction());
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "SeasonLedger" + kpis() + ", steps=" + steps;
    }
}
