package dev.plantctl.simulators.greenhouse;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.WeatherSource;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.SimulationClock;
import dev.plantctl.simulators.opcua.OpcUaServerHost;
import dev.plantctl.simulators.opcua.ServerSecurity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hardware-in-the-loop greenhouse: a {@link GreenhouseSimulation} paced by a {@link SimulationClock} behind a
 * real OPC UA server (Eclipse Milo), which a controller reads, subscribes to and writes like a climate computer.
 *
 * <p><b>Address space</b> (namespace {@value GreenhouseSignals#NAMESPACE_URI}, string NodeIds
 * {@code <compartment>/<signal>} from {@link GreenhouseSignals#nodeIdentifier}): a folder {@code greenhouse} under
 * Objects, and in it one folder per compartment ({@code c1} …) holding
 * <ul>
 *   <li>sensors: read-only Double AnalogItemType variables with EngineeringUnits (UNECE codes) and EURange;</li>
 *   <li>actuators ({@code heating}, {@code ventilation}, {@code co2_supply}): read-write Double AnalogItemType
 *       variables whose EURange is the actuator's limits;</li>
 *   <li>status: {@code control_mode} (String {@code REMOTE} or {@code SAFE_DEFAULT}) and {@code watchdog_tripped}
 *       (Boolean), read-only.</li>
 * </ul>
 *
 * <p><b>Time.</b> All signals are published once per step, with the simulated time of the state as source
 * timestamp and the wall clock as server timestamp, and pushed to every monitored item of their Value: a
 * subscriber (with a DataChangeTrigger of StatusValueTimestamp) gets one notification per step even when a value
 * did not change. An accepted write also republishes that compartment's actuators and status.
 *
 * <p><b>Writes</b> to an actuator are accepted only as a finite Double inside its EURange; anything else is refused
 * with Bad_TypeMismatch, Bad_OutOfRange (or Bad_IndexRangeInvalid), counted per compartment and never applied.
 * An accepted write takes effect from the next step, feeds the compartment's watchdog and counts at the lockstep
 * barrier (party {@code <compartment>/<actuator>}). A Write request that also carries the compartment's
 * {@code <compartment>/setpoint_valid_until} (DateTime) applies its actuator values only while the plant's time has
 * not passed it, checked atomically with the step; a later one is refused with Bad_InvalidTimestamp, counted as
 * refused, and not an arrival at the barrier. The plant's clock is {@code greenhouse/clock}.
 *
 * <p><b>Security.</b> This server offers only an endpoint with SecurityPolicy None and anonymous access, for
 * loopback and demo use, and says so in a WARN log line when it starts: whoever reaches the port can move the
 * actuators. It binds to 127.0.0.1 unless told otherwise.
 *
 * <p>{@link #close()} stops the clock, shuts the Milo server down and ends all threads this server started.
 */
public final class GreenhouseOpcUaServer implements AutoCloseable {

    /** Default bind address: loopback only. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The path of the endpoint URL. */
    public static final String ENDPOINT_PATH = "/plantctl/greenhouse";
    /** The OPC UA application URI of the simulator. */
    public static final String APPLICATION_URI = "urn:plantctl:sim:greenhouse:server";

    private static final Logger LOG = LoggerFactory.getLogger(GreenhouseOpcUaServer.class);

    private final GreenhouseSimulation simulation;
    private final SimulationClock clock;
    private final WriteCounters counters;
    private final List<AppliedSetpoint> applied;
    private volatile GreenhouseNamespace namespace;
    private OpcUaServerHost host;

    private GreenhouseOpcUaServer(Builder b) {
        this.simulation = b.simulation.build();
        List<String> parties = new ArrayList<>();
        for (String c : simulation.compartmentIds()) {
            for (Actuator a : Actuator.values()) {
                parties.add(GreenhouseSignals.nodeIdentifier(c, a.signal()));
            }
        }
        this.clock = b.clock.lockstepParties(parties).listener(t -> namespace.publish(t)).build(simulation);
        this.counters = new WriteCounters(simulation.compartmentIds());
        this.applied = b.recordAppliedSetpoints ? Collections.synchronizedList(new ArrayList<>()) : null;
    }

    /** A builder with the defaults (see {@link Builder}). */
    public static Builder builder() {
        return new Builder();
    }

    private void start(String bindAddress, int port, ServerSecurity security) {
        host = OpcUaServerHost.start(new OpcUaServerHost.Identity(APPLICATION_URI, "plantctl greenhouse simulator",
                ENDPOINT_PATH), bindAddress, port, security, milo -> {
                    GreenhouseNamespace ns = new GreenhouseNamespace(milo, simulation, counters, this::applySetpoint);
                    ns.startup();
                    ns.publish(simulation.simulatedTime());
                    this.namespace = ns;
                    return ns;
                });
        clock.start();
        LOG.info("greenhouse simulator serving {} compartment(s) at {} ({} clock, step {} s, start {})",
                simulation.compartmentIds().size(), host.endpointUrl(), clock.mode(), clock.stepSeconds(),
                simulation.simulatedTime());
    }

    private boolean applySetpoint(String compartment, Actuator actuator, double value, Instant validUntil) {
        return clock.arriveIf(GreenhouseSignals.nodeIdentifier(compartment, actuator.signal()),
                () -> validUntil == null || !simulation.simulatedTime().isAfter(validUntil), () -> {
            simulation.applySetpoint(compartment, actuator, value);
            if (applied != null) {
                applied.add(new AppliedSetpoint(compartment, actuator.signal(), value, simulation.simulatedTime(),
                        Instant.now(), validUntil));
            }
            namespace.publishControls(compartment);
        });
    }

    /** The endpoint URL clients connect to, e.g. {@code opc.tcp://127.0.0.1:49152/plantctl/greenhouse}. */
    public String endpointUrl() {
        return host.endpointUrl();
    }

    /** The TCP port the server listens on. */
    public int port() {
        return host.port();
    }

    /** The simulated greenhouse: states, controls, ledgers. */
    public GreenhouseSimulation simulation() {
        return simulation;
    }

    /** The clock that paces the simulation. */
    public SimulationClock clock() {
        return clock;
    }

    /** The simulated time of the last published state. */
    public Instant simulatedTime() {
        return clock.simulatedTime();
    }

    /**
     * Waits until the simulated time reached {@code time}.
     *
     * @return true when it did; false when the timeout passed first or the simulation ended or closed before
     * @throws IllegalStateException when the simulation failed
     * @throws InterruptedException  when interrupted
     */
    public boolean awaitSimulatedTime(Instant time, Duration timeout) throws InterruptedException {
        return clock.awaitSimulatedTime(time, timeout);
    }

    /** Accepted actuator writes, all compartments. */
    public long writesAccepted() {
        return counters.accepted();
    }

    /** Refused actuator writes, all compartments. */
    public long writesRejected() {
        return counters.rejected();
    }

    /** Accepted actuator writes to one compartment. */
    public long writesAccepted(String compartment) {
        return counters.acceptedIn(compartment);
    }

    /** Refused actuator writes to one compartment. */
    public long writesRejected(String compartment) {
        return counters.rejectedIn(compartment);
    }

    /**
     * Every accepted write in the order the plant applied it.
     *
     * @throws IllegalStateException when the server was built without {@link Builder#recordAppliedSetpoints()}
     */
    public List<AppliedSetpoint> appliedSetpoints() {
        if (applied == null) {
            throw new IllegalStateException("greenhouse simulator: built without recordAppliedSetpoints()");
        }
        synchronized (applied) {
            return List.copyOf(applied);
        }
    }

    /** Stops the clock, shuts the OPC UA server down and ends every thread this server started. Idempotent. */
    @Override
    public void close() {
        clock.close();
        if (host != null) {
            host.close();
        }
    }

    /**
     * Options of a {@link GreenhouseOpcUaServer}. Defaults: a free port on {@value #DEFAULT_BIND_ADDRESS}, 1
     * compartment, {@link ClockMode#LOCKSTEP} with steps of 900 s and a 10 s step timeout (factor 60 when
     * accelerated), a 30-minute watchdog, {@link dev.plantctl.models.greenhouse.SyntheticWeather} with seed
     * {@value GreenhouseSimulation#DEFAULT_WEATHER_SEED}, start 2026-02-01T00:00:00Z, no end. Each setter checks
     * its argument and names the option when it is wrong; {@link #start()} checks that they fit together.
     */
    public static final class Builder {

        private final GreenhouseSimulation.Builder simulation = GreenhouseSimulation.builder();
        private final SimulationClock.Builder clock = SimulationClock.builder();
        private int port;
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private ServerSecurity security = ServerSecurity.insecure();
        private boolean recordAppliedSetpoints;

        private Builder() {
        }

        /**
         * The endpoints and identities the server offers and accepts; default {@link ServerSecurity#insecure()},
         * fit for loopback only.
         */
        public Builder security(ServerSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /** The TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 (pick a free port) or 1 … 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to bind to, an IP address or host name; default {@value #DEFAULT_BIND_ADDRESS}. */
        public Builder bindAddress(String bindAddress) {
            Objects.requireNonNull(bindAddress, "bindAddress");
            if (bindAddress.isBlank()) {
                throw new IllegalArgumentException("bindAddress must not be blank");
            }
            this.bindAddress = bindAddress;
            return this;
        }

        /** The number of compartments, ≥ 1. */
        public Builder compartments(int compartments) {
            simulation.compartments(compartments);
            return this;
        }

        /** How the clock paces the plant. */
        public Builder clockMode(ClockMode mode) {
            clock.mode(mode);
            return this;
        }

        /** Simulated seconds per wall second in {@link ClockMode#ACCELERATED}, &gt; 0. */
        public Builder accelerationFactor(double factor) {
            clock.accelerationFactor(factor);
            return this;
        }

        /** The wall-clock time after which a lockstep plant steps without all setpoints, &gt; 0. */
        public Builder lockstepTimeout(Duration timeout) {
            clock.lockstepTimeout(timeout);
            return this;
        }

        /** The simulated length of a step (the control period), s, &gt; 0. */
        public Builder stepSeconds(double stepSeconds) {
            clock.stepSeconds(stepSeconds);
            return this;
        }

        /**
         * Keeps every accepted write as an {@link AppliedSetpoint} ({@link #appliedSetpoints()}), for scoring runs;
         * off by default, since the record grows with every write.
         */
        public Builder recordAppliedSetpoints() {
            this.recordAppliedSetpoints = true;
            return this;
        }

        /** The simulated time without an accepted setpoint after which a compartment falls back, &gt; 0. */
        public Builder watchdogTimeout(Duration timeout) {
            simulation.watchdogTimeout(timeout);
            return this;
        }

        /** The weather over the greenhouse. */
        public Builder weather(WeatherSource weather) {
            simulation.weather(weather);
            return this;
        }

        /** The simulated start time. */
        public Builder startTime(Instant start) {
            simulation.startTime(start);
            return this;
        }

        /** The simulated end time, after the start; the plant holds its last state after it. {@code null}: none. */
        public Builder endTime(Instant end) {
            clock.endTime(end);
            return this;
        }

        /** The model parameters of every compartment without parameters of its own. */
        public Builder parameters(GreenhouseParameters parameters) {
            simulation.parameters(parameters);
            return this;
        }

        /** The model parameters of one compartment, e.g. {@code c2}. */
        public Builder parameters(String compartment, GreenhouseParameters parameters) {
            simulation.parameters(compartment, parameters);
            return this;
        }

        /** The climate state every compartment starts in. */
        public Builder initialState(ClimateState state) {
            simulation.initialState(state);
            return this;
        }

        /**
         * Builds the simulation, binds the OPC UA server, publishes the initial state and starts the clock.
         *
         * @return the running server; close it
         * @throws IllegalArgumentException when options do not fit together, naming the option
         * @throws IllegalStateException    when the server cannot bind or start
         */
        public GreenhouseOpcUaServer start() {
            GreenhouseOpcUaServer server = new GreenhouseOpcUaServer(this);
            try {
                server.start(bindAddress, port, security);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }
}
