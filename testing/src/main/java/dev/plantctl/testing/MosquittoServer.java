package dev.plantctl.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker (the Debian package's {@code /usr/sbin/mosquitto}, or {@code PLANTCTL_MOSQUITTO_BIN})
 * on a free loopback port, with persistence in a temporary directory, so that persistent sessions and their
 * queued messages survive {@link #stopAndRestart()}.
 *
 * <p>Mosquitto drops QoS 1 and 2 messages silently for a client that has more than {@code max_queued_messages}
 * waiting (1000 by default): the fixture sets it to {@value #DEFAULT_MAX_QUEUED_MESSAGES} and lifts the in-flight
 * limit, so a test that pauses a consumer loses nothing to the broker's defaults. Mosquitto writes its
 * persistence file only on a clean stop and at its autosave interval: {@link #kill()} loses whatever it held in
 * memory since, which is the broker's durability, not a client's.
 *
 * <pre>{@code
 * try (MosquittoServer broker = MosquittoServer.builder().start()) {
 *     String url = broker.url();           // tcp://127.0.0.1:<port>
 *     broker.stopAndRestart();             // same port, sessions kept
 * }
 * }</pre>
 */
public final class MosquittoServer extends ServerProcess {

    /** The environment variable naming the broker executable. */
    public static final String BIN_VARIABLE = "PLANTCTL_MOSQUITTO_BIN";
    /** Where Debian installs the broker. */
    public static final String DEFAULT_BIN = "/usr/sbin/mosquitto";
    /** The queue limit per client this fixture configures. */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 1_000_000;

    private final String executable;
    private final boolean tls;

    private MosquittoServer(Builder b, Path directory, int port) {
        super("mosquitto", directory, port);
        this.executable = executable(BIN_VARIABLE, DEFAULT_BIN);
        this.tls = b.certificateFile != null;
        List<String> conf = new ArrayList<>();
        conf.add("user root");
        conf.add("listener " + port + " 127.0.0.1");
        conf.add("persistence true");
        conf.add("persistence_location " + directory + "/");
        conf.add("max_queued_messages " + b.maxQueuedMessages);
        conf.add("max_queued_bytes 0");
        conf.add("max_inflight_messages 0");
        conf.add("set_tcp_nodelay true");
        if (!b.accounts.isEmpty()) {
            Path passwords = directory.resolve("passwords");
            write(passwords, "");
            b.accounts.forEach((user, password) -> runPasswd(passwords, user, password));
            conf.add("allow_anonymous false");
            conf.add("password_file " + passwords);
        } else {
            conf.add("allow_anonymous true");
        }
        if (b.acl != null) {
            Path acl = directory.resolve("acl");
            write(acl, b.acl);
            conf.add("acl_file " + acl);
        }
        if (tls) {
            conf.add("certfile " + b.certificateFile);
            conf.add("keyfile " + b.keyFile);
        }
        write(directory.resolve("mosquitto.conf"), String.join("\n", conf) + "\n");
    }

    /** A builder: anonymous plain TCP, no ACL, the queue limit above. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected List<String> command() {
        return List.of(executable, "-c", directory().resolve("mosquitto.conf").toString());
    }

    /** The broker URL, {@code tcp://127.0.0.1:<port>} or {@code ssl://127.0.0.1:<port>} with TLS. */
    public String url() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port();
    }

    private static void runPasswd(Path file, String user, String password) {
        try {
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", file.toString(), user, password)
                    .redirectErrorStream(true).start();
            if (!p.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("mosquitto_passwd failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run mosquitto_passwd: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running mosquitto_passwd", e);
        }
    }

    /** Options of a {@link MosquittoServer}. */
    public static final class Builder {
        private int maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;
        private final Map<String, String> accounts = new LinkedHashMap<>();
        private String acl;
        private Path certificateFile;
        private Path keyFile;

        private Builder() {
        }

        /** Mosquitto's {@code max_queued_messages} per client; 0 means no limit. */
        public Builder maxQueuedMessages(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxQueuedMessages must be >= 0: " + max);
            }
            this.maxQueuedMessages = max;
            return this;
        }

        /** An account in the broker's password file; with one or more, only accounts may connect (no anonymous). */
        public Builder credentials(String user, String password) {
            accounts.put(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
            return this;
        }

        /**
         * Mosquitto's access control list ({@code acl_file}, see {@code mosquitto.conf(5)}): {@code user <name>}
         * followed by {@code topic read|write|readwrite <filter>} lines. With an ACL a client may touch only the
         * topics it grants; Mosquitto refuses an MQTT 5 publication beyond them with reason code 0x87 (not
         * authorized) and drops an MQTT 3.1.1 one silently.
         */
        public Builder acl(String rules) {
            this.acl = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /** Serves TLS only, with this PEM certificate (chain) and PEM private key. */
        public Builder tls(Path certificateFile, Path keyFile) {
            this.certificateFile = Objects.requireNonNull(certificateFile, "certificateFile");
            this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
            return this;
        }

        /** Creates the configuration in a temporary directory and starts the broker on a free port. */
        public MosquittoServer start() {
            MosquittoServer server = new MosquittoServer(this, tempDirectory("plantctl-mosquitto-"), freePort());
            try {
                server.start();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }
}
