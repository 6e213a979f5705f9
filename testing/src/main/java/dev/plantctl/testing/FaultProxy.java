package dev.plantctl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port in front of a real server, for network faults that the server itself cannot
 * make: {@link #stall()} stops forwarding while every connection stays open (a hung switch, a full buffer),
 * {@link #drop()} swallows every byte in both directions (a black hole), {@link #reset()} aborts every open
 * connection with a TCP reset, and {@link #heal()} forwards again. Connections made while stalled or dropping are
 * accepted and treated the same way. Each connection is pumped by two daemon threads.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with the bytes. */
    public enum Mode {
        /** Forwards. */
        FORWARD,
        /** Holds them: nothing is read, so the peers' buffers fill and their writes block. */
        STALL,
        /** Reads and discards them. */
        DROP
    }

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Object modeChanged = new Object();
    private final AtomicLong connections = new AtomicLong();
    private volatile Mode mode = Mode.FORWARD;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fault-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to {@code host:port}.
     *
     * @throws IllegalStateException when no local port can be bound
     */
    public static FaultProxy to(String host, int port) {
        try {
            return new FaultProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the fault proxy: " + e.getMessage(), e);
        }
    }

    /** The local port clients connect to instead of the server's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** How many client connections the proxy has accepted. */
    public long connections() {
        return connections.get();
    }

    /** Stops forwarding; connections stay open. */
    public void stall() {
        setMode(Mode.STALL);
    }

    /** Swallows every byte; connections stay open. */
    public void drop() {
        setMode(Mode.DROP);
    }

    /** Forwards again. */
    public void heal() {
        setMode(Mode.FORWARD);
    }

    /** Aborts every open connection with a TCP reset (RST); new connections are forwarded as the mode says. */
    public void reset() {
        for (Socket s : open) {
            abort(s);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        reset();
        heal();
    }

    private void setMode(Mode next) {
        synchronized (modeChanged) {
            mode = next;
            modeChanged.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 5_000);
                connections.incrementAndGet();
                open.add(client);
                open.add(server);
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    awaitNoStall();
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    awaitNoStall();
                    if (mode == Mode.FORWARD) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the peer or the proxy closed the connection
            } finally {
                abort(from);
                abort(to);
            }
        }, "fault-proxy-" + direction + "-" + from.getPort());
        t.setDaemon(true);
        t.start();
    }

    private void awaitNoStall() throws InterruptedException {
        synchronized (modeChanged) {
            while (mode == Mode.STALL && !closed) {
                modeChanged.wait();
            }
        }
    }

    private void abort(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
