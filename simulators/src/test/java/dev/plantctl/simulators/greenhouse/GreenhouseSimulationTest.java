package dev.plantctl.simulators.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.EconomicPrices;
import dev.plantctl.models.greenhouse.GreenhouseEconomics;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.SeasonLedger;
import dev.plantctl.models.greenhouse.VanHentenModel;
import dev.plantctl.models.greenhouse.Weather;
import dev.plantctl.simulators.SimulationClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GreenhouseSimulationTest {

    private static final Instant START = SimulationClock.DEFAULT_START;
    private static final Weather DAY = new Weather(300, 7.2e-4, 10.0, 6.0e-3);

    private static GreenhouseSimulation.Builder constantDay() {
        return GreenhouseSimulation.builder().weather(t -> DAY);
    }

    @Test
    void compartmentsStartAtTheSafeDefaultsUntilTheirControllerWrites() {
        GreenhouseSimulation sim = constantDay().compartments(2).build();

        assertThat(sim.compartmentIds()).containsExactly("c1", "c2");
        assertThat(sim.simulatedTime()).isEqualTo(START);
        CompartmentStatus c1 = sim.status("c1");
        assertThat(c1.mode()).isEqualTo(ControlMode.SAFE_DEFAULT);
        assertThat(c1.watchdogTripped()).isFalse();
        assertThat(c1.controls()).isEqualTo(GreenhouseSimulation.DEFAULT_SAFE_CONTROLS);
        assertThat(c1.lastSetpointTime()).isEmpty();
        assertThat(c1.state()).isEqualTo(ClimateState.benchmarkInitial());
        assertThat(c1.sensorValues()).containsOnlyKeys(GreenhouseSignals.SENSOR_UNITS.keySet());
    }

    @Test
    void advanceIsOneVanHentenStepPerCompartmentBookedInItsLedger() {
        GreenhouseParameters leaky = GreenhouseParameters.benchmark().withLeak(0.75e-4);
        GreenhouseSimulation sim = constantDay().compartments(2).parameters("c2", leaky).build();
        Controls u = new Controls(0.6, 2.0, 50);
        for (Actuator a : Actuator.values()) {
            sim.applySetpoint("c1", a, a.of(u));
            sim.applySetpoint("c2", a, a.of(u));
        }

        sim.advance(900);

        ClimateState x0 = ClimateState.benchmarkInitial();
        ClimateState c1 = new VanHentenModel(GreenhouseParameters.benchmark()).step(x0, u, DAY, 900);
        ClimateState c2 = new VanHentenModel(leaky).step(x0, u, DAY, 900);
        assertThat(sim.simulatedTime()).isEqualTo(START.plusSeconds(900));
        assertThat(sim.status("c1").state()).isEqualTo(c1);
        assertThat(sim.status("c2").state()).isEqualTo(c2).isNotEqualTo(c1);

        GreenhouseEconomics economics = new GreenhouseEconomics(EconomicPrices.benchmark(), ComfortBand.benchmark());
        SeasonLedger expected = new SeasonLedger();
        expected.add(economics.account(x0, c1, u, true, 900), 900);
        SeasonLedger ledger = sim.ledger("c1");
        assertThat(ledger.steps()).isEqualTo(1);
        assertThat(ledger.kpis()).isEqualTo(expected.kpis());
        assertThat(sim.meanLedger().steps()).isEqualTo(1);
    }

    @Test
    void theLedgerIsACopy() {
        GreenhouseSimulation sim = constantDay().build();
        ClimateState x0 = ClimateState.benchmarkInitial();
        sim.ledger("c1").add(new GreenhouseEconomics(EconomicPrices.benchmark(), ComfortBand.benchmark())
                .account(x0, x0, Controls.OFF, true, 60), 60);
        assertThat(sim.ledger("c1").steps()).isZero();
    }

    @Test
    void watchdogTripsAfterTheTimeoutAndClearsOnANewSetpoint() {
        GreenhouseSimulation sim = constantDay().watchdogTimeout(Duration.ofMinutes(30)).build();
        sim.applySetpoint("c1", Actuator.HEATING, 100);
        sim.applySetpoint("c1", Actuator.VENTILATION, 0);
        sim.applySetpoint("c1", Actuator.CO2_SUPPLY, 1.0);
        Controls remote = new Controls(1.0, 0, 100);
        assertThat(sim.status("c1").mode()).isEqualTo(ControlMode.REMOTE);

        sim.advance(900);
        CompartmentStatus at15 = sim.status("c1");
        assertThat(at15.mode()).as("15 of 30 minutes silent").isEqualTo(ControlMode.REMOTE);
        assertThat(at15.controls()).isEqualTo(remote);
        assertThat(at15.watchdogTripped()).isFalse();

        sim.advance(900);
        CompartmentStatus at30 = sim.status("c1");
        assertThat(at30.mode()).as("30 minutes silent").isEqualTo(ControlMode.SAFE_DEFAULT);
        assertThat(at30.watchdogTripped()).isTrue();
        assertThat(at30.controls()).isEqualTo(GreenhouseSimulation.DEFAULT_SAFE_CONTROLS);
        assertThat(at30.lastSetpointTime()).contains(START);

        sim.advance(900);
        assertThat(sim.status("c1").mode()).as("still silent").isEqualTo(ControlMode.SAFE_DEFAULT);

        sim.applySetpoint("c1", Actuator.HEATING, 80);
        CompartmentStatus back = sim.status("c1");
        assertThat(back.mode()).isEqualTo(ControlMode.REMOTE);
        assertThat(back.watchdogTripped()).isFalse();
        assertThat(back.controls()).as("the new setpoint on top of the safe defaults")
                .isEqualTo(new Controls(0, 0.5, 80));
        assertThat(back.lastSetpointTime()).contains(START.plusSeconds(2700));
    }

    @Test
    void theWatchdogRunsInSimulatedTimePerCompartment() {
        GreenhouseSimulation sim = constantDay().compartments(2).watchdogTimeout(Duration.ofMinutes(20))
                .safeDefaults(new Controls(0, 1, 30)).build();
        sim.applySetpoint("c1", Actuator.HEATING, 60);
        sim.applySetpoint("c2", Actuator.HEATING, 60);
        for (int i = 0; i < 4; i++) {
            sim.advance(300);
            sim.applySetpoint("c2", Actuator.HEATING, 60);
        }
        assertThat(sim.status("c1").mode()).isEqualTo(ControlMode.SAFE_DEFAULT);
        assertThat(sim.status("c1").controls()).isEqualTo(new Controls(0, 1, 30));
        assertThat(sim.status("c2").mode()).isEqualTo(ControlMode.REMOTE);
    }

    @Test
    void setpointsOutsideTheLimitsAreNeverApplied() {
        GreenhouseSimulation sim = constantDay().build();
        assertThatThrownBy(() -> sim.applySetpoint("c1", Actuator.HEATING, 151)).hasMessageContaining("heating");
        assertThatThrownBy(() -> sim.applySetpoint("c1", Actuator.VENTILATION, Double.NaN))
                .hasMessageContaining("ventilation");
        assertThatThrownBy(() -> sim.applySetpoint("c1", Actuator.CO2_SUPPLY, -0.1))
                .hasMessageContaining("co2_supply");
        assertThatThrownBy(() -> sim.applySetpoint("c9", Actuator.HEATING, 1)).hasMessageContaining("c9");
        assertThat(sim.status("c1").controls()).isEqualTo(GreenhouseSimulation.DEFAULT_SAFE_CONTROLS);
        assertThat(sim.status("c1").mode()).isEqualTo(ControlMode.SAFE_DEFAULT);
    }

    @Test
    void badOptionsAreNamed() {
        GreenhouseSimulation.Builder b = GreenhouseSimulation.builder();
        assertThatThrownBy(() -> b.compartments(0)).hasMessageContaining("compartments");
        assertThatThrownBy(() -> b.watchdogTimeout(Duration.ZERO)).hasMessageContaining("watchdogTimeout");
        assertThatThrownBy(() -> b.safeDefaults(new Controls(0, 0, 200))).hasMessageContaining("safeDefaults heating");
        assertThatThrownBy(() -> GreenhouseSimulation.builder().compartments(2)
                .parameters("c3", GreenhouseParameters.benchmark()).build()).hasMessageContaining("c3");
        assertThatThrownBy(() -> constantDay().build().advance(0)).hasMessageContaining("step");
    }
}
