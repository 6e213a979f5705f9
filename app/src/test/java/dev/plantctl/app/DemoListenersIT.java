package dev.plantctl.app;

import dev.plantctl.testing.ListeningSockets;
import dev.plantctl.testing.ListeningSockets.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every socket the demo listens on is a loopback socket (issue 21: "during the demo, {@code ss -ltnp} shows only
 * loopback listeners"). The demo runs in this JVM while {@link ListeningSockets#seenWhile} reads this process's
 * listening sockets from {@code /proc}; every listener seen during the run, the simulator's, the broker's and the
 * Flink MiniCluster's (BlobServer, REST endpoint), must be bound to 127.0.0.1 or ::1.
 */
class DemoListenersIT {

    @Test
    void theGreenhouseDemoListensOnLoopbackOnly(@TempDir Path out) throws Exception {
        Set<Listener> seen = ListeningSockets.seenWhile(() -> {
            GreenhouseDemo.Result result = new GreenhouseDemo(3, 1, 1, 1, out.resolve("greenhouse"), null).run();
            assertThat(result.problems()).isEmpty();
        });
        // the simulator's OPC UA server, the BlobServer and the REST endpoint at least
        assertThat(seen).as("listeners seen during the run").hasSizeGreaterThanOrEqualTo(3);
        assertThat(seen).as("listeners seen during the run").allMatch(Listener::loopback);
    }

    @Test
    void thePrinterDemoListensOnLoopbackOnly(@TempDir Path out) throws Exception {
        Set<Listener> seen = ListeningSockets.seenWhile(() -> {
            GreenhouseDemo.Result result = new PrinterDemo(2, 8, 1, out.resolve("printer"), null).run();
            assertThat(result.summary()).containsKey("plant");
        });
        // the embedded MQTT broker, the BlobServer and the REST endpoint at least
        assertThat(seen).as("listeners seen during the run").hasSizeGreaterThanOrEqualTo(3);
        assertThat(seen).as("listeners seen during the run").allMatch(Listener::loopback);
    }
}
