package dev.plantctl.connectors.opcua;

import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SetpointRetryPolicyTest {

    @Test
    void backoffDoublesUpToItsCap() {
        SetpointRetryPolicy p = new SetpointRetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(350), Set.of());
        assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.backoffAfter(3)).isEqualTo(Duration.ofMillis(350));
        assertThat(p.backoffAfter(5)).isEqualTo(Duration.ofMillis(350));
    }

    @Test
    void theDefaultsRetryTransientStatusesOnlyAndNoneRetriesNothing() {
        assertThat(SetpointRetryPolicy.defaults().retries(StatusCodes.Bad_Timeout)).isTrue();
        assertThat(SetpointRetryPolicy.defaults().retries(StatusCodes.Bad_OutOfRange)).isFalse();
        assertThat(SetpointRetryPolicy.none().maxAttempts()).isEqualTo(1);
        assertThat(SetpointRetryPolicy.none().retries(StatusCodes.Bad_Timeout)).isFalse();
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new SetpointRetryPolicy(0, Duration.ZERO, Duration.ZERO, Set.of()))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new SetpointRetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(1), Set.of()))
                .hasMessageContaining("initialBackoff");
    }
}
