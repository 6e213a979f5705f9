package dev.plantctl.app;

import dev.plantctl.connectors.Secret;
import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.simulators.mqtt.MqttLogin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The printer farm's MQTT login options of {@code plantctl sim printer --broker}: the same as the printer job's
 * {@code mqtt.*} keys (deploy/README.md). A broker of the user's needs TLS ({@code ssl://}) and credentials unless
 * {@code --mqtt-insecure} says otherwise; passwords come from files or environment variables, never the command line.
 */
final class SimMqttOptions {

    @Option(names = "--mqtt-user", description = "With --broker: the printers' MQTT user name.")
    String user;

    @Option(names = "--mqtt-password-file", description = "With --mqtt-user: the file holding the password.")
    Path passwordFile;

    @Option(names = "--mqtt-password-env",
            description = "With --mqtt-user: the environment variable holding the password.")
    String passwordEnv;

    @Option(names = "--mqtt-trust-store", description = {"With an ssl:// --broker: a PKCS12 or JKS trust store holding",
            "the broker's certificate or its CA (default: the JVM's trust)."})
    Path trustStore;

    @Option(names = "--mqtt-trust-store-type", defaultValue = "PKCS12",
            description = "PKCS12 or JKS (default: ${DEFAULT-VALUE}).")
    String trustStoreType;

    @Option(names = "--mqtt-trust-store-password-file", description = "The file holding the trust store's password.")
    Path trustStorePasswordFile;

    @Option(names = "--mqtt-trust-store-password-env",
            description = "The environment variable holding the trust store's password.")
    String trustStorePasswordEnv;

    @Option(names = "--mqtt-insecure", description = {"With --broker: allow tcp:// and connecting without credentials",
            "(loopback and tests only; logged)."})
    boolean insecure;

    /**
     * The printers' login on a broker of the user's.
     *
     * @throws IllegalArgumentException naming the option when TLS or credentials are missing without --mqtt-insecure,
     *                                  or a secret or the trust store cannot be read
     */
    MqttLogin login(String brokerUrl) {
        MqttBroker broker;
        if (insecure) {
            broker = MqttBroker.insecure(brokerUrl);
        } else if (!brokerUrl.startsWith("ssl://")) {
            throw new IllegalArgumentException("--broker " + brokerUrl + " is not TLS (ssl://host:port); a broker"
                    + " without TLS needs --mqtt-insecure");
        } else if (user == null) {
            throw new IllegalArgumentException("--mqtt-user (with --mqtt-password-file or --mqtt-password-env) is"
                    + " required for the TLS broker " + brokerUrl + "; a broker without credentials needs"
                    + " --mqtt-insecure");
        } else {
            broker = MqttBroker.secure(brokerUrl);
        }
        if (user != null) {
            broker = broker.credentials(user, secret(passwordFile, passwordEnv, "--mqtt-password"));
        }
        if (trustStore != null) {
            broker = broker.trustStore(trustStore, trustStoreType, secret(trustStorePasswordFile,
                    trustStorePasswordEnv, "--mqtt-trust-store-password"));
        }
        broker.check("plantctl sim printer");
        try {
            return new MqttLogin(broker.user(), broker.user() == null ? null : broker.password().value(),
                    broker.isTls() && trustStore != null ? broker.sslContext().getSocketFactory() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses login options without --broker: the embedded broker is anonymous. */
    void requireNone() {
        if (user != null || passwordFile != null || passwordEnv != null || trustStore != null || insecure) {
            throw new IllegalArgumentException("--mqtt-* options need --broker: the embedded broker is anonymous"
                    + " and plain TCP, on loopback");
        }
    }

    private static Secret secret(Path file, String env, String option) {
        if (file != null && env != null) {
            throw new IllegalArgumentException(option + "-file and " + option + "-env are both set; give one");
        }
        if (file != null) {
            return Secret.fromFile(file);
        }
        if (env != null) {
            return Secret.fromEnv(env);
        }
        throw new IllegalArgumentException("the password is missing: give " + option + "-file or " + option + "-env");
    }
}
