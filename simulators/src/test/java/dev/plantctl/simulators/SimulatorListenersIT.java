package dev.plantctl.simulators;

import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import dev.plantctl.simulators.printer.PrinterFarmSimulator;
import dev.plantctl.testing.ListeningSockets;
import dev.plantctl.testing.ListeningSockets.Listener;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulators listen on loopback unless told otherwise: what {@code plantctl sim greenhouse} and
 * {@code plantctl sim printer} open with their default bind address is read back from this process's listening
 * sockets ({@code /proc}); an explicit wildcard bind address is honoured, and seen as such.
 */
class SimulatorListenersIT {

    @Test
    void theGreenhouseServerListensOnLoopbackByDefault() {
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().port(0).start()) {
            assertThat(listenerOn(server.port()).loopback()).isTrue();
        }
    }

    @Test
    void thePrinterFarmsBrokerAndOpcUaViewListenOnLoopbackByDefault() {
        try (PrinterFarmSimulator farm = PrinterFarmSimulator.builder().printers(1).mqttPort(0).opcUaPort(0)
                .start()) {
            int mqtt = URI.create(farm.brokerUrl()).getPort();
            int opcUa = URI.create(farm.opcUaEndpointUrl().orElseThrow()).getPort();
            assertThat(listenerOn(mqtt).loopback()).as("embedded MQTT broker").isTrue();
            assertThat(listenerOn(opcUa).loopback()).as("OPC UA view").isTrue();
        }
    }

    @Test
    void anExplicitWildcardBindAddressIsHonoured() {
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().port(0).bindAddress("0.0.0.0").start()) {
            Listener listener = listenerOn(server.port());
            assertThat(listener.address().isAnyLocalAddress()).as("%s", listener).isTrue();
            assertThat(listener.loopback()).isFalse();
        }
    }

    private static Listener listenerOn(int port) {
        List<Listener> listeners = ListeningSockets.ofThisProcess().stream().filter(l -> l.port() == port).toList();
        assertThat(listeners).as("listeners on port %d", port).hasSize(1);
        return listeners.get(0);
    }
}
