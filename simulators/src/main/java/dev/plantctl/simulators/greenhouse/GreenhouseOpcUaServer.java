package dev.plantctl.simulators.greenhouse;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.WeatherSource;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.SimulationClock;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.util.HostnameUtil;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
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
 * barrier (party {@code <compartment>/<actuator>}).
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
    private static final int BIND_ATTEMPTS = 3;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final GreenhouseSimulation simulation;
    private final SimulationClock clock;
    private final WriteCounters counters;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final EventLoopGroup eventLoop;
    private volatile OpcUaServer server;
    private volatile GreenhouseNamespace namespace;
    private String endpointUrl;
    private int port;

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
        this.executor = Executors.newFixedThreadPool(
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), daemonThreads("plantctl-opcua"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("plantctl-opcua-scheduler"));
        this.eventLoop = new NioEventLoopGroup(0, daemonThreads("plantctl-opcua-netty"));
    }

    /** A builder with the defaults (see {@link Builder}). */
    public static Builder builder() {
        return new Builder();
    }

    private void start(InetAddress bindAddress, int requestedPort) {
        for (int attempt = 1; ; attempt++) {
            int candidate = requestedPort == 0 ? freePort(bindAddress) : requestedPort;
            try {
                bind(bindAddress, candidate);
                break;
            } catch (BindFailure e) {
                if (requestedPort != 0 || attempt >= BIND_ATTEMPTS) {
                    throw new IllegalStateException("cannot bind the OPC UA server to " + bindAddress.getHostAddress()
                            + ":" + candidate, e.getCause());
                }
                LOG.info("free port {} was taken before the server bound it; trying another", candidate);
            }
        }
        clock.start();
        LOG.warn("OPC UA endpoint {} offers SecurityPolicy None with anonymous access: INSECURE, anyone who reaches "
                + "it can read the plant and move its actuators. Use it on loopback for demos and tests only.",
                endpointUrl);
        if (!bindAddress.isLoopbackAddress()) {
            LOG.warn("the insecure endpoint is bound to {}, which is not a loopback address",
                    bindAddress.getHostAddress());
        }
        LOG.info("greenhouse simulator serving {} compartment(s) at {} ({} clock, step {} s, start {})",
                simulation.compartmentIds().size(), endpointUrl, clock.mode(), clock.stepSeconds(),
                simulation.simulatedTime());
    }

    private void bind(InetAddress bindAddress, int candidate) throws BindFailure {
        String hostname = bindAddress.isAnyLocalAddress() ? HostnameUtil.getHostname() : bindAddress.getHostAddress();
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(bindAddress.getHostAddress())
                .setBindPort(candidate)
                .setHostname(hostname)
                .setPath(ENDPOINT_PATH)
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .build();
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(APPLICATION_URI)
                .setApplicationName(LocalizedText.english("plantctl greenhouse simulator"))
                .setProductUri("urn:plantctl")
                .setBuildInfo(new BuildInfo("urn:plantctl", "plantctl", "plantctl greenhouse simulator",
                        OpcUaServer.SDK_VERSION, "", DateTime.now()))
                .setEndpoints(Set.of(endpoint))
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .setExecutor(executor)
                .setScheduledExecutor(scheduler)
                .build();
        OpcUaServer milo = new OpcUaServer(config, profile -> new OpcTcpServerTransport(
                OpcTcpServerTransportConfig.newBuilder().setExecutor(executor).setEventLoop(eventLoop).build()));
        GreenhouseNamespace ns = new GreenhouseNamespace(milo, simulation, counters, this::applySetpoint);
        ns.startup();
        ns.publish(simulation.simulatedTime());
        this.namespace = ns;
        this.server = milo;
        try {
            milo.startup().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            stopMilo();
            if (causedByBind(e)) {
                throw new BindFailure(e);
            }
            throw new IllegalStateException("the OPC UA server failed to start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopMilo();
            throw new IllegalStateException("interrupted while starting the OPC UA server", e);
        }
        this.port = candidate;
        this.endpointUrl = "opc.tcp://" + hostname + ":" + candidate + ENDPOINT_PATH;
    }

    private void applySetpoint(String compartment, Actuator actuator, double value) {
        clock.arrive(GreenhouseSignals.nodeIdentifier(compartment, actuator.signal()), () -> {
            simulation.applySetpoint(compartment, actuator, value);
            namespace.publishControls(compartment);
        });
    }

    /** The endpoint URL clients connect to, e.g. {@code opc.tcp://127.0.0.1:49152/plantctl/greenhouse}. */
    public String endpointUrl() {
        return endpointUrl;
    }

    /** The TCP port the server listens on. */
    public int port() {
        return port;
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

    /** Stops the clock, shuts the OPC UA server down and ends every thread this server started. Idempotent. */
    @Override
    public void close() {
        clock.close();
        stopMilo();
        eventLoop.shutdownGracefully(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis());
        executor.shutdown();
        scheduler.shutdownNow();
        try {
            if (!executor.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    | !scheduler.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("OPC UA server threads did not end within {}", SHUTDOWN_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void stopMilo() {
        OpcUaServer milo = server;
        GreenhouseNamespace ns = namespace;
        server = null;
        if (milo == null) {
            return;
        }
        ns.shutdown();
        try {
            milo.shutdown().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("OPC UA server shutdown did not complete cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static int freePort(InetAddress bindAddress) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(bindAddress, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + bindAddress.getHostAddress(), e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The port was taken between choosing and binding it. */
    private static final class BindFailure extends Exception {
        BindFailure(Throwable cause) {
            super(cause);
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

        private Builder() {
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
            InetAddress address;
            try {
                address = InetAddress.getByName(bindAddress);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bindAddress is not a known address: " + bindAddress, e);
            }
            GreenhouseOpcUaServer server = new GreenhouseOpcUaServer(this);
            try {
                server.start(address, port);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }
}
