package dev.plantctl.simulators.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PahoMqttLinkTest {

    @Test
    void topicFiltersMatchAsMqttDefinesThem() {
        assertThat(PahoMqttLink.matches("p1/moonraker/api/request", "p1/moonraker/api/request")).isTrue();
        assertThat(PahoMqttLink.matches("+/moonraker/api/request", "p7/moonraker/api/request")).isTrue();
        assertThat(PahoMqttLink.matches("p1/#", "p1/klipper/state/extruder/temperature")).isTrue();
        assertThat(PahoMqttLink.matches("p1/#", "p1")).isTrue();
        assertThat(PahoMqttLink.matches("p1/+", "p1/a/b")).isFalse();
        assertThat(PahoMqttLink.matches("p1/moonraker/api/request", "p2/moonraker/api/request")).isFalse();
        assertThat(PahoMqttLink.matches("p1/moonraker/api", "p1/moonraker/api/request")).isFalse();
    }

    @Test
    void anUnreachableBrokerFailsWithItsAddress() {
        assertThatThrownBy(() -> PahoMqttLink.connect("tcp://127.0.0.1:1", "plantctl-test", null,
                Duration.ofSeconds(2), MqttLogin.ANONYMOUS)).isInstanceOf(IllegalStateException.class).hasMessageContaining("127.0.0.1:1");
        assertThatThrownBy(() -> PahoMqttLink.connect("http://example", "plantctl-test", null, Duration.ofSeconds(1),
                MqttLogin.ANONYMOUS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
