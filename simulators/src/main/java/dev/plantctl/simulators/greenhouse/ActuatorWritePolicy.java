package dev.plantctl.simulators.greenhouse;

import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * What a careful PLC accepts on an actuator's Value: a whole scalar Double, finite and inside the actuator's
 * EURange. Anything else is refused with a Bad status and never applied.
 */
final class ActuatorWritePolicy {

    private ActuatorWritePolicy() {
    }

    /**
     * Checks one write.
     *
     * @param actuator   the actuator written
     * @param indexRange the write's index range, {@code null} or empty for a whole value
     * @param value      the written Variant's value, {@code null} for a null Variant
     * @return Good; Bad_IndexRangeInvalid for a partial write of the scalar; Bad_TypeMismatch when the value is no
     *     Double; Bad_OutOfRange when it is NaN, infinite or outside the actuator's limits
     */
    static StatusCode check(Actuator actuator, String indexRange, Object value) {
        if (indexRange != null && !indexRange.isEmpty()) {
            return new StatusCode(StatusCodes.Bad_IndexRangeInvalid);
        }
        if (!(value instanceof Double d)) {
            return new StatusCode(StatusCodes.Bad_TypeMismatch);
        }
        return actuator.accepts(d) ? StatusCode.GOOD : new StatusCode(StatusCodes.Bad_OutOfRange);
    }
}
