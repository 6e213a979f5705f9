package dev.plantctl.models.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

class VanHentenModelPropertyTest {

    private static final VanHentenModel MODEL = new VanHentenModel(GreenhouseParameters.benchmark());

    @Property(tries = 2000)
    void stepNeverYieldsNanOrNegativeState(
            @ForAll @DoubleRange(min = 0, max = 0.5) @Scale(9) double dryWeight,
            @ForAll @DoubleRange(min = 0, max = 5e-3) @Scale(9) double co2,
            @ForAll @DoubleRange(min = ClimateState.TEMPERATURE_MIN_C, max = ClimateState.TEMPERATURE_MAX_C)
            double temperature,
            @ForAll @DoubleRange(min = 0, max = 0.05) @Scale(9) double humidity,
            @ForAll @DoubleRange(min = 0, max = Controls.CO2_SUPPLY_MAX) @Scale(9) double co2Supply,
            @ForAll @DoubleRange(min = 0, max = Controls.VENTILATION_MAX) double ventilation,
            @ForAll @DoubleRange(min = 0, max = Controls.HEATING_MAX) double heating,
            @ForAll @DoubleRange(min = 0, max = 1000) double radiation,
            @ForAll @DoubleRange(min = 5e-4, max = 1e-3) @Scale(9) double outsideCo2,
            @ForAll @DoubleRange(min = -30, max = 40) double outsideTemperature,
            @ForAll @DoubleRange(min = 0, max = 0.03) @Scale(9) double outsideHumidity,
            @ForAll @DoubleRange(min = 1, max = 900) double dtSeconds) {
        ClimateState next = MODEL.step(new ClimateState(dryWeight, co2, temperature, humidity),
                new Controls(co2Supply, ventilation, heating),
                new Weather(radiation, outsideCo2, outsideTemperature, outsideHumidity), dtSeconds);

        assertThat(next.dryWeight()).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(next.co2()).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(next.humidity()).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(next.temperature()).isFinite()
                .isBetween(ClimateState.TEMPERATURE_MIN_C, ClimateState.TEMPERATURE_MAX_C);
    }
}
