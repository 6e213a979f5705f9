package dev.plantctl.simulators.printer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plantctl.testing.Await;
import dev.plantctl.testing.MosquittoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Load: 50 printers publishing status every 0.25 simulated seconds (4 Hz) at 10 simulated minutes per wall minute,
 * over a real Mosquitto broker with a subscriber to every status topic: every step is taken, every status message
 * is published and arrives. The run lasts {@value #SECONDS_VARIABLE} wall seconds (environment; default
 * {@value #DEFAULT_SECONDS}) and prints the achieved speed and lateness; {@value #FACTOR_VARIABLE} raises the
 * acceleration to find the headroom. The speed is a benchmark figure (BENCHMARKS.md records a 60 s run), not an
 * assertion: a shared machine must not fail the suite by being slow.
 *
 * <p>Lateness is measured without pauses: the run waits for each whole simulated second and notes how much later
 * than scheduled (start + k / factor of wall time) the farm got there.
 */
class PrinterFarmThroughputIT {

    private static final String SECONDS_VARIABLE = "PLANTCTL_PRINTER_BENCH_SECONDS";
    private static final int DEFAULT_SECONDS = 20;
    private static final int PRINTERS = 50;
    private static final String FACTOR_VARIABLE = "PLANTCTL_PRINTER_BENCH_FACTOR";
    private static final double DEFAULT_FACTOR = 10;

    @Test
    void fiftyPrintersAtFourHertzAtTenTimesRealTimeLoseNoStatusMessage() throws Exception {
        String configured = System.getenv(SECONDS_VARIABLE);
        int seconds = configured == null ? DEFAULT_SECONDS : Integer.parseInt(configured);
        String factorSetting = System.getenv(FACTOR_VARIABLE);
        double factor = factorSetting == null ? DEFAULT_FACTOR : Double.parseDouble(factorSetting);
        try (MosquittoServer mosquitto = MosquittoServer.builder().start();
             MqttProbe subscriber = new MqttProbe(mosquitto.url(), "plantctl-it-load", false, "+/klipper/state/#")) {
            PrinterFarmSimulator simulator = PrinterFarmSimulator.builder().printers(PRINTERS)
                    .brokerUrl(mosquitto.url()).accelerationFactor(factor).mixedScenarios().start();
            try {
                Instant simStart = simulator.simulatedTime();
                long stepsStart = simulator.clock().steps();
                long publishedStart = simulator.statusMessages();
                long receivedStart = subscriber.count();
                long wallStart = System.nanoTime();
                double maxLateS = 0;
                int simSeconds = (int) (seconds * factor);
                for (int k = 1; k <= simSeconds; k++) {
                    assertThat(simulator.awaitSimulatedTime(simStart.plusSeconds(k), Duration.ofSeconds(30)))
                            .as("simulated second %d reached", k).isTrue();
                    double lateS = (System.nanoTime() - wallStart) / 1e9 - k / factor;
                    maxLateS = Math.max(maxLateS, lateS);
                }
                double wallS = (System.nanoTime() - wallStart) / 1e9;
                long steps = simulator.clock().steps() - stepsStart;
                long published = simulator.statusMessages() - publishedStart;
                Await.until("the subscriber to receive every status message", Duration.ofSeconds(30),
                        () -> subscriber.count() - receivedStart >= published,
                        () -> (subscriber.count() - receivedStart) + " of " + published);
                long received = subscriber.count() - receivedStart;
                double simPerWall = simSeconds / wallS;
                String report = String.format(Locale.ROOT, "printer farm load: %d printers, status every %.2f s,"
                                + " %d simulated s in %.2f wall s = %.2f simulated s per wall s (target %.0f);"
                                + " max lateness %.3f wall s; %d steps (%.1f/s), %.0f printer status sets/s,"
                                + " %d status messages (%.0f/s), %d received, %d publish failures",
                        PRINTERS, PrinterFarmSimulator.DEFAULT_STATUS_INTERVAL_S, simSeconds, wallS, simPerWall,
                        factor, maxLateS, steps, steps / wallS, steps * PRINTERS / wallS, published,
                        published / wallS, received, simulator.publishFailures());
                System.out.println(report);
                assertThat(steps).as(report).isGreaterThanOrEqualTo((long) (simSeconds * 4));
                assertThat(simulator.publishFailures()).as(report).isZero();
                assertThat(received).as(report).isGreaterThanOrEqualTo(published);
            } finally {
                simulator.close();
            }
        }
    }
}
