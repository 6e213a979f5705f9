package dev.plantctl.controllers.greenhouse;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.Weather;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShieldGuardTest {

    private final ShieldGuard guard = new ShieldGuard(new GreenhouseSafetyShield(ComfortBand.benchmark()));

    @Test
    void appliesTheShieldToTheTrueState() {
        // Night (no radiation): no CO2 dosing; 24 degC is above the night band: no heating; rate limit from 0.
        Controls out = guard.apply(new Controls(1.2, 7.5, 150), Controls.OFF, new ClimateState(0.01, 0.0008, 24, 0.008),
                new Weather(0, 7.2e-4, 5, 0.005));
        assertThat(out.co2Supply()).isZero();
        assertThat(out.heating()).isZero();
        assertThat(out.ventilation()).isEqualTo(0.75);
    }

    @Test
    void letsAnAllowedRequestThrough() {
        Controls request = new Controls(0.1, 0.5, 20);
        assertThat(guard.apply(request, new Controls(0.1, 0.5, 20), new ClimateState(0.01, 0.0008, 12, 0.008),
                new Weather(200, 7.2e-4, 5, 0.005))).isEqualTo(request);
    }
}
