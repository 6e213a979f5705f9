package dev.plantctl.app;

import dev.plantctl.testing.ListeningSockets;
import dev.plantctl.testing.ListeningSockets.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every socket the demo listens on is a loopback socket (issue 21: "during the demo, {@code ss -ltnp} shows only
 * loopback listeners"). The demo runs in this JVM while a sampler reads this process's listening sockets from
 * {@code /proc} every 20 ms; every listener seen during the run, the simulator's, the broker's and the Flink
 * MiniCluster's (BlobServer, REST endpoint), must be bound to 127.0.0.1 or ::1.
 */
class DemoListenersIT {

    @Test
    void theGreenhouseDemoListensOnLoopbackOnly(@TempDir Path out) throws Exception {
        Set<Listener> seen = whileSampling(() -> {
            GreenhouseDemo.Result result = new GreenhouseDemo(3, 1, 1, 1, out.resolve("greenhouse"), null).run();
            assertThat(result.problems()).isEmpty();
        });
        // the simulator's OPC UA server, the BlobServer and the REST endpoint at least
        assertThat(seen).as("listeners seen during the run").hasSizeGreaterThanOrEqualTo(3);
        assertThat(seen).as("listeners seen during the run").allMatch(Listener::loopback);
    }

    @Test
    void thePrinterDemoListensOnLoopbackOnly(@TempDir Path out) throws Exception {
        Set<Listener> seen = whileSampling(() -> {
            GreenhouseDemo.Result result = new PrinterDemo(2, 8, 1, out.resolve("printer"), null).run();
            assertThat(result.summary()).containsKey("plant");
        });
        // the embedded MQTT broker, the BlobServer and the REST endpoint at least
        assertThat(seen).as("listeners seen during the run").hasSizeGreaterThanOrEqualTo(3);
        assertThat(seen).as("listeners seen during the run").allMatch(Listener::loopback);
    }

    private interface Run {
        void run() throws Exception;
    }

    private static Set<Listener> whileSampling(Run demo) throws Exception {
        Set<Listener> seen = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledFuture<?> sampling = sampler.scheduleWithFixedDelay(
                    () -> seen.addAll(ListeningSockets.ofThisProcess()), 0, 20, TimeUnit.MILLISECONDS);
            demo.run();
            if (sampling.isDone()) {
                sampling.get(); // a periodic task is done only when it failed: rethrow why
            }
        } finally {
            sampler.shutdownNow();
            assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        return seen;
    }
}
