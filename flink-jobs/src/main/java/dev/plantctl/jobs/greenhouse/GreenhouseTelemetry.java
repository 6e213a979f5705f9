package dev.plantctl.jobs.greenhouse;

import dev.plantctl.core.Observation;
import dev.plantctl.dashboards.telemetry.Telemetry;
import dev.plantctl.dashboards.telemetry.TelemetryPoint;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.GreenhouseSignals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The greenhouse's observations as telemetry: each tag's value as the controller saw it, and the comfort band in
 * effect at the instant (by day while the radiation is above zero, as the controllers decide), which the climate
 * panels draw around the temperature and CO₂.
 */
final class GreenhouseTelemetry {

    private GreenhouseTelemetry() {
    }

    /** The observation's points, and the band's when the radiation is fresh (day or night is known). */
    static List<TelemetryPoint> observation(Observation o, ComfortBand band) {
        List<TelemetryPoint> points = new ArrayList<>(Telemetry.observation(o));
        Optional<Double> radiation = o.fresh(GreenhouseSignals.RADIATION);
        if (radiation.isPresent()) {
            boolean day = radiation.get() > 0;
            points.add(Telemetry.comfortBand(o.plant(), o.unitId(), o.time(), band.tempMin(day), band.tempMax(day),
                    band.co2MinPpm(), band.co2MaxPpm(), band.rhMax()));
        }
        return points;
    }
}
