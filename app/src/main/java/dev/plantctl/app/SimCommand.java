package dev.plantctl.app;

import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.mqtt.MqttLogin;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import dev.plantctl.simulators.printer.PrinterFarmSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code plantctl sim}: a plant simulator alone, for any OPC UA (and, for the printer farm, MQTT) client. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Runs a plant simulator behind an OPC UA server until interrupted (Ctrl-C), for any OPC UA",
                "client: a Flink job, a SCADA, a test. The printer farm also speaks MQTT like Moonraker, on --broker",
                "or on an embedded broker. Address space and topics: see simulators/README.md."})
final class SimCommand implements Callable<Integer> {

    /** The plants that can be simulated. */
    enum Plant { greenhouse, printer }

    /** What befalls the printers: nothing, or one disturbance per printer but the first. */
    enum Scenarios { nominal, mixed }

    @Parameters(index = "0", description = "Which plant: ${COMPLETION-CANDIDATES}.")
    Plant plant;

    @Option(names = "--port", defaultValue = "4840", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this host only). 0.0.0.0 or a LAN address"
                    + " lets other hosts connect (a remote HIL client) and prints a warning; without --pki the server"
                    + " has no security.")
    String bind;

    @Option(names = "--compartments", defaultValue = "1", description = "Compartments c1..cN (default: ${DEFAULT-VALUE}).")
    int compartments;

    @Option(names = "--clock", defaultValue = "ACCELERATED",
            description = "Simulation clock: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). LOCKSTEP advances a"
                    + " step once every actuator was written, or after --lockstep-timeout.")
    ClockMode clock;

    @Option(names = "--speed",
            description = "Simulated seconds per wall second with --clock ACCELERATED (default: 60 for the greenhouse,"
                    + " 10 for the printer farm).")
    Double speed;

    @Option(names = "--lockstep-timeout", defaultValue = "10",
            description = "Wall seconds a LOCKSTEP step waits for setpoints (default: ${DEFAULT-VALUE}).")
    double lockstepTimeoutSeconds;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the synthetic weather, or of the printers' noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--printers", defaultValue = "1", description = "Printer farm: printers p1..pN (default: ${DEFAULT-VALUE}).")
    int printers;

    @Option(names = "--broker",
            description = {"Printer farm: MQTT broker URL, ssl://host:port with --mqtt-user, or tcp://host:port with",
                    "--mqtt-insecure (default: an embedded broker on loopback, anonymous)."})
    String broker;

    @Option(names = "--mqtt-port", defaultValue = "1883",
            description = "Printer farm: port of the embedded broker; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--status-interval", defaultValue = "0.25",
            description = "Printer farm: simulated seconds between status publications (default: ${DEFAULT-VALUE}, 4 Hz).")
    double statusInterval;

    @Option(names = "--scenarios", defaultValue = "nominal",
            description = "Printer farm: ${COMPLETION-CANDIDATES}; mixed gives p1 nothing and the others a clog, wrong"
                    + " temperature, Z drift, diameter change, material change or sensor fault each (default: ${DEFAULT-VALUE}).")
    Scenarios scenarios;

    @CommandLine.Mixin
    SimSecurityOptions security = new SimSecurityOptions();

    @CommandLine.Mixin
    SimMqttOptions mqtt = new SimMqttOptions();

    @Override
    public Integer call() throws InterruptedException {
        exposureWarning(plant, bind, security.pki != null).ifPresent(System.err::println);
        return plant == Plant.printer ? printerFarm() : greenhouse();
    }

    /**
     * The warning to print when the simulator listens where other hosts can reach it, saying what they can do there;
     * empty on a loopback address (and on an unknown one, which the server refuses with its own message).
     */
    static Optional<String> exposureWarning(Plant plant, String bind, boolean opcUaSecured) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        if (address.isLoopbackAddress()) {
            return Optional.empty();
        }
        String where = address.isAnyLocalAddress() ? "every interface (" + bind + ")" : bind;
        String exposed = plant == Plant.printer
                ? "its embedded MQTT broker takes anonymous, unencrypted connections and its OPC UA view has no"
                        + " security: anyone who reaches it can read the printers and send them G-code"
                : opcUaSecured ? "only clients that the PKI trusts can open a session"
                : "its OPC UA server has no security (add --pki): anyone who reaches it can read the plant and write"
                        + " setpoints";
        return Optional.of("plantctl sim: WARNING: listening on " + where + ", reachable from other hosts; " + exposed
                + ".");
    }

    private int printerFarm() throws InterruptedException {
        MqttLogin login = MqttLogin.ANONYMOUS;
        if (broker == null) {
            mqtt.requireNone();
        } else {
            login = mqtt.login(broker);
        }
        PrinterFarmSimulator.Builder builder = PrinterFarmSimulator.builder()
                .printers(printers)
                .brokerUrl(broker)
                .login(login)
                .mqttPort(mqttPort)
                .bindAddress(bind)
                .opcUaPort(port)
                .clockMode(clock)
                .accelerationFactor(speed == null ? 10 : speed)
                .lockstepTimeout(Duration.ofMillis(Math.round(lockstepTimeoutSeconds * 1000)))
                .statusIntervalS(statusInterval)
                .seed(seed);
        if (scenarios == Scenarios.mixed) {
            builder.mixedScenarios();
        }
        PrinterFarmSimulator farm = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            farm.close();
            stopped.countDown();
        }, "plantctl-sim-shutdown"));
        System.out.printf("printer farm simulator with %d printer(s), clock %s, MQTT %s (%s; topics"
                        + " p1/klipper/state/#, requests on p1/moonraker/api/request), OPC UA %s (no security:"
                        + " loopback use)%n", printers, clock, farm.brokerUrl(), broker == null
                        ? "embedded broker: anonymous, no TLS, loopback use" : login
                        + (mqtt.insecure ? ", --mqtt-insecure" : ""), farm.opcUaEndpointUrl().orElseThrow());
        System.out.println("Ctrl-C stops it.");
        stopped.await();
        return 0;
    }

    private int greenhouse() throws InterruptedException {
        GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder()
                .port(port)
                .bindAddress(bind)
                .compartments(compartments)
                .clockMode(clock)
                .accelerationFactor(speed == null ? 60 : speed)
                .lockstepTimeout(Duration.ofMillis(Math.round(lockstepTimeoutSeconds * 1000)))
                .weather(new SyntheticWeather(seed))
                .security(security.security())
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "plantctl-sim-shutdown"));
        System.out.printf("%s simulator with %d compartment(s), clock %s, serving %s (%s)%n",
                plant, compartments, clock, server.endpointUrl(), security.describe());
        System.out.println("Ctrl-C stops it.");
        stopped.await();
        return 0;
    }
}
