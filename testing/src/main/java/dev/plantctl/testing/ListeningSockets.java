package dev.plantctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP sockets this JVM listens on, read from Linux's {@code /proc}: the LISTEN entries of
 * {@code /proc/self/net/tcp} and {@code tcp6} whose inode is one of this process's open file descriptors
 * ({@code /proc/self/fd/* -> socket:[inode]}), so listeners of other processes on the machine are left out. What
 * {@code ss -ltnp} shows for this process, without iproute2.
 */
public final class ListeningSockets {

    /** One listening socket: the local address and port. */
    public record Listener(InetAddress address, int port) {

        /** True when only this host can connect: 127.0.0.0/8 or ::1 (an IPv4-mapped loopback counts). */
        public boolean loopback() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            String host = address.getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Work during which listeners are watched. */
    @FunctionalInterface
    public interface Work {
        /** Does the work. */
        void run() throws Exception;
    }

    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(20);
    private static final String LISTEN = "0A";
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private ListeningSockets() {
    }

    /**
     * The sockets this process listens on now.
     *
     * @throws UncheckedIOException when {@code /proc} cannot be read (not Linux)
     */
    public static List<Listener> ofThisProcess() {
        Path proc = Path.of("/proc/self");
        Set<Long> inodes = socketInodes(proc.resolve("fd"));
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            for (String line : lines(proc.resolve(table))) {
                Listener l = parseListener(line, inodes);
                if (l != null) {
                    listeners.add(l);
                }
            }
        }
        return listeners;
    }

    /**
     * Every socket this process listened on while the work ran: read when the work starts, every 20 ms from a thread
     * of its own while it runs, and when it ends. For listeners that live as long as a run (a server, a Flink
     * MiniCluster), not for one that opens and closes between two reads.
     *
     * @throws Exception what the work threw, or why reading {@code /proc} failed
     */
    public static Set<Listener> seenWhile(Work work) throws Exception {
        Set<Listener> seen = ConcurrentHashMap.newKeySet();
        seen.addAll(ofThisProcess());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "listening-sockets-sampler");
            t.setDaemon(true);
            return t;
        });
        try {
            ScheduledFuture<?> sampling = sampler.scheduleWithFixedDelay(() -> seen.addAll(ofThisProcess()), 0,
                    SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            work.run();
            if (sampling.isDone()) {
                sampling.get(); // a periodic task is done before its cancellation only when it failed: say why
            }
            seen.addAll(ofThisProcess());
        } finally {
            sampler.shutdownNow();
            if (!sampler.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the listening-sockets sampler did not stop within 10 s");
            }
        }
        return Set.copyOf(seen);
    }

    /**
     * Parses one line of {@code /proc/net/tcp} or {@code tcp6}: the listener it describes when it is in LISTEN state
     * and its inode is in {@code inodes}, null otherwise (the header, other states, other processes' sockets).
     *
     * @throws IllegalArgumentException when a socket line is malformed, quoting it
     */
    static Listener parseListener(String line, Set<Long> inodes) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[0].endsWith(":")) {
            return null;
        }
        if (!f[3].equals(LISTEN) || !inodes.contains(Long.parseLong(f[9]))) {
            return null;
        }
        int colon = f[1].indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no address:port in /proc/net/tcp line: " + line);
        }
        return new Listener(address(f[1].substring(0, colon), line), Integer.parseInt(f[1].substring(colon + 1), 16));
    }

    /**
     * The kernel prints an address as 32-bit words in host byte order: 8 hex digits for IPv4, 32 for IPv6.
     */
    private static InetAddress address(String hex, String line) {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("address of " + hex.length() + " hex digits in: " + line);
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = (word * 4 + b) * 2;
                int to = LITTLE_ENDIAN ? word * 4 + 3 - b : word * 4 + b;
                bytes[to] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in: " + line, e);
        }
    }

    private static Set<Long> socketInodes(Path fdDir) {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (NoSuchFileException closedMeanwhile) {
                    continue;
                }
                Matcher m = SOCKET_LINK.matcher(target);
                if (m.matches()) {
                    inodes.add(Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + fdDir, e);
        }
        return inodes;
    }

    private static List<String> lines(Path table) {
        try {
            return Files.readAllLines(table);
        } catch (NoSuchFileException noIpv6) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + table, e);
        }
    }
}
