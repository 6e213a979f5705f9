package dev.plantctl.simulators.greenhouse;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.EconomicPrices;
import dev.plantctl.models.greenhouse.GreenhouseEconomics;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.SeasonLedger;
import dev.plantctl.models.greenhouse.StepAccount;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.models.greenhouse.VanHentenModel;
import dev.plantctl.models.greenhouse.Weather;
import dev.plantctl.models.greenhouse.WeatherSource;
import dev.plantctl.simulators.SimulatedPlant;
import dev.plantctl.simulators.SimulationClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A greenhouse of N compartments under one sky, in plain Java: each compartment has its climate state, the
 * controls currently applied, its own {@link GreenhouseParameters}, a {@link SeasonLedger} and a setpoint
 * watchdog; all share a {@link WeatherSource} and the simulated time.
 *
 * <p>{@link #advance(double)} steps every compartment with {@link VanHentenModel} (one RK4 step, the weather at
 * the start of the step held over it) under the controls in force, books the step's {@link StepAccount} in the
 * compartment's ledger, and then checks the watchdogs at the new time.
 *
 * <p><b>Watchdog.</b> When a compartment has had no accepted setpoint for {@link #watchdogTimeout()} of simulated
 * time, its actuators fall back to {@link #safeDefaults()} (by default {@link #DEFAULT_SAFE_CONTROLS}: heating 40
 * W/m2 against frost, ventilation 0.5 mm/s against condensation, no CO₂) and its mode becomes
 * {@link ControlMode#SAFE_DEFAULT} until the next accepted setpoint, which sets that one actuator and returns the
 * compartment to {@link ControlMode#REMOTE}. Compartments start at the safe defaults in
 * {@link ControlMode#SAFE_DEFAULT} mode, with the watchdog not tripped, until their controller first writes.
 *
 * <p>Thread-safe: every method is atomic.
 */
public final class GreenhouseSimulation implements SimulatedPlant {

    /** Default setpoint watchdog: 30 simulated minutes. */
    public static final Duration DEFAULT_WATCHDOG_TIMEOUT = Duration.ofMinutes(30);
    /** Default safe actuator values: CO₂ 0 mg/m2/s, ventilation 0.5 mm/s, heating 40 W/m2. */
    public static final Controls DEFAULT_SAFE_CONTROLS = new Controls(0, 0.5, 40);
    /** Seed of the default {@link SyntheticWeather}. */
    public static final long DEFAULT_WEATHER_SEED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(GreenhouseSimulation.class);

    private final Map<String, Compartment> compartments;
    private final WeatherSource weather;
    private final GreenhouseEconomics economics;
    private final Duration watchdogTimeout;
    private final Controls safeDefaults;
    private Instant time;

    private GreenhouseSimulation(Builder b) {
        this.weather = b.weather;
        this.economics = new GreenhouseEconomics(b.prices, b.band);
        this.watchdogTimeout = b.watchdogTimeout;
        this.safeDefaults = b.safeDefaults;
        this.time = b.start;
        Map<String, Compartment> map = new LinkedHashMap<>();
        for (int n = 1; n <= b.compartments; n++) {
            String id = GreenhouseSignals.compartmentId(n);
            GreenhouseParameters p = b.perCompartment.getOrDefault(id, b.parameters);
            map.put(id, new Compartment(id, new VanHentenModel(p), b.initialState, safeDefaults,
                    new Watchdog(watchdogTimeout)));
        }
        this.compartments = map;
    }

    /** A builder with the defaults: 1 compartment, benchmark parameters and prices, synthetic weather. */
    public static Builder builder() {
        return new Builder();
    }

    /** The compartment ids in order: {@code c1}, {@code c2}, … */
    public List<String> compartmentIds() {
        return List.copyOf(compartments.keySet());
    }

    @Override
    public synchronized Instant simulatedTime() {
        return time;
    }

    /**
     * Steps every compartment by {@code dtSeconds}, books the steps, then checks the watchdogs at the new time.
     *
     * @throws IllegalArgumentException when the step is not finite and positive
     */
    @Override
    public synchronized void advance(double dtSeconds) {
        if (!(dtSeconds > 0 && Double.isFinite(dtSeconds))) {
            throw new IllegalArgumentException("step must be finite and > 0 s: " + dtSeconds);
        }
        Weather w = weather.at(time);
        for (Compartment c : compartments.values()) {
            ClimateState after = c.model.step(c.state, c.controls, w, dtSeconds);
            c.ledger.add(economics.account(c.state, after, c.controls, w.isDaytime(), dtSeconds), dtSeconds);
            c.state = after;
        }
        time = time.plusNanos(Math.round(dtSeconds * 1e9));
        for (Compartment c : compartments.values()) {
            if (c.watchdog.check(time)) {
                c.controls = safeDefaults;
                LOG.warn("compartment {}: no setpoint since {} (watchdog {}), actuators to safe defaults {}",
                        c.id, c.watchdog.lastFed(), watchdogTimeout, safeDefaults);
            }
        }
    }

    /**
     * Applies an accepted setpoint from the next step on, feeds the compartment's watchdog and returns the
     * compartment to {@link ControlMode#REMOTE}.
     *
     * @throws IllegalArgumentException when the compartment is unknown or the actuator does not accept the value
     */
    public synchronized void applySetpoint(String compartment, Actuator actuator, double value) {
        Objects.requireNonNull(actuator, "actuator");
        Compartment c = compartment(compartment);
        if (!actuator.accepts(value)) {
            throw new IllegalArgumentException(compartment + "/" + actuator.signal() + " accepts " + actuator.min()
                    + " … " + actuator.max() + " " + actuator.unit() + ", not " + value);
        }
        c.controls = actuator.with(c.controls, value);
        c.watchdog.feed(time);
    }

    /** A snapshot of one compartment now. */
    public synchronized CompartmentStatus status(String compartment) {
        Compartment c = compartment(compartment);
        return new CompartmentStatus(c.id, time, c.state, c.controls, weather.at(time), c.mode(),
                c.watchdog.tripped(), c.watchdog.lastFed());
    }

    /** Snapshots of every compartment at one instant, in compartment order. */
    public synchronized List<CompartmentStatus> statuses() {
        List<CompartmentStatus> out = new ArrayList<>();
        for (String id : compartments.keySet()) {
            out.add(status(id));
        }
        return out;
    }

    /** A copy of one compartment's season ledger. */
    public synchronized SeasonLedger ledger(String compartment) {
        return SeasonLedger.mean(List.of(compartment(compartment).ledger));
    }

    /** The per-m² mean of all compartments' ledgers. */
    public synchronized SeasonLedger meanLedger() {
        List<SeasonLedger> all = new ArrayList<>();
        for (Compartment c : compartments.values()) {
            all.add(c.ledger);
        }
        return SeasonLedger.mean(all);
    }

    /** The simulated time without a setpoint after which a compartment falls back to the safe defaults. */
    public Duration watchdogTimeout() {
        return watchdogTimeout;
    }

    /** The actuator values a compartment falls back to. */
    public Controls safeDefaults() {
        return safeDefaults;
    }

    private Compartment compartment(String id) {
        Compartment c = compartments.get(Objects.requireNonNull(id, "compartment"));
        if (c == null) {
            throw new IllegalArgumentException("unknown compartment '" + id + "'; known: " + compartments.keySet());
        }
        return c;
    }

    private static final class Compartment {

        private final String id;
        private final VanHentenModel model;
        private final SeasonLedger ledger = new SeasonLedger();
        private final Watchdog watchdog;
        private ClimateState state;
        private Controls controls;

        Compartment(String id, VanHentenModel model, ClimateState state, Controls controls, Watchdog watchdog) {
            this.id = id;
            this.model = model;
            this.state = state;
            this.controls = controls;
            this.watchdog = watchdog;
        }

        ControlMode mode() {
            return watchdog.everFed() && !watchdog.tripped() ? ControlMode.REMOTE : ControlMode.SAFE_DEFAULT;
        }
    }

    /**
     * Options of a {@link GreenhouseSimulation}. Each setter checks its argument and names it when it is wrong;
     * {@link #build()} checks that the options fit together.
     */
    public static final class Builder {

        private int compartments = 1;
        private GreenhouseParameters parameters = GreenhouseParameters.benchmark();
        private final Map<String, GreenhouseParameters> perCompartment = new HashMap<>();
        private ClimateState initialState = ClimateState.benchmarkInitial();
        private WeatherSource weather = new SyntheticWeather(DEFAULT_WEATHER_SEED);
        private Instant start = SimulationClock.DEFAULT_START;
        private Duration watchdogTimeout = DEFAULT_WATCHDOG_TIMEOUT;
        private Controls safeDefaults = DEFAULT_SAFE_CONTROLS;
        private EconomicPrices prices = EconomicPrices.benchmark();
        private ComfortBand band = ComfortBand.benchmark();

        private Builder() {
        }

        /** The number of compartments, ≥ 1; they are named {@code c1} … {@code cN}. */
        public Builder compartments(int compartments) {
            if (compartments < 1) {
                throw new IllegalArgumentException("compartments must be >= 1: " + compartments);
            }
            this.compartments = compartments;
            return this;
        }

        /** The model parameters of every compartment without parameters of its own. */
        public Builder parameters(GreenhouseParameters parameters) {
            this.parameters = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        /** The model parameters of one compartment, e.g. {@code c2}. */
        public Builder parameters(String compartment, GreenhouseParameters parameters) {
            Objects.requireNonNull(compartment, "compartment");
            perCompartment.put(compartment, Objects.requireNonNull(parameters, "parameters"));
            return this;
        }

        /** The climate state every compartment starts in. */
        public Builder initialState(ClimateState initialState) {
            this.initialState = Objects.requireNonNull(initialState, "initialState");
            return this;
        }

        /** The weather over all compartments. */
        public Builder weather(WeatherSource weather) {
            this.weather = Objects.requireNonNull(weather, "weather");
            return this;
        }

        /** The simulated start time. */
        public Builder startTime(Instant start) {
            this.start = Objects.requireNonNull(start, "startTime");
            return this;
        }

        /** The simulated time without a setpoint after which a compartment falls back, &gt; 0. */
        public Builder watchdogTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "watchdogTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("watchdogTimeout must be > 0: " + timeout);
            }
            this.watchdogTimeout = timeout;
            return this;
        }

        /** The actuator values a compartment falls back to; each within its actuator's limits. */
        public Builder safeDefaults(Controls safeDefaults) {
            Objects.requireNonNull(safeDefaults, "safeDefaults");
            for (Actuator a : Actuator.values()) {
                if (!a.accepts(a.of(safeDefaults))) {
                    throw new IllegalArgumentException("safeDefaults " + a.signal() + " must lie in " + a.min()
                            + " … " + a.max() + " " + a.unit() + ": " + a.of(safeDefaults));
                }
            }
            this.safeDefaults = safeDefaults;
            return this;
        }

        /** The prices and comfort band of the season ledgers. */
        public Builder economics(EconomicPrices prices, ComfortBand band) {
            this.prices = Objects.requireNonNull(prices, "prices");
            this.band = Objects.requireNonNull(band, "band");
            return this;
        }

        /**
         * A simulation with these options at its start time.
         *
         * @throws IllegalArgumentException when parameters were given for a compartment that does not exist
         */
        public GreenhouseSimulation build() {
            Set<String> ids = new HashSet<>();
            for (int n = 1; n <= compartments; n++) {
                ids.add(GreenhouseSignals.compartmentId(n));
            }
            for (String id : perCompartment.keySet()) {
                if (!ids.contains(id)) {
                    throw new IllegalArgumentException("parameters given for unknown compartment '" + id
                            + "'; compartments are c1 … c" + compartments);
                }
            }
            return new GreenhouseSimulation(this);
        }
    }
}
