package dev.plantctl.simulators.mqtt;

import javax.net.ssl.SSLSocketFactory;

/**
 * How a simulator's MQTT clients log in to a broker of the user's: a user name and password (as Moonraker's
 * {@code [mqtt] username} and {@code password_file}), and for {@code ssl://} brokers the TLS socket factory that
 * trusts the broker's certificate (the broker's host name is checked too).
 *
 * @param user          the user name, or null for anonymous
 * @param password      the password, or null for anonymous; never logged ({@link #toString()} leaves it out)
 * @param socketFactory the TLS sockets of {@code ssl://} brokers, or null for the JVM's default trust
 */
public record MqttLogin(String user, String password, SSLSocketFactory socketFactory) {

    /** Anonymous, and the JVM's default trust for {@code ssl://}: the embedded broker, or a loopback test broker. */
    public static final MqttLogin ANONYMOUS = new MqttLogin(null, null, null);

    /** @throws IllegalArgumentException when a user comes without a password or a password without a user */
    public MqttLogin {
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("an MQTT login needs both a user and a password, or neither");
        }
    }

    @Override
    public String toString() {
        return (user == null ? "anonymous" : "user " + user) + (socketFactory == null ? "" : ", own TLS trust");
    }
}
