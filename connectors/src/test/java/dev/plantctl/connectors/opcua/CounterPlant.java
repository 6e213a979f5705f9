package dev.plantctl.connectors.opcua;

import dev.plantctl.simulators.opcua.OpcUaServerHost;
import dev.plantctl.simulators.opcua.PushedValuesNamespace;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plant whose every value moves on every step, so that a reading lost or read twice shows: a real Milo server
 * (the simulators' {@link OpcUaServerHost} with a {@link PushedValuesNamespace}, historized as the simulators are)
 * whose nodes {@code n1 … nN} all hold the step number k, stamped {@link #START} + k seconds, pushed to their
 * monitored items at each step. A thread of its own takes a step every {@code interval} of wall time from step 0
 * to {@code lastStep}, whatever its clients do.
 */
final class CounterPlant implements AutoCloseable {

    static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
    static final String NAMESPACE_URI = "urn:plantctl:test:counter";

    private final OpcUaServerHost host;
    private final ScheduledExecutorService stepper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "counter-plant-steps");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong step = new AtomicLong();
    private volatile CounterNamespace namespace;

    private CounterPlant(int nodes, int historyDepth, long lastStep, Duration interval) {
        host = OpcUaServerHost.start(new OpcUaServerHost.Identity("urn:plantctl:test:counter:server",
                "plantctl counter plant", "/counter"), "127.0.0.1", 0, milo -> {
                    CounterNamespace ns = new CounterNamespace(milo, nodes, historyDepth);
                    ns.startup();
                    ns.publish(0);
                    namespace = ns;
                    return ns;
                });
        stepper.scheduleAtFixedRate(() -> {
            if (step.get() < lastStep) {
                namespace.publish(step.incrementAndGet());
            }
        }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Starts the server and its steps.
     *
     * @param historyDepth values kept per node for HistoryRead; 0 keeps none
     */
    static CounterPlant start(int nodes, int historyDepth, long lastStep, Duration interval) {
        return new CounterPlant(nodes, historyDepth, lastStep, interval);
    }

    String endpointUrl() {
        return host.endpointUrl();
    }

    /** The source's address of node {@code n<i>}. */
    static String nodeId(int i) {
        return "nsu=" + NAMESPACE_URI + ";s=n" + i;
    }

    /** The source time of step {@code k}. */
    static Instant timeOf(long k) {
        return START.plusSeconds(k);
    }

    /** The step last published. */
    long step() {
        return step.get();
    }

    @Override
    public void close() {
        stepper.shutdownNow();
        host.close();
    }

    private static final class CounterNamespace extends PushedValuesNamespace {
        private final int count;
        private final List<NodeId> ids = new ArrayList<>();

        CounterNamespace(OpcUaServer server, int count, int historyDepth) {
            super(server, NAMESPACE_URI, historyDepth);
            this.count = count;
        }

        @Override
        protected void createNodes() {
            for (int i = 1; i <= count; i++) {
                ids.add(statusNode(newNodeId("n" + i), "n" + i, NodeIds.Double, "the step number").getNodeId());
            }
        }

        synchronized void publish(long k) {
            DateTime source = new DateTime(timeOf(k));
            DateTime server = DateTime.now();
            for (NodeId id : ids) {
                setValue(id, (double) k, source, server);
            }
            push(this::isSignal);
        }
    }
}
