package dev.plantctl.app;

import dev.plantctl.simulators.mqtt.MqttLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimMqttOptionsTest {

    @TempDir
    Path dir;

    @Test
    void aBrokerOfTheUsersNeedsTlsAndCredentialsUnlessMqttInsecure() {
        assertThatThrownBy(() -> parse().login("tcp://127.0.0.1:1883")).hasMessageContaining("is not TLS")
                .hasMessageContaining("--mqtt-insecure");
        assertThatThrownBy(() -> parse().login("ssl://broker:8883")).hasMessageContaining("--mqtt-user")
                .hasMessageContaining("--mqtt-insecure");
        assertThat(parse("--mqtt-insecure").login("tcp://127.0.0.1:1883")).isEqualTo(MqttLogin.ANONYMOUS);
    }

    @Test
    void thePasswordComesFromAFileOrTheEnvironment() throws Exception {
        Path password = Files.writeString(dir.resolve("printers.password"), "moonraker-secret\n");
        MqttLogin login = parse("--mqtt-user", "printers", "--mqtt-password-file", password.toString())
                .login("ssl://broker:8883");
        assertThat(login.user()).isEqualTo("printers");
        assertThat(login.password()).isEqualTo("moonraker-secret");
        assertThat(login.toString()).doesNotContain("moonraker-secret");
        assertThatThrownBy(() -> parse("--mqtt-user", "printers").login("ssl://broker:8883"))
                .hasMessageContaining("--mqtt-password-file or --mqtt-password-env");
        assertThatThrownBy(() -> parse("--mqtt-user", "printers", "--mqtt-password-env",
                "PLANTCTL_TEST_VARIABLE_THAT_IS_NOT_SET").login("ssl://broker:8883"))
                .hasMessageContaining("PLANTCTL_TEST_VARIABLE_THAT_IS_NOT_SET");
        assertThatThrownBy(() -> parse("--mqtt-user", "printers", "--mqtt-password-file",
                dir.resolve("absent").toString()).login("ssl://broker:8883")).hasMessageContaining("absent");
    }

    @Test
    void loginOptionsWithoutABrokerAreRefused() {
        assertThatThrownBy(() -> parse("--mqtt-user", "printers").requireNone()).hasMessageContaining("need --broker");
        parse().requireNone();
    }

    private static SimMqttOptions parse(String... options) {
        SimCommand sim = new SimCommand();
        String[] args = new String[options.length + 1];
        args[0] = "printer";
        System.arraycopy(options, 0, args, 1, options.length);
        new CommandLine(sim).parseArgs(args);
        return sim.mqtt;
    }
}
