package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.core.RawSample;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OpcUaSourceReaderTest {

    private static final Instant SOURCE = Instant.parse("2026-02-01T06:15:00Z");
    private static final Instant SERVER = Instant.parse("2026-11-27T02:00:00Z");

    private static DataValue value(Object v, long status) {
        return new DataValue(new Variant(v), StatusCode.of(status), new DateTime(SOURCE), new DateTime(SERVER));
    }

    @Test
    void numbersKeepTheirValueTypeAndBothTimestamps() {
        RawSample s = OpcUaSourceReader.toSample("opc.tcp://h:1", "ns=2;s=a", value(21.5, 0));
        assertThat(s.value()).isEqualTo(21.5);
        assertThat(s.valueType()).isEqualTo("Double");
        assertThat(s.sourceTime()).isEqualTo(SOURCE);
        assertThat(s.serverTime()).isEqualTo(SERVER);
        assertThat(s.isGood()).isTrue();
    }

    @Test
    void nonNumbersBecomeNaNWithTheirTypeAndStatusTravels() {
        RawSample s = OpcUaSourceReader.toSample("opc.tcp://h:1", "ns=2;s=a", value("hot", 0x80000000L));
        assertThat(s.value()).isNaN();
        assertThat(s.valueType()).isEqualTo("String");
        assertThat(s.isGood()).isFalse();
        assertThat(OpcUaSourceReader.toSample("x", "a", value(true, 0)).value()).isEqualTo(1.0);
    }

    @Test
    void missingSourceTimeFallsBackToServerTime() {
        DataValue v = new DataValue(new Variant(1.0), StatusCode.GOOD, null, new DateTime(SERVER));
        assertThat(OpcUaSourceReader.toSample("x", "a", v).sourceTime()).isEqualTo(SERVER);
    }
}
