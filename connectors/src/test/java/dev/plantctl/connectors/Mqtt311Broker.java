package dev.plantctl.connectors;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Properties;

/** A real broker that speaks MQTT 3.1.1 only (Moquette 0.17, in this JVM) on a free loopback port. */
final class Mqtt311Broker implements AutoCloseable {

    private final Server server = new Server();
    private final int port;

    Mqtt311Broker(Path dataDir) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Properties config = new Properties();
        config.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        config.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        config.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        config.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        config.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        config.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, dataDir.toString());
        config.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        config.setProperty(BrokerConstants.METRICS_ENABLE_PROPERTY_NAME, "false");
        config.setProperty(BrokerConstants.BUGSNAG_ENABLE_PROPERTY_NAME, "false");
        server.startServer(config);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
