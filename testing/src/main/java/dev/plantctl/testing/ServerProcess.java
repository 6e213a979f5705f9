package dev.plantctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One server process on a loopback port with a data directory of its own: started, killed, stopped and
 * restarted on the same port and with the same data, so that a test can fail the server mid-stream and let it
 * come back. The process writes its output to {@code server.log} in the directory; a start that fails quotes
 * its tail.
 */
public abstract class ServerProcess implements AutoCloseable {

    /** How long a start waits for the server to accept connections. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path directory;
    private final int port;
    private Process process;

    /**
     * @param name      the server's name in messages, e.g. {@code mosquitto}
     * @param directory the server's configuration and data directory (deleted by {@link #close()})
     * @param port      the loopback port it listens on
     */
    protected ServerProcess(String name, Path directory, int port) {
        this.name = name;
        this.directory = directory;
        this.port = port;
    }

    /** How long {@link #start()} waits for the server to be ready; {@link #START_TIMEOUT} unless overridden. */
    protected Duration startTimeout() {
        return START_TIMEOUT;
    }

    /** The command line that starts the server, configuration written beforehand. */
    protected abstract List<String> command();

    /** True when the server answers; by default when its port accepts a TCP connection. */
    protected boolean ready() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The loopback port the server listens on, the same across restarts. */
    public int port() {
        return port;
    }

    /** The server's configuration and data directory. */
    public Path directory() {
        return directory;
    }

    /** True while the server process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the server process and waits until it is ready.
     *
     * @throws IllegalStateException when it is running already, exits early or is not ready within
     *                               {@link #startTimeout()}, quoting the tail of its log
     */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is running already");
        }
        try {
            process = new ProcessBuilder(command()).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("server.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " (" + command().get(0) + "): " + e.getMessage(),
                    e);
        }
        long deadline = System.nanoTime() + startTimeout().toNanos();
        while (!ready()) {
            try {
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + " at start:\n"
                            + logTail());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException(name + " was not ready on port " + port + " within " + startTimeout()
                        + ":\n" + logTail());
            }
        }
    }

    /** Kills the server process at once ({@code SIGKILL}): it saves nothing. Waits until it is gone. */
    public synchronized void kill() {
        end(true);
    }

    /** Stops the server process ({@code SIGTERM}), letting it save its state and close connections. */
    public synchronized void stop() {
        end(false);
    }

    /**
     * Suspends the server process ({@code SIGSTOP}): it holds its connections open but answers nothing, like a hung
     * or swapped-out machine, until {@link #resume()}.
     *
     * @throws IllegalStateException when it is not running or the signal cannot be sent
     */
    public synchronized void pause() {
        signal("STOP");
    }

    /** Lets a {@linkplain #pause() suspended} server process continue ({@code SIGCONT}). */
    public synchronized void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        if (!isRunning()) {
            throw new IllegalStateException(name + " is not running: cannot send SIG" + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " (" + name + ") exited with "
                        + kill.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + name, e);
        }
    }

    /** Kills the server process and starts it again on the same port with the same data. */
    public synchronized void killAndRestart() {
        kill();
        start();
    }

    /** Stops the server process and starts it again on the same port with the same data. */
    public synchronized void stopAndRestart() {
        stop();
        start();
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** The last lines of the server's log, for failure messages. */
    public String logTail() {
        Path log = directory.resolve("server.log");
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills the server and deletes its directory. */
    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    /** A free TCP port on 127.0.0.1 at the time of the call. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    /** The executable named by an environment variable, or the default path when the variable is unset. */
    static String executable(String variable, String defaultPath) {
        String value = System.getenv(variable);
        String path = value == null || value.isBlank() ? defaultPath : value;
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " is not an executable (set " + variable
                    + ", or run scripts/test, which installs it from Debian's packages)");
        }
        return path;
    }

    static Path tempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
