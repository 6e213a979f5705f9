package dev.plantctl.simulators.mqtt;

import dev.plantctl.simulators.ServerSupport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 3.1.1 and 5 broker inside the JVM (Apache ActiveMQ Artemis with its MQTT protocol), for demos and tests
 * that have no broker of their own: anonymous, plain TCP, nothing persisted, bound to one address (loopback by
 * default, with a WARN when it is not).
 *
 * <p>Why Artemis: the simulator's Paho client speaks MQTT 5, which Moquette 0.17 refuses (its CONNACK to an MQTT 5
 * CONNECT is "unacceptable protocol version") and Moquette 0.18 is not available here; HiveMQ CE embedded would
 * bring logback beside the project's log4j and a 57 MB RocksDB. Artemis resolves with the project's Netty 4.1.137
 * and slf4j 2. It is slower than Mosquitto (measured here: about 6,000 QoS 0 messages/s end to end against
 * Mosquitto's 20,000), which is plenty for a demo farm; load tests use Mosquitto.
 *
 * <p>{@link #close()} stops the broker and its threads.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    /** Default bind address: loopback only. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
    private static final String ACCEPTOR = "mqtt";
    private static final int BIND_ATTEMPTS = 3;

    private final EmbeddedActiveMQ server;
    private final String url;

    private EmbeddedMqttBroker(EmbeddedActiveMQ server, String url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Starts a broker.
     *
     * @param bindAddress an IP address or host name
     * @param port        the TCP port; 0 picks a free one
     * @return the running broker; close it
     * @throws IllegalArgumentException when the address is unknown or the port out of range
     * @throws IllegalStateException    when the broker cannot bind or start
     */
    public static EmbeddedMqttBroker start(String bindAddress, int port) {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (pick a free port) or 1 … 65535: " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress is not a known address: " + bindAddress, e);
        }
        for (int attempt = 1; ; attempt++) {
            int candidate = port == 0 ? ServerSupport.freePort(address) : port;
            EmbeddedMqttBroker broker = tryStart(address, candidate);
            if (broker != null) {
                LOG.warn("embedded MQTT broker at {}: anonymous, no TLS, for loopback demos and tests only",
                        broker.url);
                if (!address.isLoopbackAddress()) {
                    LOG.warn("the embedded MQTT broker is bound to {}, which is not a loopback address",
                            address.getHostAddress());
                }
                return broker;
            }
            if (port != 0 || attempt >= BIND_ATTEMPTS) {
                throw new IllegalStateException("the embedded MQTT broker cannot listen on "
                        + address.getHostAddress() + ":" + candidate);
            }
        }
    }

    /** The URL clients connect to, {@code tcp://host:port}. */
    public String url() {
        return url;
    }

    /** Stops the broker. Idempotent. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the embedded MQTT broker did not stop cleanly", e);
        }
    }

    private static EmbeddedMqttBroker tryStart(InetAddress address, int port) {
        String host = address.getHostAddress();
        String hostForUrl = host.contains(":") ? "[" + host + "]" : host;
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("plantctl-embedded-mqtt");
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.addAddressSetting("#", new AddressSettings().setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue")));
        try {
            config.addAcceptorConfiguration(ACCEPTOR, "tcp://" + hostForUrl + ":" + port + "?protocols=MQTT");
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid MQTT acceptor for " + host + ":" + port, e);
        }
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded MQTT broker failed to start", e);
        }
        Acceptor acceptor = server.getActiveMQServer().getRemotingService().getAcceptor(ACCEPTOR);
        if (acceptor == null || !acceptor.isStarted()) {
            stopQuietly(server);
            return null;
        }
        return new EmbeddedMqttBroker(server, "tcp://" + hostForUrl + ":" + port);
    }

    private static void stopQuietly(EmbeddedActiveMQ server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("stopping a broker that did not bind: {}", e.getMessage());
        }
    }
}
