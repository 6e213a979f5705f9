package dev.plantctl.app;

import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the simulated greenhouse's cumulative net profit (mean of its compartments, EUR/m²) once per simulated
 * step while the demo runs, on a thread of its own: the profit curve of the report. A lockstep plant waits for each
 * step's setpoints, so the recorder sees every step; a sample is taken as soon as the plant's clock reached the
 * step and stamped with the clock's time at that moment.
 */
final class ProfitRecorder implements AutoCloseable {

    private final GreenhouseOpcUaServer server;
    private final Duration step;
    private final Instant end;
    private final List<Instant> times = new ArrayList<>();
    private final List<Double> profits = new ArrayList<>();
    private final Thread thread;

    ProfitRecorder(GreenhouseOpcUaServer server, Duration step, Instant end, Duration stepTimeout) {
        this.server = server;
        this.step = step;
        this.end = end;
        this.thread = new Thread(() -> record(stepTimeout), "profit-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    private void record(Duration stepTimeout) {
        Instant next = server.simulatedTime().plus(step);
        try {
            while (!next.isAfter(end) && server.awaitSimulatedTime(next, stepTimeout)) {
                Instant now = server.simulatedTime();
                double profit = server.simulation().meanLedger().netProfitEur();
                synchronized (this) {
                    times.add(now);
                    profits.add(profit);
                }
                next = now.plus(step);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sampled times, ascending. */
    synchronized List<Instant> times() {
        return List.copyOf(times);
    }

    /** The cumulative net profit at each sampled time, EUR/m². */
    synchronized List<Double> profits() {
        return List.copyOf(profits);
    }

    /** Stops sampling and waits for the thread. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
