package dev.plantctl.app;

import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code plantctl sim}: a plant simulator alone, for any OPC UA client. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Runs a plant simulator behind an OPC UA server until interrupted (Ctrl-C), for any OPC UA",
                "client: a Flink job, a SCADA, a test. Address space: see simulators/README.md."})
final class SimCommand implements Callable<Integer> {

    /** The plants that can be simulated. */
    enum Plant { greenhouse }

    @Parameters(index = "0", description = "Which plant: ${COMPLETION-CANDIDATES}.")
    Plant plant;

    @Option(names = "--port", defaultValue = "4840", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); the server has no security yet, so keep it local.")
    String bind;

    @Option(names = "--compartments", defaultValue = "1", description = "Compartments c1..cN (default: ${DEFAULT-VALUE}).")
    int compartments;

    @Option(names = "--clock", defaultValue = "ACCELERATED",
            description = "Simulation clock: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). LOCKSTEP advances a"
                    + " step once every actuator was written, or after --lockstep-timeout.")
    ClockMode clock;

    @Option(names = "--speed", defaultValue = "60",
            description = "Simulated seconds per wall second with --clock ACCELERATED (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--lockstep-timeout", defaultValue = "10",
            description = "Wall seconds a LOCKSTEP step waits for setpoints (default: ${DEFAULT-VALUE}).")
    double lockstepTimeoutSeconds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic weather (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws InterruptedException {
        GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder()
                .port(port)
                .bindAddress(bind)
                .compartments(compartments)
                .clockMode(clock)
                .accelerationFactor(speed)
                .lockstepTimeout(Duration.ofMillis(Math.round(lockstepTimeoutSeconds * 1000)))
                .weather(new SyntheticWeather(seed))
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "plantctl-sim-shutdown"));
        System.out.printf("%s simulator with %d compartment(s), clock %s, serving %s (no security: loopback use)%n",
                plant, compartments, clock, server.endpointUrl());
        System.out.println("Ctrl-C stops it.");
        stopped.await();
        return 0;
    }
}
