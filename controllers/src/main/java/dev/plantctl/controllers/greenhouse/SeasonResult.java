package dev.plantctl.controllers.greenhouse;

import dev.plantctl.models.greenhouse.SeasonLedger;
import java.util.Objects;

/**
 * The outcome of one {@link GreenhouseSeason} run.
 *
 * @param controller the controller's {@code name/version}, or {@code all-off}
 * @param ledger     the season's money and comfort-band violations, per m²
 */
public record SeasonResult(String controller, SeasonLedger ledger) {

    public SeasonResult {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(ledger, "ledger");
    }

    /** The fraction of steps whose end-of-step air temperature lay inside the band's day or night range. */
    public double temperatureInBandFraction() {
        return ledger.temperatureInBandFraction();
    }

    /** Net profit with penalties, € per m². */
    public double netProfitEur() {
        return ledger.netProfitEur();
    }
}
