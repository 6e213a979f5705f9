package dev.plantctl.simulators.printer;

import dev.plantctl.models.printer.GcodeCommand;
import dev.plantctl.models.printer.GcodeException;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.PrintState;
import dev.plantctl.models.printer.PrinterParameters;
import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.PrinterStatus;
import dev.plantctl.models.printer.ProcessTruth;
import dev.plantctl.models.printer.Scenario;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.ServerSupport;
import dev.plantctl.simulators.SimulationClock;
import dev.plantctl.simulators.mqtt.EmbeddedMqttBroker;
import dev.plantctl.simulators.mqtt.MqttLink;
import dev.plantctl.simulators.mqtt.MqttLogin;
import dev.plantctl.simulators.mqtt.PahoMqttLink;
import dev.plantctl.simulators.opcua.OpcUaServerHost;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hardware-in-the-loop printer farm: a {@link PrinterFarm} paced by a {@link SimulationClock}, each printer
 * behind its own MQTT connection that speaks like a Moonraker instance ({@link MoonrakerEndpoint},
 * {@link MoonrakerApi}), and the whole farm behind a read-only OPC UA view of its process values
 * ({@link PrinterNamespace}).
 *
 * <p><b>Time.</b> One step of the clock is one status interval (default {@value #DEFAULT_STATUS_INTERVAL_S} s of
 * simulated time: 4 Hz): every printer advances, then publishes the status fields that changed and updates its
 * OPC UA nodes. In {@link ClockMode#LOCKSTEP} each printer is a party, and any request it answers (a G-code
 * script, an emergency stop, {@code printer.info} as a heartbeat) counts as its arrival.
 *
 * <p><b>Broker.</b> With a broker URL the printers connect to it (Mosquitto or any MQTT 5 broker); without one an
 * {@link EmbeddedMqttBroker} starts on the bind address. Each printer's client id is
 * {@code plantctl-<instance>-<random>}.
 *
 * <p><b>Commands</b> are checked and queued on the MQTT client's thread under the clock's lock, so they never
 * interleave with a step; each takes effect after its printer's dead time.
 *
 * <p>{@link #close()} stops the clock, announces every printer offline, disconnects, and stops the OPC UA server
 * and the embedded broker.
 */
public final class PrinterFarmSimulator implements AutoCloseable {

    /** Default status interval and clock step: 4 Hz of simulated time. */
    public static final double DEFAULT_STATUS_INTERVAL_S = 0.25;
    /** Default bind address of the embedded broker and the OPC UA server: loopback only. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The path of the OPC UA endpoint URL. */
    public static final String ENDPOINT_PATH = "/plantctl/printer";
    /** The OPC UA application URI of the simulator. */
    public static final String APPLICATION_URI = "urn:plantctl:sim:printer:server";

    private static final Logger LOG = LoggerFactory.getLogger(PrinterFarmSimulator.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int PARALLEL_CONNECTIONS = 16;

    private final PrinterFarm farm;
    private final SimulationClock clock;
    private final Map<String, MoonrakerEndpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, PrinterStatus> latestStatus = new ConcurrentHashMap<>();
    private final Map<String, ProcessTruth> latestTruth = new ConcurrentHashMap<>();
    private EmbeddedMqttBroker broker;
    private String brokerUrl;
    private OpcUaServerHost opcUa;
    private volatile PrinterNamespace namespace;
    private boolean closed;

    private PrinterFarmSimulator(Builder b) {
        this.farm = b.farm.build();
        this.clock = b.clock.stepSeconds(b.statusIntervalS).lockstepParties(farm.instances()).listener(this::publish)
                .build(farm);
        this.brokerUrl = b.brokerUrl;
    }

    /** A builder with the defaults (see {@link Builder}). */
    public static Builder builder() {
        return new Builder();
    }

    private void start(Builder b) {
        if (brokerUrl == null) {
            broker = EmbeddedMqttBroker.start(b.bindAddress, b.mqttPort);
            brokerUrl = broker.url();
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, MqttLink> links = inParallel(farm.instances(), instance -> PahoMqttLink.connect(brokerUrl,
                "plantctl-" + instance + "-" + run, new PahoMqttLink.Will(PrinterSignals.availabilityTopic(instance),
                        MoonrakerEndpoint.OFFLINE, true), CONNECT_TIMEOUT, b.login));
        links.forEach((instance, link) -> endpoints.put(instance, new MoonrakerEndpoint(instance, link,
                new MoonrakerApi(instance, new Binding(instance)), b.statusQos)));
        if (b.opcUa) {
            opcUa = OpcUaServerHost.start(new OpcUaServerHost.Identity(APPLICATION_URI,
                    "plantctl printer farm simulator", ENDPOINT_PATH), b.bindAddress, b.opcUaPort, milo -> {
                        PrinterNamespace ns = new PrinterNamespace(milo, farm.instances());
                        ns.startup();
                        this.namespace = ns;
                        return ns;
                    });
        }
        endpoints.values().forEach(MoonrakerEndpoint::start);
        Instant start = farm.simulatedTime();
        clock.start();
        LOG.info("printer farm simulator: {} printer(s) on MQTT broker {} ({}){} ({} clock, status every {} s, start {})",
                farm.instances().size(), brokerUrl, b.login, opcUa == null ? "" : ", OPC UA " + opcUa.endpointUrl(),
                clock.mode(), clock.stepSeconds(), start);
    }

    /** Publishes every printer's state; the clock's listener, on its thread and under its lock. */
    private void publish(Instant time) {
        Map<String, PrinterStatus> statuses = new LinkedHashMap<>();
        farm.printers().forEach((instance, model) -> {
            PrinterStatus status = model.status();
            statuses.put(instance, status);
            latestStatus.put(instance, status);
            latestTruth.put(instance, model.truth());
            endpoints.get(instance).publishStatus(status, time);
        });
        PrinterNamespace ns = namespace;
        if (ns != null) {
            ns.publish(statuses, time);
        }
    }

    /** The API's view of one printer: every call runs under the clock's lock and counts as a lockstep arrival. */
    private final class Binding implements MoonrakerApi.Printer {

        private final String instance;

        Binding(String instance) {
            this.instance = instance;
        }

        @Override
        public void runScript(List<GcodeCommand> commands) throws GcodeException {
            GcodeException[] refused = new GcodeException[1];
            clock.arrive(instance, () -> {
                try {
                    farm.printer(instance).submit(commands);
                } catch (GcodeException e) {
                    refused[0] = e;
                }
            });
            if (refused[0] != null) {
                throw refused[0];
            }
        }

        @Override
        public void emergencyStop() {
            clock.arrive(instance, () -> {
                try {
                    farm.printer(instance).submit(List.of(new GcodeCommand.EmergencyStop()));
                } catch (GcodeException e) {
                    LOG.debug("{}: emergency stop of a printer that is already shut down: {}", instance,
                            e.getMessage());
                }
            });
        }

        @Override
        public Optional<String> shutdownMessage() {
            String[] message = new String[1];
            clock.arrive(instance, () -> {
                PrinterStatus s = farm.printer(instance).status();
                message[0] = s.state() == PrintState.ERROR ? s.message() : null;
            });
            return Optional.ofNullable(message[0]);
        }
    }

    /** The URL of the broker the printers are connected to. */
    public String brokerUrl() {
        return brokerUrl;
    }

    /** The OPC UA endpoint URL, when the OPC UA view runs. */
    public Optional<String> opcUaEndpointUrl() {
        return Optional.ofNullable(opcUa).map(OpcUaServerHost::endpointUrl);
    }

    /** The printers' instance ids, in order. */
    public List<String> instances() {
        return farm.instances();
    }

    /** The clock that paces the farm. */
    public SimulationClock clock() {
        return clock;
    }

    /** The simulated time of the last published state. */
    public Instant simulatedTime() {
        return clock.simulatedTime();
    }

    /** What a printer reported at the last published step. */
    public PrinterStatus status(String instance) {
        return latest(latestStatus, instance);
    }

    /** A printer's true process state at the last published step. */
    public ProcessTruth truth(String instance) {
        return latest(latestTruth, instance);
    }

    /** Status messages handed to the MQTT clients since the start. */
    public long statusMessages() {
        return endpoints.values().stream().mapToLong(MoonrakerEndpoint::statusMessages).sum();
    }

    /** Messages the MQTT clients could not take (broker away, queue full). */
    public long publishFailures() {
        return endpoints.values().stream().mapToLong(e -> e.link().publishFailures()).sum();
    }

    /** JSON-RPC requests received by all printers. */
    public long requests() {
        return endpoints.values().stream().mapToLong(MoonrakerEndpoint::requests).sum();
    }

    /**
     * Waits until the simulated time reached {@code time}.
     *
     * @return true when it did; false when the timeout passed first or the clock finished or closed before
     * @throws IllegalStateException when the simulation failed
     * @throws InterruptedException  when interrupted
     */
    public boolean awaitSimulatedTime(Instant time, Duration timeout) throws InterruptedException {
        return clock.awaitSimulatedTime(time, timeout);
    }

    /** Stops the clock, takes every printer offline, stops the OPC UA server and the embedded broker. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        clock.close();
        inParallel(List.copyOf(endpoints.keySet()), instance -> {
            endpoints.get(instance).close();
            return instance;
        });
        if (opcUa != null) {
            opcUa.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * Runs a task per printer on a few threads (Paho takes about 300 ms to connect and 100 ms to disconnect, mostly
     * waiting): the results in the printers' order, or the first failure after every task has ended, with every
     * result that did succeed closed.
     */
    private static <T> Map<String, T> inParallel(List<String> instances, Function<String, T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_CONNECTIONS, instances.size()),
                ServerSupport.daemonThreads("plantctl-mqtt-connect"));
        try {
            Map<String, Future<T>> futures = new LinkedHashMap<>();
            for (String instance : instances) {
                futures.put(instance, pool.submit(() -> task.apply(instance)));
            }
            Map<String, T> results = new LinkedHashMap<>();
            RuntimeException failure = null;
            for (Map.Entry<String, Future<T>> f : futures.entrySet()) {
                try {
                    results.put(f.getKey(), f.getValue().get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        Throwable cause = e.getCause();
                        failure = cause instanceof RuntimeException r ? r
                                : new IllegalStateException(f.getKey() + ": " + cause.getMessage(), cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IllegalStateException("interrupted while connecting the printers", e);
                    break;
                }
            }
            if (failure != null) {
                results.values().forEach(r -> {
                    if (r instanceof AutoCloseable c) {
                        closeQuietly(c);
                    }
                });
                throw failure;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing after a failed start: {}", e.getMessage());
        }
    }

    private static <T> T latest(Map<String, T> map, String instance) {
        T value = map.get(instance);
        if (value == null) {
            throw new IllegalArgumentException("no printer '" + instance + "'");
        }
        return value;
    }

    /**
     * Options of a {@link PrinterFarmSimulator}. Defaults: 1 printer printing a standard PLA job, every printer
     * nominal, seed 1; an embedded broker on a free port of {@value #DEFAULT_BIND_ADDRESS}; the OPC UA view on a free
     * port of the same address; {@link ClockMode#ACCELERATED} at 10 simulated seconds per wall second with steps of
     * {@value #DEFAULT_STATUS_INTERVAL_S} s. Each setter checks its argument and names the option when it is wrong.
     */
    public static final class Builder {

        private final PrinterFarm.Builder farm = PrinterFarm.builder();
        private final SimulationClock.Builder clock = SimulationClock.builder().mode(ClockMode.ACCELERATED)
                .accelerationFactor(10);
        private double statusIntervalS = DEFAULT_STATUS_INTERVAL_S;
        private int statusQos;
        private String brokerUrl;
        private MqttLogin login = MqttLogin.ANONYMOUS;
        private int mqttPort;
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private boolean opcUa = true;
        private int opcUaPort;

        private Builder() {
        }

        /** The number of printers, ≥ 1. */
        public Builder printers(int printers) {
            farm.printers(printers);
            return this;
        }

        /** The job every printer prints. */
        public Builder job(PrintJob job) {
            farm.job(job);
            return this;
        }

        /** Hardware, firmware and sensors of every printer. */
        public Builder parameters(PrinterParameters parameters) {
            farm.parameters(parameters);
            return this;
        }

        /** One scenario per printer, in order. */
        public Builder scenarios(List<Scenario> scenarios) {
            farm.scenarios(scenarios);
            return this;
        }

        /** A mixed farm: printer 1 nominal, the others with one disturbance each ({@link Scenario#mixedFarm}). */
        public Builder mixedScenarios() {
            farm.mixedScenarios();
            return this;
        }

        /** The seed of all noise and draws. */
        public Builder seed(long seed) {
            farm.seed(seed);
            return this;
        }

        /** The simulated start time. */
        public Builder startTime(Instant start) {
            farm.startTime(start);
            return this;
        }

        /** The simulated end time, after which the farm holds its last state; {@code null} for none. */
        public Builder endTime(Instant end) {
            clock.endTime(end);
            return this;
        }

        /** How the clock paces the farm. */
        public Builder clockMode(ClockMode mode) {
            clock.mode(mode);
            return this;
        }

        /** Simulated seconds per wall second in {@link ClockMode#ACCELERATED}, &gt; 0. */
        public Builder accelerationFactor(double factor) {
            clock.accelerationFactor(factor);
            return this;
        }

        /** The wall-clock time after which a lockstep farm steps without every printer's request, &gt; 0. */
        public Builder lockstepTimeout(Duration timeout) {
            clock.lockstepTimeout(timeout);
            return this;
        }

        /** Simulated seconds between two status publications (and clock steps), &gt; 0. */
        public Builder statusIntervalS(double seconds) {
            clock.stepSeconds(seconds);
            this.statusIntervalS = seconds;
            return this;
        }

        /**
         * The QoS of the status messages, 0 (default, as Moonraker's) or 1: a consumer that must not lose status
         * across its own restarts (a checkpointing job acknowledging on checkpoints) needs 1.
         */
        public Builder statusQos(int qos) {
            if (qos != 0 && qos != 1) {
                throw new IllegalArgumentException("statusQos must be 0 or 1: " + qos);
            }
            this.statusQos = qos;
            return this;
        }

        /** The broker to connect to, {@code tcp://host:port} or {@code ssl://host:port}; {@code null}: embedded. */
        public Builder brokerUrl(String url) {
            if (url != null && !(url.startsWith("tcp://") || url.startsWith("ssl://"))) {
                throw new IllegalArgumentException("brokerUrl must start with tcp:// or ssl://: " + url);
            }
            this.brokerUrl = url;
            return this;
        }

        /**
         * How the printers log in to the broker of {@link #brokerUrl}: user, password and TLS trust (default
         * {@link MqttLogin#ANONYMOUS}; the embedded broker is always anonymous).
         */
        public Builder login(MqttLogin login) {
            this.login = Objects.requireNonNull(login, "login");
            return this;
        }

        /** The embedded broker's port; 0 (the default) picks a free one. */
        public Builder mqttPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("mqttPort must be 0 (pick a free port) or 1 … 65535: " + port);
            }
            this.mqttPort = port;
            return this;
        }

        /** The address the embedded broker and the OPC UA server bind to. */
        public Builder bindAddress(String address) {
            Objects.requireNonNull(address, "bindAddress");
            if (address.isBlank()) {
                throw new IllegalArgumentException("bindAddress must not be blank");
            }
            this.bindAddress = address;
            return this;
        }

        /** Whether to serve the OPC UA view (default true). */
        public Builder opcUa(boolean enabled) {
            this.opcUa = enabled;
            return this;
        }

        /** The OPC UA port; 0 (the default) picks a free one. */
        public Builder opcUaPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("opcUaPort must be 0 (pick a free port) or 1 … 65535: " + port);
            }
            this.opcUaPort = port;
            return this;
        }

        /**
         * Builds the farm, connects every printer to the broker (starting the embedded one if needed), starts the
         * OPC UA view, publishes the initial state and starts the clock.
         *
         * @return the running simulator; close it
         * @throws IllegalArgumentException when options do not fit together, naming the option
         * @throws IllegalStateException    when the broker cannot be reached or a server cannot start
         */
        public PrinterFarmSimulator start() {
            PrinterFarmSimulator simulator = new PrinterFarmSimulator(this);
            try {
                simulator.start(this);
            } catch (RuntimeException e) {
                simulator.close();
                throw e;
            }
            return simulator;
        }
    }
}
