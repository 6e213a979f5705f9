package dev.plantctl.simulators.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.junit.jupiter.api.Test;

class ActuatorWritePolicyTest {

    @Test
    void acceptsFiniteDoublesWithinTheLimits() {
        assertThat(ActuatorWritePolicy.check(Actuator.HEATING, null, 0.0)).isEqualTo(StatusCode.GOOD);
        assertThat(ActuatorWritePolicy.check(Actuator.HEATING, "", 150.0)).isEqualTo(StatusCode.GOOD);
        assertThat(ActuatorWritePolicy.check(Actuator.CO2_SUPPLY, null, 1.2)).isEqualTo(StatusCode.GOOD);
    }

    @Test
    void refusesOtherTypesAsTypeMismatch() {
        assertThat(ActuatorWritePolicy.check(Actuator.HEATING, null, 50).getValue())
                .isEqualTo(StatusCodes.Bad_TypeMismatch);
        assertThat(ActuatorWritePolicy.check(Actuator.HEATING, null, 50f).getValue())
                .isEqualTo(StatusCodes.Bad_TypeMismatch);
        assertThat(ActuatorWritePolicy.check(Actuator.HEATING, null, "50").getValue())
                .isEqualTo(StatusCodes.Bad_TypeMismatch);
        assertThat(ActuatorWritePolicy.check(Actuator.HEATING, null, null).getValue())
                .isEqualTo(StatusCodes.Bad_TypeMismatch);
    }

    @Test
    void refusesNonFiniteAndOutOfRangeValuesAsOutOfRange() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.001, 7.6}) {
            assertThat(ActuatorWritePolicy.check(Actuator.VENTILATION, null, bad).getValue()).as("%s", bad)
                    .isEqualTo(StatusCodes.Bad_OutOfRange);
        }
    }

    @Test
    void refusesPartialWrites() {
        assertThat(ActuatorWritePolicy.check(Actuator.HEATING, "0", 1.0).getValue())
                .isEqualTo(StatusCodes.Bad_IndexRangeInvalid);
    }
}
