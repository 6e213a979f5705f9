package dev.plantctl.simulators.opcua;

import dev.plantctl.simulators.ServerSupport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.util.HostnameUtil;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Milo OPC UA server for a simulator: its endpoints on a bind address and port (0 picks a free one, retried if
 * another process takes it first), the simulator's namespace, and the thread pools and event loop it runs on.
 *
 * <p><b>Security</b> is a {@link ServerSecurity}: signed and encrypted endpoints with certificate validation and
 * user accounts, like a careful PLC, or SecurityPolicy None with anonymous access for loopback demos and tests. An
 * insecure endpoint makes the host say so in a WARN log line when it starts (and another when the address is not a
 * loopback address): whoever reaches the port can read the plant and write whatever the namespace accepts.
 *
 * <p>{@link #close()} shuts the namespace and the server down and ends every thread the host started.
 */
public final class OpcUaServerHost implements AutoCloseable {

    /**
     * Who the server is.
     *
     * @param applicationUri  the OPC UA application URI, e.g. {@code urn:plantctl:sim:greenhouse:server}
     * @param applicationName the application name clients show
     * @param path            the endpoint URL's path, e.g. {@code /plantctl/greenhouse}
     */
    public record Identity(String applicationUri, String applicationName, String path) {
        /** @throws NullPointerException when a part is missing */
        public Identity {
            Objects.requireNonNull(applicationUri, "applicationUri");
            Objects.requireNonNull(applicationName, "applicationName");
            Objects.requireNonNull(path, "path");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaServerHost.class);
    private static final int BIND_ATTEMPTS = 3;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final EventLoopGroup eventLoop;
    private OpcUaServer server;
    private ServerPki pki;
    private ManagedNamespaceWithLifecycle namespace;
    private String endpointUrl;
    private int port;

    private OpcUaServerHost(String threadPrefix) {
        this.executor = Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                ServerSupport.daemonThreads(threadPrefix));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                ServerSupport.daemonThreads(threadPrefix + "-scheduler"));
        this.eventLoop = new NioEventLoopGroup(0, ServerSupport.daemonThreads(threadPrefix + "-netty"));
    }

    /**
     * Binds and starts a server with SecurityPolicy None and anonymous access only.
     *
     * @see #start(Identity, String, int, ServerSecurity, Function)
     */
    public static OpcUaServerHost start(Identity identity, String bindAddress, int port,
                                        Function<OpcUaServer, ? extends ManagedNamespaceWithLifecycle> namespaces) {
        return start(identity, bindAddress, port, ServerSecurity.insecure(), namespaces);
    }

    /**
     * Binds and starts a server.
     *
     * @param identity    who the server is
     * @param bindAddress an IP address or host name to bind to
     * @param port        the TCP port; 0 picks a free one
     * @param security    the endpoints and identities the server offers and accepts
     * @param namespaces  creates, starts up and fills the namespace on a new Milo server (called again when a free
     *                    port was taken before the server bound it)
     * @return the running host; close it
     * @throws IllegalArgumentException when the bind address is unknown
     * @throws IllegalStateException    when the server cannot bind or start
     */
    public static OpcUaServerHost start(Identity identity, String bindAddress, int port, ServerSecurity security,
                                        Function<OpcUaServer, ? extends ManagedNamespaceWithLifecycle> namespaces) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(namespaces, "namespaces");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (pick a free port) or 1 … 65535: " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(Objects.requireNonNull(bindAddress, "bindAddress"));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress is not a known address: " + bindAddress, e);
        }
        OpcUaServerHost host = new OpcUaServerHost("plantctl-opcua");
        try {
            host.bindWithRetries(identity, address, port, security, namespaces);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        if (!security.insecureEndpoint()) {
            LOG.info("OPC UA endpoint {} offers {} with certificate validation (PKI {})", host.endpointUrl,
                    "Basic256Sha256 and Aes256_Sha256_RsaPss, Sign and SignAndEncrypt", security.pki());
            return host;
        }
        LOG.warn("OPC UA endpoint {} offers SecurityPolicy None with anonymous access: INSECURE, anyone who reaches "
                + "it can read the plant and write what it accepts. Use it on loopback for demos and tests only.",
                host.endpointUrl);
        if (!address.isLoopbackAddress()) {
            LOG.warn("the insecure endpoint is bound to {}, which is not a loopback address",
                    address.getHostAddress());
        }
        return host;
    }

    /** The endpoint URL clients connect to, e.g. {@code opc.tcp://127.0.0.1:49152/plantctl/greenhouse}. */
    public String endpointUrl() {
        return endpointUrl;
    }

    /** The server's application instance certificate; null when it offers SecurityPolicy None only. */
    public synchronized X509Certificate certificate() {
        return pki == null ? null : pki.certificate();
    }

    /** The TCP port the server listens on. */
    public int port() {
        return port;
    }

    private void bindWithRetries(Identity identity, InetAddress bindAddress, int requestedPort, ServerSecurity security,
                                 Function<OpcUaServer, ? extends ManagedNamespaceWithLifecycle> namespaces) {
        for (int attempt = 1; ; attempt++) {
            int candidate = requestedPort == 0 ? ServerSupport.freePort(bindAddress) : requestedPort;
            try {
                bind(identity, bindAddress, candidate, security, namespaces);
                return;
            } catch (BindFailure e) {
                if (requestedPort != 0 || attempt >= BIND_ATTEMPTS) {
                    throw new IllegalStateException("cannot bind the OPC UA server to " + bindAddress.getHostAddress()
                            + ":" + candidate, e.getCause());
                }
                LOG.info("free port {} was taken before the server bound it; trying another", candidate);
            }
        }
    }

    private void bind(Identity identity, InetAddress bindAddress, int candidate, ServerSecurity security,
                      Function<OpcUaServer, ? extends ManagedNamespaceWithLifecycle> namespaces) throws BindFailure {
        String hostname = bindAddress.isAnyLocalAddress() ? HostnameUtil.getHostname() : bindAddress.getHostAddress();
        ServerPki serverPki = ServerPki.open(security, identity, hostname, bindAddress);
        EndpointConfig.Builder endpoint = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(bindAddress.getHostAddress())
                .setBindPort(candidate)
                .setHostname(hostname)
                .setPath(identity.path());
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(identity.applicationUri())
                .setApplicationName(LocalizedText.english(identity.applicationName()))
                .setProductUri("urn:plantctl")
                .setBuildInfo(new BuildInfo("urn:plantctl", "plantctl", identity.applicationName(),
                        OpcUaServer.SDK_VERSION, "", DateTime.now()))
                .setEndpoints(serverPki.endpoints(endpoint))
                .setCertificateManager(serverPki.certificateManager())
                .setIdentityValidator(serverPki.identityValidator())
                .setExecutor(executor)
                .setScheduledExecutor(scheduler)
                .build();
        OpcUaServer milo = new OpcUaServer(config, profile -> new OpcTcpServerTransport(
                OpcTcpServerTransportConfig.newBuilder().setExecutor(executor).setEventLoop(eventLoop).build()));
        synchronized (this) {
            this.namespace = namespaces.apply(milo);
            this.server = milo;
            this.pki = serverPki;
        }
        try {
            milo.startup().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            stopMilo();
            if (causedByBind(e)) {
                throw new BindFailure(e);
            }
            throw new IllegalStateException("the OPC UA server failed to start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopMilo();
            throw new IllegalStateException("interrupted while starting the OPC UA server", e);
        }
        this.port = candidate;
        this.endpointUrl = "opc.tcp://" + hostname + ":" + candidate + identity.path();
    }

    /** Shuts the namespace and the server down and ends every thread this host started. Idempotent. */
    @Override
    public void close() {
        stopMilo();
        eventLoop.shutdownGracefully(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis());
        executor.shutdown();
        scheduler.shutdownNow();
        try {
            if (!executor.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    | !scheduler.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("OPC UA server threads did not end within {}", SHUTDOWN_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void stopMilo() {
        OpcUaServer milo = server;
        ManagedNamespaceWithLifecycle ns = namespace;
        ServerPki serverPki = pki;
        server = null;
        namespace = null;
        pki = null;
        if (serverPki != null) {
            serverPki.close();
        }
        if (milo == null) {
            return;
        }
        if (ns != null) {
            ns.shutdown();
        }
        try {
            milo.shutdown().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("OPC UA server shutdown did not complete cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** The port was taken between choosing and binding it. */
    private static final class BindFailure extends Exception {
        private static final long serialVersionUID = 1L;

        BindFailure(Throwable cause) {
            super(cause);
        }
    }
}
